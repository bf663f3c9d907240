#!/usr/bin/env bash
# The case benchmarks of issue 4 on a throwaway PostgreSQL with its default durability (fsync and synchronous commit on):
#   1. intake over HTTP vs raw INSERT of the same rows (bench/Gongzhi.Benchmarks/IntakeLoad.cs),
#   2. 1 M generated cases, then the metrics and board queries with BenchmarkDotNet (CaseQueryBenchmarks.cs).
# Usage: bench/cases.sh [clients] [seconds] [cases]      (defaults 16 30 1000000; about 15 minutes)
# Results: printed, and BenchmarkDotNet's tables under BenchmarkDotNet.Artifacts/. Record them in docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
CLIENTS="${1:-16}" SECONDS_="${2:-30}" CASES="${3:-1000000}"
dotnet build -c Release bench/Gongzhi.Benchmarks -v q -nologo
BENCH=bench/Gongzhi.Benchmarks/bin/Release/net10.0/Gongzhi.Benchmarks.dll
export CLIENTS SECONDS_ CASES BENCH
scripts/with-postgres.sh -- bash -c '
    set -euo pipefail
    "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE gongzhi_bench" postgres
    dotnet "$BENCH" intake "$CLIENTS" "$SECONDS_"
    dotnet "$BENCH" seed-cases "$CASES"
    dotnet "$BENCH" --filter "*CaseQuery*" --join
'
