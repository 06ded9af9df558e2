"""Imports the SDK from its installed wheel (bindings/test.sh builds and installs it into a
throwaway environment), and runs a real server.

Environment:
  SIGHTLINE_BIN           path of the `sightline` server binary (session tests only)
"""

import importlib
import json
import os
import sys
import urllib.request
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "tests" / "support"))
from sightline_server import sightline_server  # noqa: E402

REPO = Path(__file__).resolve().parents[3]
ADMIN_EMAIL = "admin@bindings.example"


def _required_env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"set {name} (bindings/test.sh does)")
    return value


@pytest.fixture(scope="session")
def sightline():
    """The `sightline` package as the wheel installed it: the bindings and the library
    beside them, in the environment's site-packages, never the repository's files."""
    module = importlib.import_module("sightline")
    installed = Path(module.__file__).resolve().parent
    assert REPO not in installed.parents, f"sightline was imported from the repository ({installed}), not from the wheel"
    assert installed.parent in {Path(p).resolve() for p in sys.path if p}, installed
    assert (installed / "libsightline.so").is_file(), "the wheel holds the library beside the bindings"
    return module


class Server:
    """A running `sightline serve` and a signed-in technician's HTTP client."""

    def __init__(self, url: str, password: str):
        self.url = url
        me, cookie = self._post("/api/auth/login", {"email": ADMIN_EMAIL, "password": password}, {})
        # The session cookie, sent back by hand: only its name=value part matters.
        self.headers = {"Cookie": cookie, "X-CSRF-Token": me["csrf_token"]}

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

    def start_session(self) -> tuple[str, str]:
        """Starts a session as the technician and returns its id and join code."""
        session, _ = self._post("/api/sessions", {}, self.headers)
        return session["id"], session["join"]["code"]


@pytest.fixture
def server():
    with sightline_server(_required_env("SIGHTLINE_BIN"), ADMIN_EMAIL) as started:
        yield Server(started.url, started.admin_password)
