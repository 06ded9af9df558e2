"""A real `sightline serve` for the interop tests, on a free loopback port."""

import os
import re
import socket
import subprocess
import tempfile
import time

import aioice.ice
import pytest

# These tests exchange media on 127.0.0.1 only. aioice leaves the loopback
# address out of its candidates, so it is the only one it may use here.
aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ["127.0.0.1"] if use_ipv4 else []


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, url: str, email: str, password: str, process: subprocess.Popen):
        self.url = url
        self.email = email
        self.password = password
        self.process = process


@pytest.fixture
def server():
    binary = os.environ.get("SIGHTLINE_BIN")
    if not binary:
        pytest.fail("set SIGHTLINE_BIN to the sightline binary (scripts/test-all does)")
    with tempfile.TemporaryDirectory() as data_dir:
        port = _free_port()
        process = subprocess.Popen(
            [binary, "serve", "--listen", f"127.0.0.1:{port}", "--data-dir", data_dir,
             "--admin-email", "admin@interop.example", "--rtc-loopback-only"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
            env={**os.environ, "SIGHTLINE_LOG": "warn"},
        )
        password = None
        deadline = time.monotonic() + 30
        assert process.stdout is not None
        for line in process.stdout:
            found = re.search(r"with password (\S+)", line)
            if found:
                password = found.group(1)
            if line.startswith("Sightline console:"):
                break
            if time.monotonic() > deadline:
                break
        assert password, "the server did not print the first admin's password"
        try:
            yield Server(f"http://127.0.0.1:{port}", "admin@interop.example", password, process)
        finally:
            process.terminate()
            process.wait(timeout=10)
