#!/usr/bin/env bash
# Throwaway reqlite test servers (in-memory imitation of RethinkDB, npm reqlite@2.3.0).
#
#   scripts/test-server.sh start  [NAME]   start one, print host:port
#   scripts/test-server.sh stop   [NAME]   stop it
#   scripts/test-server.sh status [NAME]   print host:port if running (exit 1 if not)
#
# State lives in .test-server/ at the repo root: without NAME the files are `address`, `pid`
# and `reqlite.log`; with NAME they are `NAME.address`, `NAME.pid`, `NAME.log`.
# Env: TEST_SERVER_FIRST_OFFSET (default 1000, i.e. port 29015), TEST_SERVER_TIMEOUT (30 s).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
state="$root/.test-server"

cmd="${1:-}"
name="${2:-}"
if [[ -n "$name" && ! "$name" =~ ^[A-Za-z0-9_-]+$ ]]; then
  echo "test-server.sh: bad name '$name' (use [A-Za-z0-9_-])" >&2; exit 2
fi
if [[ -z "$name" ]]; then
  addr_file="$state/address"; pid_file="$state/pid"; log_file="$state/reqlite.log"; label="test server"
else
  addr_file="$state/$name.address"; pid_file="$state/$name.pid"; log_file="$state/$name.log"; label="test server '$name'"
fi

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
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    echo "stopped $label (pid $pid)" >&2
  fi
  rm -f "$pid_file" "$addr_file"
}

do_start() {
  if running_pid >/dev/null && [[ -s "$addr_file" ]]; then
    cat "$addr_file"; return 0
  fi
  rm -f "$pid_file" "$addr_file"
  mkdir -p "$state"
  bash "$here/npm-install.sh"
  local reqlite="$here/node_modules/reqlite/bin/reqlite"
  [[ -f "$reqlite" ]] || { echo "test-server.sh: $reqlite missing after npm install" >&2; exit 1; }

  local first="${TEST_SERVER_FIRST_OFFSET:-1000}" timeout="${TEST_SERVER_TIMEOUT:-30}"
  local offset port pid deadline
  for ((offset = first; offset < first + 200; offset++)); do
    port=$((28015 + offset))
    port_busy "$port" && continue
    # setsid: own process group, survives this script; node directly so the pid is the server's.
    if command -v setsid >/dev/null 2>&1; then
      setsid node "$reqlite" --port-offset "$offset" >"$log_file" 2>&1 </dev/null &
    else
      nohup node "$reqlite" --port-offset "$offset" >"$log_file" 2>&1 </dev/null &
    fi
    pid=$!
    echo "$pid" >"$pid_file"
    deadline=$((SECONDS + timeout))
    while true; do
      if ! kill -0 "$pid" 2>/dev/null; then
        if grep -q EADDRINUSE "$log_file"; then break; fi   # lost a race for the port: next one
        echo "test-server.sh: reqlite exited at start; log $log_file:" >&2
        cat "$log_file" >&2; rm -f "$pid_file"; exit 1
      fi
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        echo "127.0.0.1:$port" >"$addr_file"
        echo "started $label: reqlite pid $pid on 127.0.0.1:$port, log $log_file" >&2
        echo "127.0.0.1:$port"
        return 0
      fi
      if ((SECONDS >= deadline)); then
        echo "test-server.sh: reqlite (pid $pid) did not accept connections on 127.0.0.1:$port within ${timeout}s; log $log_file:" >&2
        cat "$log_file" >&2
        kill "$pid" 2>/dev/null || true; rm -f "$pid_file"; exit 1
      fi
      sleep 0.2
    done
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
  *) echo "usage: $0 start|stop|status [NAME]" >&2; exit 2 ;;
esac
