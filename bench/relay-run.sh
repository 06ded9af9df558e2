# Shared by the relay benchmarks (`bench/live/run.sh`, `bench/soak/run.sh`); sourced, not run.
#   build_relay: builds sightline and sightline-bench-relay (release).
#   run_inside SCRIPT OUTPUT: runs `SCRIPT --inside OUTPUT` in a private loopback-only
#     network namespace when root (no packet leaves 127.0.0.1 there), else on this machine.
#   start_output OUTPUT: (inside) brings the namespace's loopback up and empties OUTPUT.
#   machine WHEN: records the machine's load average in $out, since other work skews every figure.

say() { printf '\n==> %s\n' "$*" >&2; }

build_relay() {
    say "Building sightline and sightline-bench-relay (release)"
    # One package per build: together, cargo would unify their features and rebuild both.
    cargo build --release --locked -p sightline-server
    cargo build --release --locked -p sightline-bench-relay
}

run_inside() {
    if [ "$(id -u)" -eq 0 ] && unshare -n true 2>/dev/null; then
        say "Running in a private network namespace (loopback only)"
        exec unshare -n "$1" --inside "$2"
    fi
    say "Not root: running on this machine's network (all traffic stays on 127.0.0.1)"
    exec "$1" --inside "$2"
}

start_output() {
    if [ "$(id -u)" -eq 0 ]; then ip link set lo up; fi
    mkdir -p "$(dirname "$1")"
    : > "$1"
}

machine() { printf '{"bench":"machine","when":"%s","cpus":%s,"loadavg":"%s"}\n' "$1" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out"; }
