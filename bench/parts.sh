#!/usr/bin/env bash
# Scale-out benchmark (issue 18): one part against two parts run at once on the same machine and server
# (a stand-in for two machines), for the dump and for the restore.
#
#   bash bench/parts.sh [-c HOST:PORT | --real] [--docs N] [--clients N] [--out FILE]
#
# -c uses a running server; --real starts a throwaway real RethinkDB (scripts/test-server.sh start --real
# bench-parts); neither starts a throwaway reqlite (name bench-parts). Database rm_bench_parts (dropped
# first and at the end) gets N documents (default 200000) in bench/run.sh's 4 tables (70/15/10/5 %).
# Steps, each timed from the shell (JVM start-up included), every command with --clients N (default 3):
#   1. plan --parts 1, then dump --plan --part 0                          (1 part)
#   2. plan --parts 2, then dump --part 0 and dump --part 1 at once        (2 parts; wall time of both)
#   3. restore of the 1-part archive into the dropped database             (1 part)
#   4. restore --part 0 and --part 1 (--parts-done) at once, then --finish  (2 parts)
# The document count is checked after each restore. Prints a Markdown table on stdout and in FILE
# (default bench/last-parts.md). Needs the shaded jar (built when missing).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
addr="" docs=200000 clients=3 out="$root/bench/last-parts.md" real="" started_server=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    -c) addr="$2"; shift 2 ;;
    --real) real=1; shift ;;
    --docs) docs="$2"; shift 2 ;;
    --clients) clients="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n "2,$(( $(grep -n "^set -euo" "$0" | cut -d: -f1) - 1 ))p" "$0"; exit 0 ;;
    *) echo "bench/parts.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
db=rm_bench_parts
work="$(mktemp -d "${TMPDIR:-/tmp}/rm-parts.XXXXXX")"
BENCH=(java -Xmx3g -cp "$root/target/bench:$root/target/rethink-migrate.jar" io.rethinkmigrate.bench.Bench)
cleanup() {
  [[ -n "$addr" ]] && "${BENCH[@]}" drop "$addr" "$db" >/dev/null 2>&1 || true
  [[ -n "$started_server" ]] && bash "$root/scripts/test-server.sh" stop bench-parts >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

[[ -f "$root/target/rethink-migrate.jar" ]] || (cd "$root" && mvn -o -q -B package -DskipTests)
mkdir -p "$root/target/bench"
javac -nowarn -d "$root/target/bench" -cp "$root/target/rethink-migrate.jar" $(find "$root/bench/java" -name '*.java')
if [[ -z "$addr" ]]; then
  addr="$(bash "$root/scripts/test-server.sh" start ${real:+--real} bench-parts)"
  started_server=1
fi
cli() { "$root/bin/rethink-migrate" "$@" -c "$addr" --clients "$clients" -q; }
load_at_start="$(cut -d' ' -f1-3 /proc/loadavg)"

declare -A SECONDS_OF
# runs the commands given as separate arguments at once (each a string for bash -c), records the wall
# seconds until the last ends under NAME; any failure stops the bench
timed() {
  local name="$1"; shift
  local t0 t1 pids=() i=0
  t0="$(date +%s.%N)"
  for command in "$@"; do
    bash -c "$command" >"$work/$name.$i.out" 2>"$work/$name.$i.err" & pids+=($!)
    i=$((i + 1))
  done
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || { echo "bench: $name failed:" >&2; cat "$work/$name.$i.err" >&2; exit 1; }
  done
  t1="$(date +%s.%N)"
  SECONDS_OF[$name]="$(echo "$t1 - $t0" | bc -l)"
  echo "  $name: $(printf %.1f "${SECONDS_OF[$name]}") s" >&2
}
count_is() {
  local n; n="$("${BENCH[@]}" count "$addr" "$db")"
  [[ "$n" == "$total" ]] || { echo "bench: $1 gave $n documents, expected $total" >&2; exit 1; }
}
export -f cli; export root addr clients

echo "bench: $docs documents on $addr (load $load_at_start)" >&2
"${BENCH[@]}" load "$addr" "$db" "$docs" 8 500 >"$work/load.out"
total="$("${BENCH[@]}" count "$addr" "$db")"
bytes="$(sed -n 's/^RESULT .* bytes=\([0-9]*\) .*/\1/p' "$work/load.out")"
cd "$work"
cli plan -e "$db" --parts 1 -o one.json
cli plan -e "$db" --parts 2 -o two.json
split="$(python3 -c "import json; print(' / '.join(str(n) for n in json.load(open('two.json'))['estimated_documents_per_part']))")"
timed dump-1 "cli dump --plan one.json --part 0 -f one-0.tar.gz"
timed dump-2 "cli dump --plan two.json --part 0 -f two-0.tar.gz" "cli dump --plan two.json --part 1 -f two-1.tar.gz"
"${BENCH[@]}" drop "$addr" "$db"
timed restore-1 "cli restore one-0.tar.gz"
count_is "the 1-part restore"
"${BENCH[@]}" drop "$addr" "$db"
timed restore-2-data "cli restore two-0.tar.gz --plan two.json --part 0 --parts-done done" \
  "cli restore two-1.tar.gz --plan two.json --part 1 --parts-done done"
timed restore-2-finish "cli restore two-0.tar.gz --plan two.json --finish --parts-done done"
SECONDS_OF[restore-2]="$(echo "${SECONDS_OF[restore-2-data]} + ${SECONDS_OF[restore-2-finish]}" | bc -l)"
count_is "the 2-part restore"
load_at_end="$(cut -d' ' -f1-3 /proc/loadavg)"

row() {  # name label
  local s="${SECONDS_OF[$1]}"
  printf "| %s | %.0f | %.1f | %.1f |\n" "$2" "$(echo "$total / $s" | bc -l)" "$(echo "$bytes / 1048576 / $s" | bc -l)" "$s"
}
speedup() { printf "%.2fx" "$(echo "${SECONDS_OF[$1]} / ${SECONDS_OF[$2]}" | bc -l)"; }
{
  echo "### $(date -u +%Y-%m-%dT%H:%MZ): parts, $total documents ($(echo "$bytes / 1048576" | bc) MiB of JSON), server $addr"
  echo
  echo "Machine: $(nproc) cores, $(java -version 2>&1 | head -1); load average at start $load_at_start, at end $load_at_end."
  echo "Server: $(if [[ -n "$real" ]]; then "$(bash "$root/scripts/test-server.sh" binary)" --version | head -1; elif [[ -n "$started_server" ]]; then echo reqlite; else echo "$addr"; fi)."
  echo "Command: \`bash bench/parts.sh $( [[ -n "$real" ]] && echo "--real " || [[ -n "$started_server" ]] || echo "-c $addr ")--docs $docs --clients $clients\`. Plan of 2 parts: about $split documents."
  echo
  echo "| step | docs/s | MB/s | seconds |"
  echo "|---|---|---|---|"
  row dump-1 "dump, 1 part"
  row dump-2 "dump, 2 parts at once (wall time of both)"
  row restore-1 "restore, 1 part"
  row restore-2 "restore, 2 parts at once (--part; then --finish: $(printf %.1f "${SECONDS_OF[restore-2-finish]}") s)"
  echo
  echo "2 parts against 1: dump $(speedup dump-1 dump-2) as fast, restore $(speedup restore-1 restore-2)."
} | tee "$out"
