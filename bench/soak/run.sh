#!/usr/bin/env bash
# The relay under sustained load (a benchmark, not a test): SESSIONS sessions of one phone
# (a real SDK session pushing a pre-encoded 720p30 VP8 clip) and two technicians (webrtc-rs
# viewers) on one release `sightline serve`, for MINUTES minutes. Every SAMPLE_SECS the
# server's RSS, CPU and threads and the viewers' lowest frame rate and loss are printed;
# the last line sums up the window with every fault counted by kind (a phone reconnecting
# or ending, refused samples, a viewer's peer connection failing or its live connection
# ending, the server refusing a message). Runs in a private loopback-only network namespace
# when root, so no packet leaves 127.0.0.1. Writes JSON lines to OUTPUT and prints them.
#
# Usage: bench/soak/run.sh [OUTPUT.jsonl]     (default: target/bench-soak.jsonl)
# Knobs: SESSIONS=100 MINUTES=10 SAMPLE_SECS=30 WIDTH=1280 HEIGHT=720 FPS=30
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"
target="${CARGO_TARGET_DIR:-$repo/target}"
source "$repo/bench/relay-run.sh"

if [ "${1:-}" != "--inside" ]; then
    out="$(realpath -m "${1:-$target/bench-soak.jsonl}")"
    build_relay
    run_inside "$0" "$out"
fi

out="$2"
start_output "$out"
machine start
sessions="${SESSIONS:-100}"
say "$sessions sessions for ${MINUTES:-10} min"
"$target/release/sightline-bench-relay" load --server-bin "$target/release/sightline" --sessions "$sessions" \
    --window-secs "$(( ${MINUTES:-10} * 60 ))" --sample-secs "${SAMPLE_SECS:-30}" \
    --width "${WIDTH:-1280}" --height "${HEIGHT:-720}" --fps "${FPS:-30}" | tee -a "$out"
machine end
