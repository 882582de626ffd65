#!/usr/bin/env bash
# Runs the README's "Migration walkthrough" as written, against two throwaway reqlite servers.
#
#   bash scripts/walkthrough-test.sh
#
# Takes every fenced block tagged ```sh walkthrough from README.md, in order, replaces the values of
# the `OLD=` and `NEW=` lines with the addresses of two reqlite servers (scripts/test-server.sh,
# names walkthrough-old/walkthrough-new), installs rethink-migrate into a temporary PREFIX
# (scripts/install.sh; builds the jar if target/ has none) with PREFIX/bin first on PATH, loads
# sample data into OLD (node scripts/load-sample.js --no-indexes: reqlite cannot give index functions
# to a dump) and runs the blocks as one bash script with `set -euo pipefail` in a temporary directory.
# Then every table of OLD must be on NEW with the same documents (scripts/js-reader.js).
# Exits non-zero on any error; servers and temp files are removed on exit.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
docs="${WALKTHROUGH_DOCS:-500}"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/rethink-migrate-walkthrough.XXXXXX")"
cleanup() {
  bash scripts/test-server.sh stop walkthrough-old >/dev/null 2>&1 || true
  bash scripts/test-server.sh stop walkthrough-new >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
fail() { echo "walkthrough-test.sh: $*" >&2; exit 1; }

# 1. the blocks, as the README has them
awk '
  /^```sh walkthrough[[:space:]]*$/ { inside = 1; n++; printf "echo \"== README walkthrough block %d\" >&2\n", n; next }
  inside && /^```[[:space:]]*$/ { inside = 0; next }
  inside { print }
  END { if (inside) { print "README.md: unterminated walkthrough block" > "/dev/stderr"; exit 1 } }
' README.md >"$tmp/blocks.sh"
blocks="$(grep -c '^echo "== README walkthrough block' "$tmp/blocks.sh" || true)"
((blocks >= 3)) || fail "README.md has $blocks \`\`\`sh walkthrough blocks (expected the export, upgrade and import steps)"
grep -q '^OLD=' "$tmp/blocks.sh" || fail "no OLD=... line in the README walkthrough blocks"
grep -q '^NEW=' "$tmp/blocks.sh" || fail "no NEW=... line in the README walkthrough blocks"

# 2. servers, sample data, installation, a clean environment
bash scripts/npm-install.sh
old="$(bash scripts/test-server.sh start walkthrough-old 2>/dev/null)"
new="$(bash scripts/test-server.sh start walkthrough-new 2>/dev/null)"
echo "walkthrough: OLD=$old NEW=$new (reqlite)" >&2
node scripts/load-sample.js "$old" --docs "$docs" --no-indexes >&2
bash scripts/install.sh "$tmp/prefix" >/dev/null
unset RETHINKDB_HOST RETHINKDB_PORT RETHINKDB_HOSTNAME RETHINKDB_DRIVER_PORT RETHINKDB_USER RETHINKDB_PASSWORD \
      RETHINK_MIGRATE_JAR

# 3. run it: OLD= and NEW= get the test servers, everything else as written
{
  echo 'set -euo pipefail'
  sed -e "s|^OLD=[^[:space:]]*|OLD=$old|" -e "s|^NEW=[^[:space:]]*|NEW=$new|" "$tmp/blocks.sh"
} >"$tmp/walkthrough.sh"
mkdir "$tmp/work"
if ! (cd "$tmp/work" && PATH="$tmp/prefix/bin:$PATH" bash "$tmp/walkthrough.sh"); then
  echo "walkthrough-test.sh: the README walkthrough failed; the script it ran:" >&2
  cat -n "$tmp/walkthrough.sh" >&2
  exit 1
fi

# 4. the new server holds what the old one held
tables="$(node scripts/js-reader.js "$old" tables)"
[[ -n "$tables" ]] || fail "no tables on OLD $old"
for t in $tables; do
  db="${t%%.*}"; table="${t#*.}"
  a="$(node scripts/js-reader.js "$old" count "$db" "$table")"
  b="$(node scripts/js-reader.js "$new" count "$db" "$table" 2>/dev/null)" || fail "$t is missing on NEW"
  [[ "$a" == "$b" ]] || fail "$t: $a documents on OLD, $b on NEW"
  cmp -s <(node scripts/js-reader.js "$old" dump "$db" "$table") <(node scripts/js-reader.js "$new" dump "$db" "$table") \
    || fail "$t: the documents on NEW differ from OLD"
  echo "walkthrough: $t $a documents, identical" >&2
done
echo "walkthrough: passed ($blocks README blocks)"
