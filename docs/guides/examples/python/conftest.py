"""The bindings' own test fixtures (the generated module loaded with the built library, a
real server), for the guide's example."""

import importlib.util
from pathlib import Path

_BINDINGS_TESTS = Path(__file__).resolve().parents[4] / "bindings" / "tests" / "python"
_spec = importlib.util.spec_from_file_location("bindings_conftest", _BINDINGS_TESTS / "conftest.py")
_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_fixtures)

sightline = _fixtures.sightline
server = _fixtures.server
