"""A real `sightline serve` for the interop tests, on a free loopback port."""

import os
import sys
from pathlib import Path

import aioice.ice
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from sightline_server import sightline_server  # noqa: E402

# These tests exchange media on 127.0.0.1 only. aioice leaves the loopback
# address out of its candidates, so it is the only one it may use here.
aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ["127.0.0.1"] if use_ipv4 else []


@pytest.fixture
def server():
    binary = os.environ.get("SIGHTLINE_BIN")
    if not binary:
        pytest.fail("set SIGHTLINE_BIN to the sightline binary (scripts/test-all does)")
    with sightline_server(binary, "admin@interop.example") as started:
        yield started
