#!/usr/bin/env bash
# The relay's capacity side by side with Janus (Debian `janus`, videoroom plugin), in one run
# on the same machine with the same clients: for each load, N sessions of one phone pushing a
# pre-encoded 720p30 VP8 clip and two webrtc-rs viewers, forwarded first by a fresh
# `sightline serve`, then by a fresh Janus; each server's CPU time and RSS over the same window.
#
# Janus's ICE skips loopback interfaces, so both run in a network namespace of the benchmark's
# own, with a veth pair on private test addresses (10.78.0.1 and 10.78.0.2) that exist only
# inside it; the relay uses its loopback there, Janus the veth addresses. Needs root (the
# namespace; installs `janus` with apt-get when it is missing). With NODES=1 (the default)
# each load also runs on a private PostgreSQL: one relay node, then two nodes sharing it
# with the sessions spread over both (session k on node k mod 2, as the balancer's hash
# on the session does), a fresh database each. Writes JSON lines to OUTPUT, with the
# machine's load average before and after each run, and prints the tables.
#
# Usage: bench/relay-vs-janus/run.sh [OUTPUT.jsonl]   (default: target/relay-vs-janus.jsonl)
# Knobs: SESSIONS="1 10 50 100 200" WINDOW_SECS=10 WARMUP_SECS=3 WIDTH=1280 HEIGHT=720 FPS=30
#        NODES=1 (0: no PostgreSQL runs) PROFILE=release (or debug: figures then measure
#        unoptimised builds)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"
target="${CARGO_TARGET_DIR:-$repo/target}"
profile="${PROFILE:-release}"
say() { printf '\n==> %s\n' "$*" >&2; }
janus_address=10.78.0.1
peer_address=10.78.0.2
# Interface names of the pair (inside the namespace only).
janus_if=slbench0
peer_if=slbench1

if [ "${1:-}" != "--inside" ]; then
    out="$(realpath -m "${1:-$repo/target/relay-vs-janus.jsonl}")"
    [ "$(id -u)" -eq 0 ] || { echo "run as root: the benchmark makes a network namespace of its own" >&2; exit 1; }
    command -v janus >/dev/null || { say "Installing Janus (Debian)"; apt-get install -y janus; }
    say "Building sightline and sightline-bench-relay ($profile)"
    flag=(); [ "$profile" = release ] && flag=(--release)
    # One package per build: together, cargo would unify their features and rebuild both.
    cargo build "${flag[@]}" --locked -p sightline-server
    cargo build "${flag[@]}" --locked -p sightline-bench-relay
    ns="slbench-janus-$$"
    say "Network namespace $ns: $janus_if $janus_address/24 <-> $peer_if $peer_address/24"
    ip netns add "$ns"
    trap 'ip netns del "$ns"' EXIT
    ip -n "$ns" link set lo up
    ip -n "$ns" link add "$janus_if" type veth peer name "$peer_if"
    ip -n "$ns" addr add "$janus_address/24" dev "$janus_if"
    ip -n "$ns" addr add "$peer_address/24" dev "$peer_if"
    ip -n "$ns" link set "$janus_if" up
    ip -n "$ns" link set "$peer_if" up
    # IPv4 only, as the relay's loopback run: no link-local IPv6 candidates on the pair.
    ip netns exec "$ns" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1
    ip netns exec "$ns" env PROFILE="$profile" "$0" --inside "$out"
    exit
fi

out="$2"
mkdir -p "$(dirname "$out")"
: > "$out"
nodes_compare="${NODES:-1}"
pg_dir=""
bench="$target/$profile/sightline-bench-relay"
server="$target/$profile/sightline"
shape=(--window-secs "${WINDOW_SECS:-10}" --warmup-secs "${WARMUP_SECS:-3}"
       --width "${WIDTH:-1280}" --height "${HEIGHT:-720}" --fps "${FPS:-30}")
started=$SECONDS

# A minimal Janus: the videoroom plugin and the plain HTTP transport, nothing else loaded;
# ICE on the veth address only.
conf="$(mktemp -d /tmp/slbench-janus-conf.XXXXXX)"
source "$repo/scripts/private-postgres.sh"
trap 'rm -rf "$conf"; [ -z "$pg_dir" ] || { private_postgres_stop "$pg_dir"; rm -rf "$pg_dir"; }' EXIT
if [ "$nodes_compare" = 1 ]; then
    pg_dir="$(mktemp -d /tmp/slbench-pg.XXXXXX)/data"
    private_postgres_start "$pg_dir"
    say "PostgreSQL for the node runs: $PRIVATE_POSTGRES_URL"
fi
libs=/usr/lib/x86_64-linux-gnu/janus
mkdir -p "$conf/plugins" "$conf/transports" "$conf/none"
ln -s "$libs/plugins/libjanus_videoroom.so" "$conf/plugins/"
ln -s "$libs/transports/libjanus_http.so" "$conf/transports/"
cat > "$conf/janus.jcfg" <<JCFG
general: {
	configs_folder = "$conf"
	plugins_folder = "$conf/plugins"
	transports_folder = "$conf/transports"
	events_folder = "$conf/none"
	loggers_folder = "$conf/none"
	debug_level = 3
}
media: {
	rtp_port_range = "20000-40000"
}
nat: {
	ice_enforce_list = "$janus_if"
}
JCFG
cat > "$conf/janus.plugin.videoroom.jcfg" <<JCFG
general: {
}
JCFG
cat > "$conf/janus.transport.http.jcfg" <<JCFG
general: {
	json = "plain"
	base_path = "/janus"
	http = true
	ip = "$janus_address"
	port = 8088
	https = false
}
admin: {
	admin_http = false
}
JCFG

# Other work on the machine skews every figure: the load is recorded with each run.
machine() { printf '{"bench":"machine","when":"%s","server":"%s","sessions":%s,"cpus":%s,"loadavg":"%s"}\n' "$1" "$2" "$3" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out"; }
janus_version="$( (janus --version 2>/dev/null || true) | head -1)"
say "$janus_version; $("$server" --version 2>/dev/null || echo sightline)"

# A fresh database of the private PostgreSQL, for one run's nodes.
fresh_database() {
    psql -q "$PRIVATE_POSTGRES_URL" -c "CREATE DATABASE $1" >/dev/null
    echo "${PRIVATE_POSTGRES_URL%/*}/$1"
}

for sessions in ${SESSIONS:-1 10 50 100 200}; do
    say "Relay: $sessions session(s)"
    machine before relay "$sessions"
    "$bench" load --server-bin "$server" --sessions "$sessions" "${shape[@]}" | tee -a "$out"
    machine after relay "$sessions"
    if [ "$nodes_compare" = 1 ]; then
        for nodes in 1 2; do
            say "Relay on PostgreSQL, $nodes node(s): $sessions session(s)"
            machine before "relay-pg-$nodes" "$sessions"
            "$bench" load --server-bin "$server" --sessions "$sessions" --nodes "$nodes" \
                --database-url "$(fresh_database "bench_${nodes}_${sessions}")" "${shape[@]}" | tee -a "$out"
            machine after "relay-pg-$nodes" "$sessions"
        done
    fi
    say "Janus: $sessions session(s)"
    machine before janus "$sessions"
    "$bench" janus --janus-bin "$(command -v janus)" --janus-configs "$conf" \
        --janus-url "http://$janus_address:8088/janus" --sessions "$sessions" "${shape[@]}" | tee -a "$out"
    machine after janus "$sessions"
done

say "Results ($out, $((SECONDS - started)) s)"
node bench/relay-vs-janus/report.mjs "$out"
