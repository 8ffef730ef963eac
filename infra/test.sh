#!/usr/bin/env bash
# Runs every test: engine unit tests, integration tests against a throwaway PostgreSQL cluster that
# this script starts and always stops, and browser tests in Debian's Chromium.
# Extra arguments go to 'dotnet test' (e.g. --filter FullyQualifiedName~Engine).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$repo_root"

# python3-torch: the independent reference forward of the pretrained-model tests
ensure_commands gcc:gcc patchelf:patchelf python3:python3 /usr/bin/chromium:chromium /usr/lib/python3/dist-packages/torch:python3-torch
ensure_postgres_binaries

start_throwaway_cluster
echo "PostgreSQL for tests on $WORKBENCH_TEST_CONNECTION"

results="$scratch/results"
status=0
dotnet test Workbench.sln -c Release --logger trx --results-directory "$results" "$@" || status=$?

# One closing line over every test project.
python3 - "$results" <<'PY'
import glob, re, sys
counts = {"passed": 0, "failed": 0, "notExecuted": 0}
for path in glob.glob(sys.argv[1] + "/*.trx"):
    text = open(path, encoding="utf-8").read()
    m = re.search(r"<Counters [^>]*>", text)
    if m:
        for key in counts:
            v = re.search(key + r'="(\d+)"', m.group(0))
            counts[key] += int(v.group(1)) if v else 0
print(f"Tests: {counts['passed']} passed, {counts['failed']} failed, {counts['notExecuted']} skipped")
PY
exit $status
