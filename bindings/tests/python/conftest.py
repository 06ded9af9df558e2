"""Loads the generated Python bindings with the built cdylib, and runs a real server.

Environment:
  SIGHTLINE_BINDINGS_LIB  path of the built libsightline.so
  SIGHTLINE_BIN           path of the `sightline` server binary (session tests only)
"""

import importlib
import json
import os
import shutil
import sys
import tempfile
import urllib.request
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "tests" / "support"))
from sightline_server import sightline_server  # noqa: E402

GENERATED = Path(__file__).resolve().parents[2] / "generated" / "python" / "sightline.py"
ADMIN_EMAIL = "admin@bindings.example"


def _required_env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"set {name} (bindings/test.sh does)")
    return value


@pytest.fixture(scope="session")
def sightline():
    """The generated module, loading the cdylib named by SIGHTLINE_BINDINGS_LIB.

    The generated loader looks for libsightline.so next to the module, so both are put
    together in a temporary folder that goes first on the import path.
    """
    library = Path(_required_env("SIGHTLINE_BINDINGS_LIB")).resolve()
    with tempfile.TemporaryDirectory() as folder:
        shutil.copy(GENERATED, folder)
        os.symlink(library, Path(folder) / "libsightline.so")
        sys.path.insert(0, folder)
        try:
            yield importlib.import_module("sightline")
        finally:
            sys.path.remove(folder)


class Server:
    """A running `sightline serve` and a signed-in technician's HTTP client."""

    def __init__(self, url: str, password: str):
        self.url = url
        me, cookie = self._post("/api/auth/login", {"email": ADMIN_EMAIL, "password": password}, {})
        # The session cookie, sent back by hand: only its name=value part matters.
        self._headers = {"Cookie": cookie, "X-CSRF-Token": me["csrf_token"]}

    def _post(self, path: str, body: dict, headers: dict) -> tuple[dict, str]:
        request = urllib.request.Request(
            self.url + path,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json", **headers},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            pairs = [value.split(";", 1)[0] for value in response.headers.get_all("Set-Cookie") or []]
            return json.load(response), next((p for p in pairs if p.startswith("sightline_session=")), "")

    def start_session(self) -> str:
        """Starts a session as the technician and returns its join code."""
        session, _ = self._post("/api/sessions", {}, self._headers)
        return session["join"]["code"]


@pytest.fixture
def server():
    with sightline_server(_required_env("SIGHTLINE_BIN"), ADMIN_EMAIL) as started:
        yield Server(started.url, started.admin_password)
