#!/usr/bin/env bash
# Runs the whole workbench: PostgreSQL (a local cluster in .data/ unless ConnectionStrings__Workbench
# is set), the worker(s) and the web app. Ctrl-C stops everything it started; data survives restarts.
#   WORKBENCH_URL      where the web app listens (default http://localhost:5080)
#   WORKBENCH_WORKERS  worker processes to start (default 1)
#   WORKBENCH_PG_PORT  port of the local cluster (default 55432)
#   Artifacts__Path    the artifact store's folder (default .data/artifacts)
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

echo "Building..."
dotnet build "$repo_root/web/Workbench.Web" -c Release -v quiet -nologo
dotnet build "$repo_root/workers/Workbench.Worker" -c Release -v quiet -nologo

worker_dir="$repo_root/workers/Workbench.Worker/bin/Release/net10.0"
web_dir="$repo_root/web/Workbench.Web/bin/Release/net10.0"
for i in $(seq 1 "$workers"); do
  (cd "$worker_dir" && exec dotnet Workbench.Worker.dll) &
  pids+=($!)
done
(cd "$web_dir" && exec dotnet Workbench.Web.dll --urls "$url") &
pids+=($!)

echo "Workbench: $url  ($workers worker process(es); Ctrl-C stops everything)"
[ -f "$admin_password_file" ] && echo "First sign-in: user '${Admin__UserName:-admin}', password in .data/admin-password (add your team under Users)"
wait -n "${pids[@]}" || true
