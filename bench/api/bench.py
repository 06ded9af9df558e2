"""The HTTP API under load: a release `sightline serve` on one database, its first admin
signed in (the session cookie and the CSRF token the API asks for), sessions seeded, then
`oha` with CLIENTS concurrent clients on the sessions list, one session's details and
session creation (closed-loop), and with --rate the same at a fixed rate (open-loop: oha
counts each latency from when its request was due, so a server that falls behind is seen).
Prints one JSON line per run (latency percentiles in ms, the load average when it ended).

Usage: bench.py --server-bin PATH --oha-bin PATH --backend NAME [--label NAME] [--database-url URL] [--rate N]"""

import argparse
import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests" / "support"))
from sightline_server import sightline_server  # noqa: E402

ADMIN = "bench-admin@sightline.example"


class Client:
    """A signed-in technician: the cookies its sign-in set (kept by hand: urllib's jar keeps
    none for an IP address) and the CSRF token."""

    def __init__(self, url: str, password: str):
        self.url = url
        self.cookies = ""
        self.csrf = ""
        request = self.request("POST", "/api/auth/login", {"email": ADMIN, "password": password})
        with urllib.request.urlopen(request, timeout=30) as answer:
            self.cookies = "; ".join(value.split(";", 1)[0] for value in answer.headers.get_all("Set-Cookie"))
            self.csrf = json.load(answer)["csrf_token"]

    def request(self, method: str, path: str, body) -> urllib.request.Request:
        headers = {"Content-Type": "application/json", "Origin": self.url, "Cookie": self.cookies, "X-CSRF-Token": self.csrf}
        return urllib.request.Request(self.url + path, data=json.dumps(body).encode(), method=method, headers=headers)

    def call(self, method: str, path: str, body):
        with urllib.request.urlopen(self.request(method, path, body), timeout=30) as answer:
            return json.load(answer)


def load(oha: str, client: Client, args, path: str, method: str, rate: "int | None") -> dict:
    """One `oha` run: the summary it prints as JSON."""
    command = [oha, "--no-tui", "--output-format", "json", "-c", str(args.clients), "-n", str(args.requests),
               "-H", f"Cookie: {client.cookies}", "-H", f"Origin: {client.url}", "-m", method]
    if rate:
        command += ["-q", str(rate), "--latency-correction"]
    if method != "GET":
        command += ["-H", f"X-CSRF-Token: {client.csrf}", "-T", "application/json", "-d", "{}"]
    run = subprocess.run(command + [client.url + path], check=True, capture_output=True, text=True)
    return json.loads(run.stdout)


def summary(operation: str, args, rate: "int | None", report: dict) -> dict:
    ms = {key: round(value * 1000, 2) for key, value in report["latencyPercentiles"].items() if value is not None}
    return {
        "bench": "api", "build": args.label, "backend": args.backend, "operation": operation,
        "clients": args.clients, "rate": rate, "requests": args.requests,
        "loadavg": Path("/proc/loadavg").read_text().split()[0], "statuses": report.get("statusCodeDistribution", {}),
        "errors": report.get("errorDistribution", {}), "rps": round(report["summary"]["requestsPerSec"], 1),
        "p50_ms": ms.get("p50"), "p90_ms": ms.get("p90"), "p99_ms": ms.get("p99"),
        "slowest_ms": round(report["summary"]["slowest"] * 1000, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--server-bin", required=True)
    parser.add_argument("--oha-bin", required=True)
    parser.add_argument("--backend", required=True)
    parser.add_argument("--label", default="", help="names the build measured (e.g. before, after)")
    parser.add_argument("--rate", type=int, help="also run each operation open-loop at this many requests per second")
    parser.add_argument("--database-url")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--seed-sessions", type=int, default=20)
    args = parser.parse_args()
    if args.database_url:
        os.environ["SIGHTLINE_DATABASE_URL"] = args.database_url
    with sightline_server(args.server_bin, ADMIN) as server:
        client = Client(server.url, server.admin_password)
        seeded = [client.call("POST", "/api/sessions", {}) for _ in range(args.seed_sessions)]
        runs = [
            ("sessions_list", "/api/sessions", "GET"),
            ("session_details", f"/api/sessions/{seeded[0]['id']}", "GET"),
            ("session_create", "/api/sessions", "POST"),
        ]
        for rate in [None] + ([args.rate] if args.rate else []):
            for operation, path, method in runs:
                report = load(args.oha_bin, client, args, path, method, rate)
                print(json.dumps(summary(operation, args, rate, report)), flush=True)


if __name__ == "__main__":
    main()
