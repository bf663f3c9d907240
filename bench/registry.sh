#!/usr/bin/env bash
# The registry benchmark of issue 5 on a throwaway PostgreSQL with its default durability (fsync and synchronous commit on):
# a CSV of ROWS people imported over HTTP by the real app (Release) against psql \copy of the same file, and the app's
# peak memory during the import (bench/Gongzhi.Benchmarks/ImportLoad.cs).
# Usage: bench/registry.sh [rows]      (default 1000000; a few minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-1000000}"
dotnet build -c Release bench/Gongzhi.Benchmarks -v q -nologo
BENCH=bench/Gongzhi.Benchmarks/bin/Release/net10.0/Gongzhi.Benchmarks.dll
# A server configured for a million-row table (the default 128 MB of shared buffers thrash on the people indexes);
# the same server serves psql \copy and the app.
export GONGZHI_PG_OPTS="${GONGZHI_PG_OPTS:--c shared_buffers=2GB -c max_wal_size=8GB -c checkpoint_timeout=30min}"
export ROWS BENCH
scripts/with-postgres.sh -- bash -c '
    set -euo pipefail
    "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE gongzhi_bench" postgres
    dotnet "$BENCH" import "$ROWS"
'
