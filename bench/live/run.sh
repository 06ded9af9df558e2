#!/usr/bin/env bash
# The live-camera benchmarks, side by side in one run:
#   1. join-to-first-frame (20 joins) and 2. glass-to-glass, relay vs direct, in Chromium;
#   3. the relay's CPU and memory with 1, 10, 50 and 100 sessions (one phone, two viewers each:
#      2, 20, 100 and 200 forwarded streams).
# Builds what it needs (release), then runs in a private loopback-only network namespace
# (when root), writes JSON lines to OUTPUT and prints the markdown tables.
#
# Usage: bench/live/run.sh [OUTPUT.jsonl]     (default: target/bench-live.jsonl)
# Knobs: JOINS=20 G2G_ROUNDS=4 G2G_SECONDS=5 WIDTH=1280 HEIGHT=720 FPS=30
#        LOAD_SESSIONS="1 10 50 100" LOAD_WINDOW_SECS=10
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"
target="${CARGO_TARGET_DIR:-$repo/target}"
source "$repo/bench/relay-run.sh"

if [ "${1:-}" != "--inside" ]; then
    out="$(realpath -m "${1:-$repo/target/bench-live.jsonl}")"
    command -v /usr/bin/chromium >/dev/null || { echo "Chromium missing: apt-get install chromium" >&2; exit 1; }
    build_relay
    [ -d tests/browser/node_modules/@playwright/test ] || (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
    run_inside "$0" "$out"
fi

out="$2"
start_output "$out"
export SIGHTLINE_BIN="$target/release/sightline"
export SIGHTLINE_BENCH_BIN="$target/release/sightline-bench-relay"
camera=(--width "${WIDTH:-1280}" --height "${HEIGHT:-720}" --fps "${FPS:-30}")
started=$SECONDS

machine start

say "Join-to-first-frame and glass-to-glass (Chromium)"
node bench/live/browser.mjs | tee -a "$out"

for sessions in ${LOAD_SESSIONS:-1 10 50 100}; do
    say "Relay cost: $sessions session(s)"
    "$SIGHTLINE_BENCH_BIN" load --server-bin "$SIGHTLINE_BIN" --sessions "$sessions" \
        --window-secs "${LOAD_WINDOW_SECS:-10}" "${camera[@]}" | tee -a "$out"
done

machine end
say "Results ($out, $((SECONDS - started)) s)"
node bench/live/report.mjs "$out"
