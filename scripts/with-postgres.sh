#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server, runs a command with its connection string, then stops and deletes it.
#
#   scripts/with-postgres.sh [--fast] -- COMMAND [ARGS...]
#
# The command sees GONGZHI_TEST_POSTGRES="Host=127.0.0.1;Port=...;Username=postgres;Password=postgres;Database=gongzhi_test"
# (the database itself is created by whoever connects first) and PG_BIN (the server's bin directory, for psql).
# --fast turns durability off (fsync, synchronous_commit, full_page_writes): right for tests, wrong for benchmarks.
# Exits with the command's exit code. Needs initdb and pg_ctl under /usr/lib/postgresql/*/bin (scripts/test.sh
# installs them when missing).
set -euo pipefail

log() { printf '[with-postgres] %s\n' "$*" >&2; }

FAST=0
while (($#)); do
    case "$1" in
        --fast) FAST=1; shift ;;
        --) shift; break ;;
        *) break ;;
    esac
done
if ((!$#)); then
    echo "usage: $0 [--fast] -- COMMAND [ARGS...]" >&2
    exit 2
fi

find_pg_bin() {
    # Highest installed PostgreSQL major version that has initdb and pg_ctl.
    local d best=""
    while IFS= read -r d; do
        [[ -x "$d/initdb" && -x "$d/pg_ctl" ]] && best="$d"
    done < <(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V)
    printf '%s' "$best"
}

PG_BIN="$(find_pg_bin)"
if [[ -z "$PG_BIN" ]]; then
    echo "ERROR: initdb/pg_ctl not found under /usr/lib/postgresql/*/bin (apt-get install postgresql)" >&2
    exit 1
fi

PG_TMP=""
PG_STARTED=0

if [[ $(id -u) -eq 0 ]] && id postgres >/dev/null 2>&1; then
    PG_USER=postgres   # the server refuses to run as root
else
    PG_USER=""         # run as the current user
fi

as_pg() {
    # Run a command as the PostgreSQL OS user, from a directory it can read.
    if [[ -n "$PG_USER" ]]; then
        (cd "$PG_TMP" && runuser -u "$PG_USER" -- "$@")
    else
        (cd "$PG_TMP" && "$@")
    fi
}

stop_pg() {
    if ((PG_STARTED)); then
        PG_STARTED=0
        local pids="" pid i
        if [[ -r "$PG_TMP/data/postmaster.pid" ]]; then
            pid="$(head -n1 "$PG_TMP/data/postmaster.pid" 2>/dev/null || true)"
            if [[ "$pid" =~ ^[0-9]+$ ]]; then
                pids="$pid $(pgrep -P "$pid" 2>/dev/null | tr '\n' ' ' || true)"
            fi
        fi
        as_pg "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate -w stop >/dev/null 2>&1 || true
        # Wait (max ~10s) until the postmaster and its backends are really gone.
        for ((i = 0; i < 100; i++)); do
            pid=""
            for pid in $pids; do
                [[ -e "/proc/$pid" ]] && break
                pid=""
            done
            [[ -z "$pid" ]] && break
            sleep 0.1
        done
    fi
}

cleanup() {
    local rc=$?
    set +e
    trap '' INT TERM # a second Ctrl-C must not leave the server or its files behind
    stop_pg
    [[ -n "$PG_TMP" ]] && rm -rf "$PG_TMP"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
    if command -v python3 >/dev/null 2>&1 &&
        python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null; then
        return 0
    fi
    local p
    for ((p = 15432 + RANDOM % 20000; p < 65000; p++)); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "$p"
            return 0
        fi
    done
    return 1
}

PG_TMP="$(mktemp -d "${TMPDIR:-/tmp}/gongzhi-pg.XXXXXX")"
mkdir -p "$PG_TMP/sock"
if [[ -n "$PG_USER" ]]; then
    chown -R "$PG_USER:" "$PG_TMP"
fi

if locale -a 2>/dev/null | grep -qix 'c\.utf-\?8'; then
    PG_LOCALE=C.UTF-8
else
    PG_LOCALE=C
fi
log "initdb ($PG_BIN, locale $PG_LOCALE) in $PG_TMP/data"
if ! as_pg "$PG_BIN/initdb" -D "$PG_TMP/data" -U postgres --auth=trust -E UTF8 --locale="$PG_LOCALE" >"$PG_TMP/initdb.log" 2>&1; then
    if [[ "$PG_LOCALE" != C ]]; then
        log "initdb with $PG_LOCALE failed, retrying with --locale=C"
        rm -rf "$PG_TMP/data"
        as_pg "$PG_BIN/initdb" -D "$PG_TMP/data" -U postgres --auth=trust -E UTF8 --locale=C >"$PG_TMP/initdb.log" 2>&1 ||
            { cat "$PG_TMP/initdb.log" >&2; exit 1; }
    else
        cat "$PG_TMP/initdb.log" >&2
        exit 1
    fi
fi

PG_OPTS="-c max_connections=300 ${GONGZHI_PG_OPTS:-}"  # GONGZHI_PG_OPTS: extra server settings (benchmarks)
if ((FAST)); then
    PG_OPTS="$PG_OPTS -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
fi

PG_PORT=""
for _ in 1 2 3 4 5; do
    PG_PORT="$(free_port)" || { echo "ERROR: no free TCP port found" >&2; exit 1; }
    PG_STARTED=1
    if as_pg "$PG_BIN/pg_ctl" -D "$PG_TMP/data" \
        -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_TMP/sock $PG_OPTS" \
        -w -t 60 -l "$PG_TMP/data/log" start >/dev/null; then
        break
    fi
    PG_STARTED=0
    log "PostgreSQL failed to start on port $PG_PORT, retrying"
    PG_PORT=""
done
if [[ -z "$PG_PORT" ]]; then
    echo "ERROR: could not start PostgreSQL; server log:" >&2
    cat "$PG_TMP/data/log" >&2 || true
    exit 1
fi
log "PostgreSQL started on 127.0.0.1:$PG_PORT$( ((FAST)) && echo ' (durability off)')"

export GONGZHI_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=postgres;Database=gongzhi_test"
export PG_BIN PG_PORT

set +e
"$@"
rc=$?
set -e
exit "$rc"
