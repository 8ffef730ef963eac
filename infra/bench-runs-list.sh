#!/usr/bin/env bash
# Benchmark (not a test): the runs-list queries over N seeded runs (default 10000) on a throwaway PostgreSQL.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$repo_root"

ensure_commands gcc:gcc patchelf:patchelf python3:python3
ensure_postgres_binaries
start_throwaway_cluster
dotnet run --project tests/Workbench.Benchmarks -c Release -- "${1:-10000}"
