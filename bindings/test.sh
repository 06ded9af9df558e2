#!/usr/bin/env bash
# Tests the SDK's generated bindings from their own languages:
#   1. bindings/generated/ is what the library generates (Kotlin, Swift, Python),
#   2. the Python wheel is built from the library and installed into a throwaway
#      environment, and pytest drives the SDK from there (scanner, the whole session loop
#      against a real server, misuse), and runs the Python guide's example
#      (docs/guides/examples/python) with it,
#   3. Maven + JUnit 5 drive the Kotlin bindings on the JVM through JNA, the Kotlin guide's
#      example (docs/guides/examples/kotlin) included.
#
# Needs, already built:
#   SIGHTLINE_BINDINGS_LIB  the cdylib (target/<profile>/libsightline.so)
#   SIGHTLINE_BIN           the `sightline` server binary
# and python3 (3.11+) with bindings/tests/python/requirements.txt, Maven and a JDK 17.
set -euo pipefail

: "${SIGHTLINE_BINDINGS_LIB:?set SIGHTLINE_BINDINGS_LIB to the built libsightline.so}"
: "${SIGHTLINE_BIN:?set SIGHTLINE_BIN to the sightline server binary}"
here="$(cd "$(dirname "$0")" && pwd)"
export SIGHTLINE_BINDINGS_LIB SIGHTLINE_BIN
export PYTHONDONTWRITEBYTECODE=1

"$here/generate.sh" --check

library_dir="$(mktemp -d)"
work="$(mktemp -d)"
trap 'rm -rf "$library_dir" "$work"' EXIT

# Python: the wheel, built from the library and pip-installed into a folder of its own that
# pytest imports the SDK from (the test requirements come from the calling environment).
wheel="$(python3 "$here/python/build_wheel.py" --library "$SIGHTLINE_BINDINGS_LIB" --out "$work/dist")"
python3 -m pip install --quiet --disable-pip-version-check --no-index --no-deps --target "$work/site" "$wheel"
(cd "$here/tests/python" && PYTHONPATH="$work/site" python3 -m pytest -q)
(cd "$here/../docs/guides/examples/python" && PYTHONPATH="$work/site" python3 -m pytest -q)

# Kotlin: JNA looks the library up by its name, libsightline.so, in jna.library.path.
ln -s "$(realpath "$SIGHTLINE_BINDINGS_LIB")" "$library_dir/libsightline.so"
(cd "$here/tests/kotlin" && mvn -B --no-transfer-progress test -Djna.library.path="$library_dir")
