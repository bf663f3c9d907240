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

rm -f "$LOG_FILE"   # so a stale log can never produce the totals

# ------------------------------------------------------------------- totals
# Totals are printed last whatever happens, so CI always ends on "N passed, N failed".
TOTALS_PRINTED=0
print_totals() {
    ((TOTALS_PRINTED)) && return 0
    TOTALS_PRINTED=1
    trap '' INT TERM # a second Ctrl-C must not cut the totals line
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
trap 'rc=$?; set +e; print_totals; exit "$rc"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- prerequisites
have_cjk_font() {
    [[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]] && return 0
    command -v fc-list >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi wqy
}

missing=()
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql) # with-postgres.sh finds the newest
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


# --------------------------------------------------------------------- tests
mkdir -p "$LOG_DIR"
set +e
# A throwaway PostgreSQL with durability off (tests need no crash safety) for the integration tests on PostgreSQL.
"$SCRIPT_DIR/with-postgres.sh" --fast -- bash -c 'dotnet test "$@" 2>&1 | tee -i "$0"; exit "${PIPESTATUS[0]}"' "$LOG_FILE" "$@"
rc=$?
set -e

if ((rc == 8)); then
    log "no tests ran (exit code 8) - treating as failure"
elif ((rc != 0)); then
    log "dotnet test exited with code $rc"
fi
exit "$rc"
