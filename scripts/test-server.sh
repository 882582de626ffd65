#!/usr/bin/env bash
# Throwaway test servers: reqlite (an in-memory imitation of RethinkDB, npm reqlite@2.3.0), or with
# --real a real RethinkDB started from a binary that is already on this machine.
#
#   scripts/test-server.sh start  [--real] [NAME]   start one, print host:port
#   scripts/test-server.sh stop   [NAME]            stop it (a real server's data directory is removed)
#   scripts/test-server.sh status [NAME]            print host:port if running (exit 1 if not)
#   scripts/test-server.sh binary                   print the real server binary, or why there is none (exit 1)
#
# The real server is the binary in RETHINKDB_BIN, else `rethinkdb` on PATH. It gets its own temporary
# data directory, listens on loopback only (driver and cluster ports that are free, no web console),
# and is stopped by its own process id.
#
# State lives in .test-server/ at the repo root: without NAME the files are `address`, `pid`
# and `reqlite.log`; with NAME they are `NAME.address`, `NAME.pid`, `NAME.log` (and `NAME.data`,
# the path of a real server's data directory).
# Env: TEST_SERVER_FIRST_OFFSET (default 1000, i.e. port 29015), TEST_SERVER_TIMEOUT (30 s; 90 s for a
# real server, which creates its data files first).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
state="$root/.test-server"

cmd="${1:-}"
shift || true
kind=reqlite
if [[ "${1:-}" == "--real" ]]; then kind=real; shift; fi
name="${1:-}"
if [[ -n "$name" && ! "$name" =~ ^[A-Za-z0-9_-]+$ ]]; then
  echo "test-server.sh: bad name '$name' (use [A-Za-z0-9_-])" >&2; exit 2
fi
if [[ -z "$name" ]]; then
  addr_file="$state/address"; pid_file="$state/pid"; log_file="$state/reqlite.log"; data_file="$state/data"
  label="test server"
else
  addr_file="$state/$name.address"; pid_file="$state/$name.pid"; log_file="$state/$name.log"
  data_file="$state/$name.data"; label="test server '$name'"
fi

# The real server binary: RETHINKDB_BIN, else rethinkdb on PATH; prints why not and fails when none.
real_binary() {
  local bin="${RETHINKDB_BIN:-}"
  if [[ -n "$bin" ]]; then
    if [[ -x "$bin" ]]; then echo "$bin"; return 0; fi
    echo "RETHINKDB_BIN=$bin is not an executable file"; return 1
  fi
  if bin="$(command -v rethinkdb 2>/dev/null)"; then echo "$bin"; return 0; fi
  echo "no rethinkdb binary on PATH and RETHINKDB_BIN is not set"; return 1
}

port_busy() {  # 0 if something listens on the port (any interface) or accepts on loopback
  local port=$1
  if command -v ss >/dev/null 2>&1; then
    if ss -Hltn "sport = :$port" 2>/dev/null | grep -q .; then return 0; fi
  fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
  return 1
}

