#!/usr/bin/env bash
# THE test command: builds rethink-migrate and runs the whole suite (unit *Test + integration *IT).
#
#   bash scripts/test.sh [extra mvn args]
#
# Without RETHINKDB_TEST_SERVER it runs the integration tier twice:
#   1. against a throwaway reqlite server (scripts/test-server.sh, name `suite`; a second one, `suite2`,
#      is RETHINKDB_TEST_SERVER2 for the copy tests between two servers);
#   2. against a throwaway real RethinkDB (scripts/test-server.sh start --real, name `real`) when a
#      binary is there (RETHINKDB_BIN, or `rethinkdb` on PATH), with RETHINKDB_TEST_REAL=1 so every
#      real-server-only test runs (and `real2` as the second server); without a binary it says in one
#      line that this tier was skipped.
# Every server it starts is stopped on exit, also on failure.
# With RETHINKDB_TEST_SERVER=host:port it uses that server only and starts nothing; add
# RETHINKDB_TEST_REAL=1 when it is a real RethinkDB, and RETHINKDB_TEST_PASSWORD for admin's password.
# Then runs the README's migration walkthrough (scripts/walkthrough-test.sh, its own two reqlite servers).
# Prints the totals from the surefire/failsafe reports and the walkthrough's result; exits non-zero on
# any failure.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

started=""
started_real=""
cleanup() {
  if [[ -n "$started" ]]; then bash scripts/test-server.sh stop suite || true; bash scripts/test-server.sh stop suite2 || true; fi
  if [[ -n "$started_real" ]]; then bash scripts/test-server.sh stop real || true; bash scripts/test-server.sh stop real2 || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "== installing Node test tools (reqlite, rethinkdb JS driver)"
bash scripts/npm-install.sh

if [[ -z "${RETHINKDB_TEST_SERVER:-}" ]]; then
  echo "== starting reqlite test server"
  started=1
  RETHINKDB_TEST_SERVER="$(bash scripts/test-server.sh start suite)"
  RETHINKDB_TEST_SERVER2="$(bash scripts/test-server.sh start suite2)"
  export RETHINKDB_TEST_SERVER2
  export RETHINKDB_TEST_SERVER
  server_label="reqlite $RETHINKDB_TEST_SERVER"
else
  export RETHINKDB_TEST_SERVER
  if [[ "${RETHINKDB_TEST_REAL:-}" == "1" ]]; then
    server_label="real server $RETHINKDB_TEST_SERVER"
  else
    server_label="given server $RETHINKDB_TEST_SERVER, treated as reqlite: set RETHINKDB_TEST_REAL=1 for a real one"
  fi
fi
echo "== integration tests will run against: $server_label"

rm -rf target/surefire-reports target/failsafe-reports target/failsafe-reports-real  # no stale totals
mvn_rc=0
mvn -B verify "$@" || mvn_rc=$?

# The real-server tier: the same integration tests against a throwaway real RethinkDB.
real_label=""
real_note=""
# It runs even when the reqlite tier failed (where the two disagree, the real server is right, so its
# answer is worth having), but not when the build or the unit tests failed (no integration reports).
if [[ -n "$started" ]] && [[ -d target/failsafe-reports ]]; then
  if real_bin="$(bash scripts/test-server.sh binary)"; then
    echo "== starting a throwaway real RethinkDB ($("$real_bin" --version 2>/dev/null | head -1))"
    started_real=1
    if real_address="$(bash scripts/test-server.sh start --real real)" \
        && real_address2="$(bash scripts/test-server.sh start --real real2)"; then
      real_label="real server $real_address"
      echo "== integration tests again, against: $real_label"
      mv target/failsafe-reports target/failsafe-reports-reqlite
      RETHINKDB_TEST_SERVER="$real_address" RETHINKDB_TEST_SERVER2="$real_address2" RETHINKDB_TEST_REAL=1 \
        mvn -B failsafe:integration-test failsafe:verify "$@" || mvn_rc=$?
      mv target/failsafe-reports target/failsafe-reports-real 2>/dev/null || true
      mv target/failsafe-reports-reqlite target/failsafe-reports
    else
      mvn_rc=1
      real_note="real-server tier: FAILED (the real server did not start)"
    fi
  else
    real_note="real-server tier: skipped ($real_bin; set RETHINKDB_BIN to run it)"
  fi
  [[ -n "$real_note" ]] && echo "== $real_note"
elif [[ -n "$started" ]]; then
  real_note="real-server tier: not run (the build or the unit tests failed)"
fi

walkthrough="not run (mvn failed)"
if ((mvn_rc == 0)); then
  echo "== README migration walkthrough (scripts/walkthrough-test.sh)"
  if bash scripts/walkthrough-test.sh; then walkthrough=passed; else walkthrough=failed; fi
fi

# totals DIR -> "tests failures errors skipped files" summed over DIR/TEST-*.xml
totals() {
  local dir=$1 t=0 f=0 e=0 s=0 n=0 head x
  shopt -s nullglob
  for x in "$dir"/TEST-*.xml; do
    head="$(grep -m1 -o '<testsuite [^>]*>' "$x" || true)"
    [[ -n "$head" ]] || continue
    n=$((n + 1))
    t=$((t + $(attr tests "$head")))
    f=$((f + $(attr failures "$head")))
    e=$((e + $(attr errors "$head")))
    s=$((s + $(attr skipped "$head")))
  done
  shopt -u nullglob
  echo "$t $f $e $s $n"
}
attr() { local v; v="$(grep -o " $1=\"[0-9]*\"" <<<"$2" | head -1 | tr -dc 0-9)"; echo "${v:-0}"; }

failed=0
report() {
  local label=$1 dir=$2 t f e s n
  if [[ ! -d "$dir" ]]; then echo "$label: no reports ($dir missing: not run)"; return; fi
  read -r t f e s n < <(totals "$dir")
  echo "$label: $((t - f - e - s)) passed, $((f + e)) failed, $s skipped ($n classes)"
  if ((f + e > 0)); then failed=1; fi
}
echo
echo "================ rethink-migrate test summary ================"
report "unit" target/surefire-reports
report "integration ($server_label)" target/failsafe-reports
if [[ -n "$real_label" ]]; then report "integration ($real_label)" target/failsafe-reports-real; fi
if [[ -n "$real_note" ]]; then echo "$real_note"; fi
echo "walkthrough: $walkthrough"
if [[ "$walkthrough" == failed ]]; then failed=1; fi
if ((mvn_rc != 0)); then
  echo "RESULT: FAILED (mvn exit code $mvn_rc)"
  exit "$mvn_rc"
fi
if ((failed)); then echo "RESULT: FAILED"; exit 1; fi
echo "RESULT: PASSED"
