"""Property-based tests of the HTTP API from its own OpenAPI description, with schemathesis:
cases generated from each operation's schema, mutated into invalid ones, and chained through the
links schemathesis infers (a created session's id used by the session's other operations), sent
by the signed-in admin. No answer may be a server error, and every answer must be one the
description documents: its status code, content type and body schema.

The seed is fixed so a run is reproducible; SIGHTLINE_API_FUZZ_SEED and
SIGHTLINE_API_FUZZ_EXAMPLES explore further."""

import json
import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

SEED = os.environ.get("SIGHTLINE_API_FUZZ_SEED", "20261202")
EXAMPLES = os.environ.get("SIGHTLINE_API_FUZZ_EXAMPLES", "25")
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"


def sign_in(server) -> "tuple[str, str]":
    """The admin's session cookie and CSRF token."""
    body = json.dumps({"email": server.admin_email, "password": server.admin_password}).encode()
    request = urllib.request.Request(f"{server.url}/api/auth/login", data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        cookie = next(value.split(";")[0] for name, value in answer.headers.items()
                      if name.lower() == "set-cookie" and value.startswith("sightline_session="))
        return cookie, json.load(answer)["csrf_token"]


def test_every_answer_is_one_the_openapi_description_documents(server):
    cookie, csrf = sign_in(server)
    schemathesis = Path(sys.executable).with_name("schemathesis")
    run = subprocess.run(
        [str(schemathesis), "run", f"{server.url}/api/openapi.json",
         "--header", f"Cookie: {cookie}", "--header", f"X-CSRF-Token: {csrf}",
         "--checks", CHECKS, "--phases", "examples,coverage,fuzzing,stateful",
         "--max-examples", EXAMPLES, "--seed", SEED, "--workers", "1", "--request-timeout", "30",
         # Signing out would leave every later case unauthenticated.
         "--exclude-path", "/api/auth/logout", "--no-color"],
        capture_output=True, text=True, timeout=1200,
    )
    report = run.stdout + run.stderr
    assert run.returncode == 0, report[-30000:]
    tested = re.search(r"Tested: (\d+)", report)
    assert tested and int(tested.group(1)) >= 50, f"too few operations were tested:\n{report[-5000:]}"
