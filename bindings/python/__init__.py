"""The Sightline SDK for Python: join a remote assistance session from a camera of your own,
stream its frames, act on the technicians' commands, see their annotations, chat.

The API is the generated bindings' (`sightline.sightline`, made by bindings/generate.sh),
over the library beside them (`libsightline.so`). Async methods are asyncio coroutines.
"""

from . import sightline as _bindings
from .sightline import *  # noqa: F401,F403 (the SDK's API is the bindings')

# The bindings carry a checksum of every function of the library they were generated from,
# and uniffi's Python bindings do not check them: check them here, so that a library of
# another version fails at import with InternalError instead of misbehaving later.
_bindings._uniffi_check_api_checksums(_bindings._UniffiLib)