running_pid() {  # prints pid if the recorded server is alive
  [[ -f "$pid_file" ]] || return 1
  local pid; pid="$(cat "$pid_file")"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

do_stop() {
  local pid
  if pid="$(running_pid)"; then
    kill "$pid" 2>/dev/null || true
    # a real server flushes and closes its data files on SIGTERM: give it time before SIGKILL
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    echo "stopped $label (pid $pid)" >&2
  fi
  if [[ -s "$data_file" ]]; then
    local data; data="$(cat "$data_file")"
    [[ "$data" == */rethink-migrate-test.* ]] && rm -rf "$data"
  fi
  rm -f "$pid_file" "$addr_file" "$data_file"
}

# Starts the server on PORT in the background (own process group, so it outlives this script and the
# recorded pid is the server's own); prints its pid.
launch() {
  local port=$1 offset=$2
  if [[ "$kind" == real ]]; then
    local bin data
    bin="$(real_binary)" || { echo "test-server.sh: $bin" >&2; exit 1; }
    data="$(mktemp -d "${TMPDIR:-/tmp}/rethink-migrate-test.XXXXXX")"
    echo "$data" >"$data_file"
    setsid "$bin" --directory "$data/db" --bind 127.0.0.1 --driver-port "$port" \
      --cluster-port "$((port + 1000))" --no-http-admin --no-update-check --cache-size 1024 \
      --server-name "test_${name:-suite}" >"$log_file" 2>&1 </dev/null 9>&- &
  else
    local reqlite="$here/node_modules/reqlite/bin/reqlite"
    [[ -f "$reqlite" ]] || { echo "test-server.sh: $reqlite missing after npm install" >&2; exit 1; }
    setsid node "$reqlite" --port-offset "$offset" >"$log_file" 2>&1 </dev/null 9>&- &
  fi
  echo $!
}

do_start() {
  if running_pid >/dev/null && [[ -s "$addr_file" ]]; then
    cat "$addr_file"; return 0
  fi
  rm -f "$pid_file" "$addr_file"
  mkdir -p "$state"
  if [[ "$kind" == reqlite ]]; then bash "$here/npm-install.sh"; fi
  local default_timeout=30
  [[ "$kind" == real ]] && default_timeout=90
  local first="${TEST_SERVER_FIRST_OFFSET:-1000}" timeout="${TEST_SERVER_TIMEOUT:-$default_timeout}"
  local offset port pid deadline
  # One start at a time on this machine (every clone, every user of this script): without it two starts
  # can both see a port free, and the loser's check below connects to the winner's server and reports
  # it as its own. The servers themselves must not inherit the lock (9>&- in launch).
  local lock=/tmp/rethink-migrate-test-server.lock
  { exec 9>"$lock"; } 2>/dev/null || { lock="$state/start.lock"; exec 9>"$lock"; }  # another user's file
  flock -w 300 9 || { echo "test-server.sh: waited 300 s for another start (lock $lock)" >&2; exit 1; }
  for ((offset = first; offset < first + 200; offset++)); do
    port=$((28015 + offset))
    port_busy "$port" && continue
    if [[ "$kind" == real ]] && port_busy "$((port + 1000))"; then continue; fi
    pid="$(launch "$port" "$offset")"
    echo "$pid" >"$pid_file"
    deadline=$((SECONDS + timeout))
    while true; do
      if ! kill -0 "$pid" 2>/dev/null; then
        if grep -q -i "EADDRINUSE\|address already in use" "$log_file"; then break; fi  # lost a race for the port
        echo "test-server.sh: $kind server exited at start; log $log_file:" >&2
        cat "$log_file" >&2; rm -f "$pid_file"; exit 1
      fi
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        echo "127.0.0.1:$port" >"$addr_file"
        echo "started $label: $kind pid $pid on 127.0.0.1:$port, log $log_file" >&2
        echo "127.0.0.1:$port"
        return 0
      fi
      if ((SECONDS >= deadline)); then
        echo "test-server.sh: $kind server (pid $pid) did not accept connections on 127.0.0.1:$port within ${timeout}s; log $log_file:" >&2
        cat "$log_file" >&2
        do_stop; exit 1
      fi
      sleep 0.2
    done
    do_stop  # the port was taken under us: clean up and try the next one
  done
  echo "test-server.sh: no free port in 28015+[$first, $((first + 199))]" >&2
  exit 1
}

case "$cmd" in
  start) do_start ;;
  stop) do_stop ;;
  status)
    if pid="$(running_pid)" && [[ -s "$addr_file" ]]; then cat "$addr_file"
    else echo "$label not running" >&2; exit 1; fi ;;
  binary) real_binary ;;
  *) echo "usage: $0 start [--real] [NAME] | stop [NAME] | status [NAME] | binary" >&2; exit 2 ;;
esac
