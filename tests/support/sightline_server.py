"""Starts a real `sightline serve` for Python tests, one way for all of them: on a free
loopback port (`--listen 127.0.0.1:0`), ready once it prints its machine-readable line
`{"event": "ready", "url": ...}`; every read of its output has a deadline. A server that
exits, or prints a ready line that is not one, fails the start at once with its output."""

import json
import os
import queue
import re
import subprocess
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass

# Generous: a loaded machine may take long to start the server; nothing waits on it after.
READY_WITHIN_SECONDS = 60


@dataclass
class StartedServer:
    url: str
    admin_email: str
    admin_password: str
    process: subprocess.Popen


def _pump(stream, lines: "queue.Queue[str | None]", kept: list) -> None:
    """Reads the server's output to the end (so it never blocks on a full pipe)."""
    for line in stream:
        kept.append(line)
        lines.put(line)
    lines.put(None)


def _ready_url(line: str, kept: list) -> "str | None":
    """The URL of a ready line; None for another event; fails on one that is not JSON or has no URL."""
    try:
        event = json.loads(line)
    except json.JSONDecodeError:
        raise AssertionError(f"the server printed a malformed ready line {line!r}:\n" + "".join(kept)) from None
    if not isinstance(event, dict) or event.get("event") != "ready":
        return None
    if not isinstance(event.get("url"), str):
        raise AssertionError(f"the ready line has no url: {line!r}:\n" + "".join(kept))
    return event["url"]


@contextmanager
def sightline_server(binary: str, admin_email: str, ready_within: float = READY_WITHIN_SECONDS):
    """Yields a `StartedServer` over a fresh data folder; stops it afterwards."""
    with tempfile.TemporaryDirectory() as data_dir:
        process = subprocess.Popen(
            [binary, "serve", "--listen", "127.0.0.1:0", "--data-dir", data_dir,
             "--admin-email", admin_email, "--rtc-loopback-only"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "SIGHTLINE_LOG": "warn"},
        )
        try:
            lines: "queue.Queue[str | None]" = queue.Queue()
            kept: list = []
            threading.Thread(target=_pump, args=(process.stdout, lines, kept), daemon=True).start()
            password, url = None, None
            deadline = time.monotonic() + ready_within
            while url is None:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError("the server was not ready in time:\n" + "".join(kept))
                try:
                    line = lines.get(timeout=remaining)
                except queue.Empty:
                    continue
                if line is None:
                    raise AssertionError(f"the server exited ({process.wait()}):\n" + "".join(kept))
                found = re.search(r"with password (\S+)", line)
                if found:
                    password = found.group(1)
                if line.startswith("{"):
                    url = _ready_url(line, kept)
            assert password, "the server did not print the first admin's password:\n" + "".join(kept)
            yield StartedServer(url, admin_email, password, process)
        finally:
            process.terminate()
            process.wait(timeout=30)
