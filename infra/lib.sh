# Shared by run.sh and test.sh (sourced, not run).

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
pg_bin=${WORKBENCH_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}

# Installs Debian packages whose command is missing: ensure_commands cmd:package ...
ensure_commands() {
  local missing=() pair
  for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || [ -x "${pair%%:*}" ] || missing+=("${pair#*:}")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing ${missing[*]} (apt-get)..."
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_postgres_binaries() {
  if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
    ensure_commands /usr/lib/postgresql/missing/initdb:postgresql
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
}

# PostgreSQL refuses to run as root: run its tools as the 'postgres' user then.
as_pg_user() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

own_for_pg() {
  if [ "$(id -u)" -eq 0 ]; then chown -R postgres "$@"; fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_cluster DATA_DIR PORT — starts an initialised cluster bound to 127.0.0.1, socket in DATA_DIR.
start_cluster() {
  local data=$1 port=$2
  as_pg_user "$pg_bin/pg_ctl" -D "$data" -o "-p $port -k $data -c listen_addresses=127.0.0.1" \
    -l "$data/server.log" -w -t 60 start >/dev/null
}

stop_cluster() {
  local data=$1
  [ -f "$data/postmaster.pid" ] && as_pg_user "$pg_bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null || true
}

# init_test_cluster DIR — a new cluster in DIR (its parent must be readable by all), superuser
# 'workbench' with trust authentication: for throwaway test clusters only.
init_test_cluster() {
  local cluster=$1
  mkdir -p "$cluster"
  own_for_pg "$cluster"
  as_pg_user "$pg_bin/initdb" -D "$cluster" -U workbench -A trust >/dev/null
}

# start_throwaway_cluster — a fresh cluster in a scratch folder ($scratch), removed on exit; exports
# WORKBENCH_TEST_CONNECTION for the tests and benchmarks that create their own databases on it, and
# WORKBENCH_PG_BIN for the fault tests that start (and stop) a cluster of their own with lib.sh.
start_throwaway_cluster() {
  scratch=$(mktemp -d /tmp/workbench-test.XXXXXX)
  chmod 755 "$scratch"
  local cluster="$scratch/postgres"
  trap "stop_cluster '$cluster'; rm -rf '$scratch'" EXIT INT TERM
  init_test_cluster "$cluster"
  export WORKBENCH_PG_BIN=$pg_bin
  local port
  port=$(free_port)
  start_cluster "$cluster" "$port"
  export WORKBENCH_TEST_CONNECTION="Host=127.0.0.1;Port=$port;Username=workbench;Database=postgres"
}
