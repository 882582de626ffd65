#!/usr/bin/env bash
# Backup benchmark (issue 17): does `backup` keep up with a steady write load?
#
#   bash bench/backup.sh -c HOST:PORT [--rate N] [--seconds S]
#
# Creates rm_bkbench.load (dropped first and at the end), starts `bin/rethink-migrate backup` under
# /usr/bin/time -v (peak RSS) with --segment-seconds 5, writes RATE documents/s (default 2000) of about
# 1 KB for S seconds (default 60) with bench/backup-writer.js (each document holds its write time `w`),
# waits 10 s, stops the backup with SIGTERM, then reads every change record of the sealed segments:
# lag = received time `t` - write time `w` (same machine, same clock). Prints changes, lag p50/p99/max,
# peak RSS. Needs the shaded jar (mvn -q package -DskipTests) and node with scripts/node_modules.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
addr="" rate=2000 seconds=60
while [[ $# -gt 0 ]]; do
  case "$1" in
    -c) addr="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    *) echo "bench/backup.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[[ -n "$addr" ]] || { echo "bench/backup.sh: -c HOST:PORT needed" >&2; exit 2; }
work="$(mktemp -d)"
node -e "
const r = require('$root/scripts/node_modules/rethinkdb');
(async () => { const [h, p] = '$addr'.split(':'); const c = await r.connect({host: h, port: +p});
  try { await r.dbDrop('rm_bkbench').run(c); } catch (e) {}
  await r.dbCreate('rm_bkbench').run(c); await r.db('rm_bkbench').tableCreate('load').run(c);
  await r.db('rm_bkbench').table('load').wait().run(c); c.close(); })().catch(e => { console.error(e); process.exit(1); });"
/usr/bin/time -v -o "$work/time.txt" "$root/bin/rethink-migrate" backup -c "$addr" -d "$work/dir" -e rm_bkbench \
  --segment-seconds 5 2> "$work/backup.err" &
timed=$!
until grep -q "complete (" "$work/backup.err" 2>/dev/null; do sleep 0.2; done
node "$root/bench/backup-writer.js" "$addr" rm_bkbench "$rate" "$seconds" | tee "$work/writer.json"
sleep 10
kill -TERM "$(pgrep -P "$timed" java)"
wait "$timed"
python3 - "$work" <<'PY'
import glob, gzip, json, sys, re
work = sys.argv[1]
lags = []
for f in sorted(glob.glob(work + '/dir/log/*.ndjson.gz')):
    for line in gzip.open(f, 'rt'):
        rec = json.loads(line)
        new = (rec.get('change') or {}).get('new_val') if rec.get('k') == 'change' else None
        if new and 'w' in new:
            lags.append(rec['t'] - new['w'])
lags.sort()
rss = int(re.search(r'Maximum resident set size \(kbytes\): (\d+)', open(work + '/time.txt').read()).group(1))
q = lambda p: lags[min(len(lags) - 1, int(p * len(lags)))]
print(json.dumps({'changes': len(lags), 'lag_ms_p50': q(.5), 'lag_ms_p99': q(.99), 'lag_ms_max': lags[-1],
                  'peak_rss_mb': round(rss / 1024)}))
PY
tail -1 "$work/backup.err"
node -e "
const r = require('$root/scripts/node_modules/rethinkdb');
(async () => { const [h, p] = '$addr'.split(':'); const c = await r.connect({host: h, port: +p});
  await r.dbDrop('rm_bkbench').run(c); c.close(); })();"
rm -rf "$work"
