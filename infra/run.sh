#!/usr/bin/env bash
# Runs the whole workbench: PostgreSQL (a local cluster in .data/ unless ConnectionStrings__Workbench
# is set), the worker(s) and the web app, and keeps them running: a worker or the web app that exits is
# started again (and the local PostgreSQL, if it stops), saying what died. Ctrl-C stops everything it
# started; data survives restarts.
#   WORKBENCH_URL      where the web app listens (default http://localhost:5080)
#   WORKBENCH_WORKERS  worker processes to start (default 1)
#   WORKBENCH_PG_PORT  port of the local cluster (default 55432)
#   Artifacts__Path    the artifact store's folder (default .data/artifacts)
#   Models__Path       the models folder every worker and the web app read: one Hugging Face model folder per model
#                      (default .data/models)
#   WORKBENCH_TORCH_PACKAGE  TorchSharp-cpu (default) or TorchSharp-cuda-linux: the build the workers compute with
#                      (Worker__Device, Worker__TakeCpuWork, Worker__ComputeType pass through to every worker)
#   Admin__UserName / Admin__Password  the first admin, created when there are no users yet
#                      (default: admin, with a password generated into .data/admin-password)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$repo_root"

url=${WORKBENCH_URL:-http://localhost:5080}
workers=${WORKBENCH_WORKERS:-1}
pids=()
local_data=""

stop_all() {
  trap - EXIT INT TERM
  echo; echo "Stopping the workbench..."
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -n "$local_data" ] && stop_cluster "$local_data"
  exit 0
}
trap stop_all EXIT INT TERM

# supervise NAME DIR COMMAND... — runs COMMAND in DIR in the background and starts it again whenever it
# exits: after 2 s, or up to 30 s when it keeps dying within 10 s of its start. TERM stops it for good.
supervise() {
  local name=$1 dir=$2
  shift 2
  (
    child=""
    trap 'trap - TERM INT; [ -n "$child" ] && kill "$child" 2>/dev/null; wait "$child" 2>/dev/null; exit 0' TERM INT
    delay=2
    while true; do
      started=$SECONDS
      (cd "$dir" && exec "$@") &
      child=$!
      status=0
      wait "$child" || status=$?
      if [ $((SECONDS - started)) -lt 10 ]; then delay=$((delay * 2 > 30 ? 30 : delay * 2)); else delay=2; fi
      echo "run.sh: $name (pid $child) exited with status $status; starting it again in ${delay}s" >&2
      sleep "$delay" & wait $! || true
    done
  ) &
  pids+=($!)
}

ensure_commands gcc:gcc patchelf:patchelf python3:python3

if [ -z "${ConnectionStrings__Workbench:-}" ]; then
  ensure_postgres_binaries
  local_data="$repo_root/.data/postgres"
  port=${WORKBENCH_PG_PORT:-55432}
  password_file="$repo_root/.data/postgres-password"
  if [ ! -f "$local_data/PG_VERSION" ]; then
    echo "Creating a local PostgreSQL cluster in $local_data ..."
    mkdir -p "$local_data"
    [ -f "$password_file" ] || (umask 077; python3 -c 'import secrets; print(secrets.token_urlsafe(24))' > "$password_file")
    cp "$password_file" "$local_data.pwfile"
    own_for_pg "$local_data" "$local_data.pwfile"
    as_pg_user "$pg_bin/initdb" -D "$local_data" -U workbench --pwfile="$local_data.pwfile" -A scram-sha-256 >/dev/null
    rm -f "$local_data.pwfile"
  fi
  start_cluster "$local_data" "$port"
  password=$(cat "$password_file")
  export PGPASSWORD=$password
  "$pg_bin/psql" -h 127.0.0.1 -p "$port" -U workbench -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='workbench'" | grep -q 1 \
    || "$pg_bin/psql" -h 127.0.0.1 -p "$port" -U workbench -d postgres -qc "CREATE DATABASE workbench"
  export ConnectionStrings__Workbench="Host=127.0.0.1;Port=$port;Database=workbench;Username=workbench;Password=$password"
  echo "PostgreSQL: local cluster on 127.0.0.1:$port (data in .data/postgres)"
fi

# The first admin: created on the first start from a password generated once and kept in .data/.
admin_password_file="$repo_root/.data/admin-password"
if [ -z "${Admin__Password:-}" ]; then
  mkdir -p "$repo_root/.data"
  [ -f "$admin_password_file" ] || (umask 077; python3 -c 'import secrets; print(secrets.token_urlsafe(18))' > "$admin_password_file")
  export Admin__UserName=${Admin__UserName:-admin}
  export Admin__Password=$(cat "$admin_password_file")
fi

# Checkpoints and sample sets, shared by the web app and every worker started here.
export Artifacts__Path=${Artifacts__Path:-$repo_root/.data/artifacts}
# Pretrained models (a folder per model in the Hugging Face layout), read by the web app (names checked at submit) and
# every worker started here; the Models page lists them.
export Models__Path=${Models__Path:-$repo_root/.data/models}
mkdir -p "$Models__Path"
torch_package=${WORKBENCH_TORCH_PACKAGE:-TorchSharp-cpu}

echo "Building..."
dotnet build "$repo_root/web/Workbench.Web" -c Release -v quiet -nologo -p:TorchPackage="$torch_package"
dotnet build "$repo_root/workers/Workbench.Worker" -c Release -v quiet -nologo -p:TorchPackage="$torch_package"

worker_dir="$repo_root/workers/Workbench.Worker/bin/Release/net10.0"
web_dir="$repo_root/web/Workbench.Web/bin/Release/net10.0"
for i in $(seq 1 "$workers"); do
  supervise "worker $i" "$worker_dir" dotnet Workbench.Worker.dll
done
supervise "web app" "$web_dir" dotnet Workbench.Web.dll --urls "$url"

# Ready when the web app's health check (database and queue reachable) answers.
for _ in $(seq 1 120); do
  python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "$url/health" 2>/dev/null && break
  sleep 1
done
echo "Workbench: $url  ($workers worker process(es), restarted if they exit; Ctrl-C stops everything)"
[ -f "$admin_password_file" ] && echo "First sign-in: user '${Admin__UserName:-admin}', password in .data/admin-password (add your team under Users)"
while true; do
  sleep 5 & wait $! || true
  if [ -n "$local_data" ] && ! as_pg_user "$pg_bin/pg_ctl" -D "$local_data" status >/dev/null 2>&1; then
    echo "run.sh: PostgreSQL stopped; starting it again" >&2
    start_cluster "$local_data" "$port" || echo "run.sh: PostgreSQL did not start (see $local_data/server.log)" >&2
  fi
done
