#!/usr/bin/env bash
# Benchmark: rethink-migrate's dump and restore against the server's own limits, in one run.
#
#   bash bench/run.sh [-c HOST:PORT | --real] [--docs N] [--clients N] [--out FILE] [--skip-reads]
#
# -c uses a running server; --real starts a throwaway real RethinkDB (scripts/test-server.sh start
# --real: RETHINKDB_BIN or rethinkdb on PATH); neither starts a throwaway reqlite (name "bench", big
# node heap).
# Steps, all on database rm_bench of the server (dropped and recreated; dropped at the end):
#   1. raw insert  : N documents of ~1.2 KB (nested objects, arrays, TIME, BINARY) in 4 tables holding
#                    70/15/10/5 %, generated in memory first, then inserted by parallel batched inserts
#                    (8 connections, 2 batches in flight each, soft durability), with batches of 500 and
#                    then of 200 documents: the faster is the server's write limit
#   2. raw read    : every table read by 3 parallel cursors over primary-key ranges (exact split
#                    points), data discarded: the server's read limit (two range sizes, the best counts)
#   3. dump        : bin/rethink-migrate dump, default options (gzip), then --compress none
#                    (--skip-reads leaves out step 2 and the --compress none dump: for runs so big that
#                    reqlite's whole-table scans per range take hours; peak RSS is what they are for)
#   4. restore     : the gzip archive into the dropped database, default options
#   5. official    : where the official Python tools are installed (python3 -m rethinkdb, or
#                    RETHINKDB_OFFICIAL_PYTHON), their dump and then their restore of their own archive,
#                    default options, on the same data
# Reports docs/s, MB/s (of the documents' JSON), peak RSS (/usr/bin/time -v), server CPU seconds when
# the server is a local process we know, and dump/read and restore/insert ratios, as a Markdown table
# on stdout and in FILE (default bench/last-run.md). The Java side (bench/java) is compiled here against
# the shaded jar: it is not part of the Maven build or its test suites.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
addr="" docs=1000000 clients=3 out="$root/bench/last-run.md" server_pid="" skip_reads="" real=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    -c) addr="$2"; shift 2 ;;
    --real) real=1; shift ;;
    --docs) docs="$2"; shift 2 ;;
    --clients) clients="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --skip-reads) skip_reads=1; shift ;;
    -h|--help) sed -n "2,$(( $(grep -n "^set -euo" "$0" | cut -d: -f1) - 1 ))p" "$0"; exit 0 ;;
    *) echo "bench/run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
