#!/usr/bin/env bash
# Coverage-guided fuzzing of every parser of untrusted input (the targets in
# fuzz/fuzz_targets/), bounded in time. `build` installs cargo-fuzz (pinned, into
# target/tools) and builds every target; `run [SECONDS]` runs each for SECONDS (default
# 20) from the seeds in fuzz/seeds/<target>, needing no network. Without a word: both.
# A crash, a timeout or an out-of-memory fails the run and leaves its input in
# fuzz/artifacts/<target>/ (replay: fuzz/run.sh replay TARGET FILE).
#
# cargo-fuzz needs nightly-only rustc flags (sanitizers, coverage passes); RUSTC_BOOTSTRAP=1
# lets the stable toolchain take them, so no nightly toolchain is needed.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
cargo_fuzz_version=0.13.2
cargo_fuzz="$repo/target/tools/bin/cargo-fuzz"
export RUSTC_BOOTSTRAP=1
# One build for every target; 16 codegen units build several times faster than cargo-fuzz's
# default of one, for a little speed of the runs.
build_flags=(--codegen-units 16 --target-dir "$repo/target/fuzz")
say() { printf '\n==> %s\n' "$*" >&2; }

build() {
    if ! "$cargo_fuzz" --version 2>/dev/null | grep -q "$cargo_fuzz_version"; then
        say "Installing cargo-fuzz $cargo_fuzz_version"
        cargo install --locked --quiet cargo-fuzz --version "$cargo_fuzz_version" --root "$repo/target/tools"
    fi
    # cargo-fuzz passes no --locked: check that fuzz/Cargo.lock is up to date first.
    cargo metadata --locked --format-version 1 --manifest-path fuzz/Cargo.toml >/dev/null
    say "Building the fuzz targets"
    "$cargo_fuzz" fuzz build "${build_flags[@]}"
}

run() {
    local seconds="${1:-20}" failed=() target
    for target in $("$cargo_fuzz" fuzz list); do
        say "Fuzzing $target for ${seconds} s"
        mkdir -p "target/fuzz/corpus/$target" "fuzz/seeds/$target"
        if ! CARGO_NET_OFFLINE=true "$cargo_fuzz" fuzz run "${build_flags[@]}" "$target" \
            "target/fuzz/corpus/$target" "fuzz/seeds/$target" \
            -- -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 2>"target/fuzz/$target.log"; then
            tail -n 40 "target/fuzz/$target.log" >&2
            failed+=("$target")
        fi
        grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb)' "target/fuzz/$target.log" >&2 || true
    done
    if [ "${#failed[@]}" -gt 0 ]; then
        echo "Fuzzing found failures in: ${failed[*]} (inputs in fuzz/artifacts/)" >&2
        return 1
    fi
}

case "${1:-all}" in
    build) build ;;
    run) run "${2:-20}" ;;
    replay) CARGO_NET_OFFLINE=true "$cargo_fuzz" fuzz run "${build_flags[@]}" "$2" "$3" ;;
    all) build && run "${2:-20}" ;;
    *) echo "usage: fuzz/run.sh [build | run [SECONDS] | replay TARGET FILE | all [SECONDS]]" >&2; exit 2 ;;
esac
