"""The one way Python tests start a server fails at once, with a clear message, when the
ready line is broken: a stand-in for `sightline` prints what a broken server would."""

import re

import pytest

from sightline_server import sightline_server

PASSWORD_LINE = 'echo "  Sign in at http://127.0.0.1:1 as admin@py.example with password pw"'
# Far longer than any case may take: each must fail on what it read, not on the clock.
NEVER_S = 600


def stand_in(tmp_path, script):
    """An executable that runs `script` in place of the server."""
    binary = tmp_path / "sightline"
    binary.write_text(f"#!/bin/sh\n{script}\n")
    binary.chmod(0o755)
    return str(binary)


@pytest.mark.parametrize(
    "script, message",
    [
        (f"{PASSWORD_LINE}\nexit 3", "the server exited (3)"),
        (f"{PASSWORD_LINE}\necho '{{\"event\":\"ready\",'\nexec sleep 600", "malformed ready line"),
        (f"{PASSWORD_LINE}\necho '{{\"event\":\"ready\"}}'\nexec sleep 600", "the ready line has no url"),
    ],
    ids=["exits", "malformed", "no-url"],
)
def test_a_broken_ready_line_fails_the_start_at_once(tmp_path, script, message):
    with pytest.raises(AssertionError, match=re.escape(message)):
        with sightline_server(stand_in(tmp_path, script), "admin@py.example", ready_within=NEVER_S):
            pass


def test_a_missing_ready_line_fails_at_the_deadline_with_the_output(tmp_path):
    with pytest.raises(AssertionError, match=r"not ready in time[\s\S]*with password pw"):
        with sightline_server(stand_in(tmp_path, f"{PASSWORD_LINE}\nexec sleep 600"), "admin@py.example", ready_within=1):
            pass
