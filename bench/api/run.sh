#!/usr/bin/env bash
# The HTTP API under load (a benchmark, not a test): 200 concurrent clients (`oha`) on the
# sessions list, one session's details and session creation, with a release `sightline
# serve` on SQLite and on a private PostgreSQL; everything stays on 127.0.0.1. Each
# operation runs closed-loop (CLIENTS clients, each sending its next request when the last
# is answered) and, with RATE set, open-loop too (RATE requests per second, latency counted
# from when each request was due).
# Writes JSON lines to OUTPUT and prints them.
#
# Usage: bench/api/run.sh [OUTPUT.jsonl]     (default: target/bench-api.jsonl)
# Knobs: CLIENTS=200 REQUESTS=4000 SEED_SESSIONS=20 RATE= (open-loop requests per second)
#        BEFORE_BIN=path: another `sightline` binary (e.g. an earlier commit's) measured in
#        the same run, each backend's "before" right before its "after".
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"
target="${CARGO_TARGET_DIR:-$repo/target}"
out="$(realpath -m "${1:-$target/bench-api.jsonl}")"
oha_version=1.16.0
oha="$repo/target/tools/bin/oha"
say() { printf '\n==> %s\n' "$*" >&2; }

say "Building sightline (release)"
cargo build --release --locked -p sightline-server
if ! "$oha" --version 2>/dev/null | grep -q "$oha_version"; then
    say "Installing oha $oha_version"
    cargo install --locked --quiet oha --version "$oha_version" --root "$repo/target/tools"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/sightline-bench-api.XXXXXX")"
source "$repo/scripts/private-postgres.sh"
trap 'private_postgres_stop "$work/pg"; rm -rf "$work"' EXIT
private_postgres_start "$work/pg"

builds=()
[ -n "${BEFORE_BIN:-}" ] && builds+=("before=$(realpath "$BEFORE_BIN")")
builds+=("after=$target/release/sightline")

mkdir -p "$(dirname "$out")"
: > "$out"
# Other work on the machine skews every figure: the load is recorded with them.
machine() { printf '{"bench":"machine","when":"%s","cpus":%s,"loadavg":"%s"}\n' "$1" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out"; }
machine start
runs=0
for backend in sqlite postgres; do
    for build in "${builds[@]}"; do
        label="${build%%=*}" binary="${build#*=}"
        say "API load on $backend ($label: $binary)"
        database=()
        if [ "$backend" = postgres ]; then
            # Every server starts on an empty database of its own.
            runs=$((runs + 1))
            "$(private_postgres_bin)/createdb" --maintenance-db="$PRIVATE_POSTGRES_URL" "bench_$runs"
            database=(--database-url "${PRIVATE_POSTGRES_URL%/*}/bench_$runs")
        fi
        rate=()
        [ -n "${RATE:-}" ] && rate=(--rate "$RATE")
        python3 bench/api/bench.py --server-bin "$binary" --oha-bin "$oha" --backend "$backend" --label "$label" \
            "${database[@]}" "${rate[@]}" --clients "${CLIENTS:-200}" --requests "${REQUESTS:-4000}" \
            --seed-sessions "${SEED_SESSIONS:-20}" | tee -a "$out"
    done
done
machine end
