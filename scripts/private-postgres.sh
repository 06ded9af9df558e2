# A private PostgreSQL for tests and benchmarks, sourced by scripts/test-all and
# bench/api/run.sh: `private_postgres_start DIR` starts one on a free 127.0.0.1 port with
# its data in DIR and sets PRIVATE_POSTGRES_URL; `private_postgres_stop DIR` stops it.

private_postgres_bin() {
    local bin
    bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    [ -x "$bin/initdb" ] || { echo "PostgreSQL server binaries not found under /usr/lib/postgresql" >&2; return 1; }
    echo "$bin"
}

private_postgres_as_pg() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

private_postgres_start() {
    local dir="$1" bin port
    bin="$(private_postgres_bin)"
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; chmod 755 "$(dirname "$dir")"; fi
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    private_postgres_as_pg "$bin/initdb" -D "$dir" -A trust -U postgres >/dev/null
    private_postgres_as_pg "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=1000" start >/dev/null
    PRIVATE_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"
}

private_postgres_stop() {
    local dir="$1" bin
    bin="$(private_postgres_bin)" || return 0
    if [ -f "$dir/postmaster.pid" ]; then
        private_postgres_as_pg "$bin/pg_ctl" -D "$dir" -m immediate stop >/dev/null 2>&1 || true
    fi
}
