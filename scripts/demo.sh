#!/usr/bin/env bash
# Builds rethink-migrate and shows its main job end to end:
#   two throwaway reqlite servers (source, target) -> sample data into the source ->
#   rethink-migrate dump (source -> tar.gz) -> rethink-migrate restore (tar.gz -> target) ->
#   table counts on both servers, side by side.
#
#   bash scripts/demo.sh [--docs N]        (default 2000 people documents)
# Needs Java 17, Maven, Node 18+. Servers are stopped on exit, whatever happens.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

docs=2000
while (($#)); do
  case "$1" in
    --docs) docs="$2"; shift 2 ;;
    *) echo "usage: bash scripts/demo.sh [--docs N]" >&2; exit 2 ;;
  esac
done

tmp="$(mktemp -d "${TMPDIR:-/tmp}/rethink-migrate-demo.XXXXXX")"
cleanup() {
  bash scripts/test-server.sh stop demo-source >/dev/null 2>&1 || true
  bash scripts/test-server.sh stop demo-target >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

step() { printf '\n== %s\n' "$*"; }

step "building rethink-migrate (mvn -q -B package -DskipTests)"
mvn -q -B package -DskipTests
jar=target/rethink-migrate.jar

step "installing the Node test tools and starting two reqlite servers"
bash scripts/npm-install.sh
src="$(bash scripts/test-server.sh start demo-source 2>/dev/null)"
dst="$(bash scripts/test-server.sh start demo-target 2>/dev/null)"
echo "source: reqlite $src"
echo "target: reqlite $dst"

step "loading sample data into the source"
node scripts/load-sample.js "$src" --docs "$docs"

archive="$tmp/demo.tar.gz"
step "java -jar $jar dump -c $src -f $archive"
t0=$(date +%s.%N)
java -jar "$jar" dump -c "$src" -f "$archive"
t1=$(date +%s.%N)
if [[ ! -s "$archive" ]]; then
  echo "demo: the dump wrote no archive at $archive (is the dump command implemented in this build?)" >&2
  exit 1
fi
ls -l "$archive"

# reqlite's index_status() has no index function blobs (a real server's has), so the dump warns that
# the sample's secondary indexes cannot be recreated: the demo restores the data without them.
step "java -jar $jar restore $archive -c $dst --no-secondary-indexes"
java -jar "$jar" restore "$archive" -c "$dst" --no-secondary-indexes
t2=$(date +%s.%N)

step "summary"
printf '%-24s %10s %10s  %s\n' TABLE SOURCE TARGET ""
ok=1
for t in $(node scripts/js-reader.js "$src" tables); do
  db="${t%%.*}"; table="${t#*.}"
  a="$(node scripts/js-reader.js "$src" count "$db" "$table")"
  b="$(node scripts/js-reader.js "$dst" count "$db" "$table" 2>/dev/null || echo missing)"
  same=""
  if [[ "$a" == "$b" ]] && cmp -s <(node scripts/js-reader.js "$src" dump "$db" "$table") \
                                 <(node scripts/js-reader.js "$dst" dump "$db" "$table"); then
    same="identical"
  else
    same="DIFFERENT"; ok=0
  fi
  printf '%-24s %10s %10s  %s\n' "$t" "$a" "$b" "$same"
done
awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN { printf "dump %.1f s, restore %.1f s\n", b - a, c - b }'
if ((ok)); then echo "demo OK: the target holds the same documents as the source"; else echo "demo: the target differs"; exit 1; fi
