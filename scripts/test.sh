#!/usr/bin/env bash
# Runs every test of the Gongzhi solution against a throwaway PostgreSQL.
# Extra arguments are passed to `dotnet test`.
# The last line printed is always "N passed, N failed".
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
cd "$REPO_ROOT"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

LOG_DIR="$REPO_ROOT/artifacts"
LOG_FILE="$LOG_DIR/test-output.log"

log() { printf '[test.sh] %s\n' "$*" >&2; }

# ---------------------------------------------------------------- prerequisites
find_pg_bin() {
    # Highest installed PostgreSQL major version that has initdb and pg_ctl.
    local d best=""
    while IFS= read -r d; do
        [[ -x "$d/initdb" && -x "$d/pg_ctl" ]] && best="$d"
    done < <(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V)
    printf '%s' "$best"
}

have_cjk_font() {
    [[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]] && return 0
    command -v fc-list >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi wqy
}

missing=()
[[ -n "$(find_pg_bin)" ]] || missing+=(postgresql)
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
have_cjk_font || missing+=(fonts-wqy-microhei)

if ((${#missing[@]})); then
    if [[ $(id -u) -eq 0 ]]; then
        log "installing missing packages: ${missing[*]}"
        # Wait for a concurrently running apt/dpkg instead of failing on the lock.
        apt-get -o DPkg::Lock::Timeout=900 update
        DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y --no-install-recommends "${missing[@]}"
    else
        echo "ERROR: missing prerequisites. Please install (as root):" >&2
        echo "  apt-get install -y --no-install-recommends ${missing[*]}" >&2
        exit 1
    fi
fi

PG_BIN="$(find_pg_bin)"
if [[ -z "$PG_BIN" ]]; then
    echo "ERROR: initdb/pg_ctl not found under /usr/lib/postgresql/*/bin" >&2
    exit 1
fi

# ---------------------------------------------------------- throwaway postgres
PG_TMP=""
PG_STARTED=0
TOTALS_PRINTED=0

if [[ $(id -u) -eq 0 ]] && id postgres >/dev/null 2>&1; then
    PG_USER=postgres
else
    PG_USER=""   # run as the current user
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

print_totals() {
    ((TOTALS_PRINTED)) && return 0
    TOTALS_PRINTED=1
    if [[ -f "$LOG_FILE" ]]; then
        # Strip ANSI escape sequences and CRs, then sum every "Test run summary" block.
        sed -E $'s/\x1b\\[[0-9;?]*[A-Za-z]//g; s/\x1b\\][^\x07]*\x07//g; s/\r//g' "$LOG_FILE" |
            awk '
                # A block runs from "Test run summary:" to its "duration:" line; with several projects it
                # also lists each project (and a blank line) before the totals.
                /^[[:space:]]*Test run summary:/ { s = 1; next }
                s && $1 == "failed:"    { f += $2 }
                s && $1 == "succeeded:" { p += $2 }
                s && $1 == "duration:"  { s = 0 }
                END { printf "%d passed, %d failed\n", p, f }'
    else
        echo "0 passed, 0 failed"
    fi
}

cleanup() {
    local rc=$?
    set +e
    stop_pg
    [[ -n "$PG_TMP" ]] && rm -rf "$PG_TMP"
    print_totals
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
rm -f "$LOG_FILE"   # so a stale log can never produce the totals

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

PG_PORT=""
for _ in 1 2 3 4 5; do
    PG_PORT="$(free_port)" || { echo "ERROR: no free TCP port found" >&2; exit 1; }
    PG_STARTED=1
    if as_pg "$PG_BIN/pg_ctl" -D "$PG_TMP/data" \
        -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_TMP/sock -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
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
log "PostgreSQL started on 127.0.0.1:$PG_PORT"

export GONGZHI_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=postgres;Database=gongzhi_test"

# --------------------------------------------------------------------- tests
mkdir -p "$LOG_DIR"
set +e
dotnet test "$@" 2>&1 | tee "$LOG_FILE"
rc=${PIPESTATUS[0]}
set -e

stop_pg
if ((rc == 8)); then
    log "no tests ran (exit code 8) - treating as failure"
elif ((rc != 0)); then
    log "dotnet test exited with code $rc"
fi
exit "$rc"