db=rm_bench
work="$(mktemp -d "${TMPDIR:-/tmp}/rm-bench.XXXXXX")"
started_server=""
cleanup() {
  [[ -n "$addr" ]] && java -cp "$root/target/bench:$root/target/rethink-migrate.jar" io.rethinkmigrate.bench.Bench drop "$addr" "$db" >/dev/null 2>&1 || true
  [[ -n "$started_server" ]] && bash "$root/scripts/test-server.sh" stop bench >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

[[ -f "$root/target/rethink-migrate.jar" ]] || (cd "$root" && mvn -o -q -B package -DskipTests)
mkdir -p "$root/target/bench"
javac -nowarn -d "$root/target/bench" -cp "$root/target/rethink-migrate.jar" $(find "$root/bench/java" -name '*.java')
BENCH=(java -Xmx3g -cp "$root/target/bench:$root/target/rethink-migrate.jar" io.rethinkmigrate.bench.Bench)
bench() { "${BENCH[@]}" "$@"; }

if [[ -z "$addr" && -n "$real" ]]; then
  addr="$(bash "$root/scripts/test-server.sh" start --real bench)"
  started_server=1
  server_pid="$(cat "$root/.test-server/bench.pid")"
elif [[ -z "$addr" ]]; then
  addr="$(NODE_OPTIONS=--max-old-space-size=14000 bash "$root/scripts/test-server.sh" start bench)"
  started_server=1
  server_pid="$(cat "$root/.test-server/bench.pid")"
else
  # a local server process listening on that port, if any: its CPU time is reported too
  port="${addr##*:}"
  server_pid="$(ss -Hltnp "sport = :$port" 2>/dev/null | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1 || true)"
fi
cpu_of() { [[ -n "$server_pid" && -r /proc/$server_pid/stat ]] && awk '{print $14+$15}' "/proc/$server_pid/stat" || echo 0; }
load_at_start="$(cut -d' ' -f1-3 /proc/loadavg)"

declare -A SECONDS_OF RSS_OF CPU_OF
# runs a command, records wall seconds, peak RSS (MB) and server CPU seconds under NAME
measure() {
  local name="$1"; shift
  local c0 c1 t0 t1
  c0="$(cpu_of)"; t0="$(date +%s.%N)"
  /usr/bin/time -v -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err" \
    || { echo "bench: $name failed:" >&2; cat "$work/$name.err" >&2; exit 1; }
  t1="$(date +%s.%N)"; c1="$(cpu_of)"
  SECONDS_OF[$name]="$(echo "$t1 - $t0" | bc -l)"
  RSS_OF[$name]="$(awk -F': ' '/Maximum resident/ {printf "%.0f", $2/1024}' "$work/$name.time")"
  CPU_OF[$name]="$(echo "($c1 - $c0) / 100" | bc -l)"
  echo "  $name: $(printf %.1f "${SECONDS_OF[$name]}") s, peak RSS ${RSS_OF[$name]} MB" >&2
}
result_seconds() { sed -n 's/^RESULT .* seconds=\([0-9.]*\).*$/\1/p' "$work/$1.out"; }

echo "bench: $docs documents on $addr (load $load_at_start)" >&2
measure raw-insert-500 "${BENCH[@]}" load "$addr" "$db" "$docs" 8 500
measure raw-insert-200 "${BENCH[@]}" load "$addr" "$db" "$docs" 8 200
bytes="$(sed -n 's/^RESULT .* bytes=\([0-9]*\) .*/\1/p' "$work/raw-insert-200.out")"
total="$(sed -n 's/^RESULT .* docs=\([0-9]*\) .*/\1/p' "$work/raw-insert-200.out")"
# timed inside the program (the generation before the clock is not counted); the faster batch size counts
i500="$(result_seconds raw-insert-500)"; i200="$(result_seconds raw-insert-200)"
if (( $(echo "$i500 <= $i200" | bc -l) )); then best_insert=raw-insert-500; else best_insert=raw-insert-200; fi
SECONDS_OF[raw-insert]="$(result_seconds $best_insert)"; CPU_OF[raw-insert]="${CPU_OF[$best_insert]}"
RSS_OF[raw-insert]="${RSS_OF[$best_insert]}"

# ranges of about the size rethink-migrate's dump reads at once (24 MiB pages), and three times that
per_doc=$(( bytes / total ))
small_range=$(( 18 * 1024 * 1024 / per_doc ))
if [[ -z "$skip_reads" ]]; then
  measure raw-read-a "${BENCH[@]}" read "$addr" "$db" "$clients" "$small_range"
  measure raw-read-b "${BENCH[@]}" read "$addr" "$db" "$clients" $(( small_range * 3 ))
  a="$(result_seconds raw-read-a)"; b="$(result_seconds raw-read-b)"
  SECONDS_OF[raw-read-a]="$a"
  if (( $(echo "$a <= $b" | bc -l) )); then best=raw-read-a; else best=raw-read-b; fi
  SECONDS_OF[raw-read]="$(result_seconds $best)"; CPU_OF[raw-read]="${CPU_OF[$best]}"; RSS_OF[raw-read]="${RSS_OF[$best]}"
fi

measure dump-gzip "$root/bin/rethink-migrate" dump -c "$addr" -e "$db" --clients "$clients" -f "$work/dump.tar.gz" -q
[[ -n "$skip_reads" ]] || measure dump-none "$root/bin/rethink-migrate" dump -c "$addr" -e "$db" --clients "$clients" --compress none -f "$work/dump.tar" -q
gz_size="$(stat -c %s "$work/dump.tar.gz")"
bench drop "$addr" "$db"
measure restore "$root/bin/rethink-migrate" restore "$work/dump.tar.gz" -c "$addr" -q
restored="$(bench count "$addr" "$db")"
[[ "$restored" == "$total" ]] || { echo "bench: restore gave $restored documents, expected $total" >&2; exit 1; }

# the official tools on the same data, where they are installed
official=""
for py in "${RETHINKDB_OFFICIAL_PYTHON:-}" python3 /usr/bin/python3; do
  if [[ -n "$py" ]] && "$py" -c "import rethinkdb._dump, rethinkdb._restore" 2>/dev/null; then official="$py"; break; fi
done
if [[ -n "$official" ]]; then
  measure official-dump "$official" -m rethinkdb dump -c "$addr" -e "$db" --clients "$clients" -f "$work/official.tar.gz" -q
  bench drop "$addr" "$db"
  measure official-restore "$official" -m rethinkdb restore "$work/official.tar.gz" -c "$addr" -q
  restored="$(bench count "$addr" "$db")"
  [[ "$restored" == "$total" ]] || { echo "bench: the official restore gave $restored documents, expected $total" >&2; exit 1; }
else
  echo "bench: the official tools are not installed (no python3 imports rethinkdb._dump): their rows are left out" >&2
fi
load_at_end="$(cut -d' ' -f1-3 /proc/loadavg)"

row() {  # name label
  local s="${SECONDS_OF[$1]}"
  printf "| %s | %.0f | %.1f | %.1f | %s | %s |\n" "$2" "$(echo "$total / $s" | bc -l)" \
    "$(echo "$bytes / 1048576 / $s" | bc -l)" "$s" "${RSS_OF[$1]:--}" \
    "$( [[ -n "$server_pid" ]] && printf %.1f "${CPU_OF[$1]}" || echo -)"
}
ratio() { printf "%.0f %%" "$(echo "100 * ${SECONDS_OF[$2]} / ${SECONDS_OF[$1]}" | bc -l)"; }
{
  echo "### $(date -u +%Y-%m-%dT%H:%MZ): $total documents ($(echo "$bytes / 1048576" | bc) MiB of JSON), server $addr"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1);"
  echo "load average at start $load_at_start, at end $load_at_end. Server: $(if [[ -n "$real" ]]; then "$(bash "$root/scripts/test-server.sh" binary)" --version | head -1; elif [[ -n "$started_server" ]]; then echo reqlite; else echo "$addr"; fi). Command: \`bash bench/run.sh $( [[ -n "$real" ]] && echo "--real " || [[ -n "$started_server" ]] || echo "-c $addr ")--docs $docs --clients $clients$( [[ -z "$skip_reads" ]] || echo " --skip-reads")\`"
  echo
  echo "| step | docs/s | MB/s | seconds | peak RSS MB | server CPU s |"
  echo "|---|---|---|---|---|---|"
  row raw-insert "raw insert (server write limit, best of 500 / 200 docs a batch: $(printf %.1f "$i500") s / $(printf %.1f "$i200") s)"
  [[ -n "$skip_reads" ]] || row raw-read "raw read (server read limit, best of $small_range / $(( small_range * 3 )) docs a range: $(printf %.0f "$a") s / $(printf %.0f "$b") s)"
  row dump-gzip "rethink-migrate dump (default: gzip)"
  [[ -n "$skip_reads" ]] || row dump-none "rethink-migrate dump --compress none"
  row restore "rethink-migrate restore (default)"
  if [[ -n "$official" ]]; then
    row official-dump "official rethinkdb dump (default)"
    row official-restore "official rethinkdb restore (default)"
  fi
  echo
  if [[ -z "$skip_reads" ]]; then
    echo "Ratios (time of the limit / time of ours): dump gzip $(ratio dump-gzip raw-read) of the raw read, dump none $(ratio dump-none raw-read), restore $(ratio restore raw-insert) of the raw insert. Against the raw read with ranges of our dump's size ($small_range docs): dump gzip $(ratio dump-gzip raw-read-a), dump none $(ratio dump-none raw-read-a). Archive: $(echo "$gz_size / 1048576" | bc) MiB gzip."
  else
    echo "Ratio (time of the limit / time of ours): restore $(ratio restore raw-insert) of the raw insert (raw reads and the --compress none dump left out: --skip-reads). Archive: $(echo "$gz_size / 1048576" | bc) MiB gzip."
  fi
  if [[ -n "$official" ]]; then
    echo
    echo "Against the official tools on the same data: dump $(printf %.1f "$(echo "${SECONDS_OF[official-dump]} / ${SECONDS_OF[dump-gzip]}" | bc -l)")x as fast, restore $(printf %.1f "$(echo "${SECONDS_OF[official-restore]} / ${SECONDS_OF[restore]}" | bc -l)")x as fast."
  fi
} | tee "$out"
