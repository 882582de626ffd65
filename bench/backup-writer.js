#!/usr/bin/env node
// Steady write load for bench/backup.sh: RATE documents/s of about 1 KB into DB.load for SECONDS,
// in batches every 50 ms; each document carries `w`, its write time (epoch ms), so that the backup's
// received time can be compared with it. Prints the documents written and the rate reached.
//   node bench/backup-writer.js HOST:PORT DB RATE SECONDS
'use strict';
const path = require('path');
const r = require(path.join(__dirname, '..', 'scripts', 'node_modules', 'rethinkdb'));
const [addr, db, rate, seconds] = process.argv.slice(2);
const [host, port] = addr.split(':');
const pad = 'x'.repeat(900);
(async () => {
  const c = await r.connect({host, port: +port, password: process.env.RETHINKDB_PASSWORD || ''});
  const perTick = Math.round(+rate / 20);
  const start = Date.now();
  let written = 0;
  for (let tick = 0; Date.now() - start < +seconds * 1000; tick++) {
    const docs = [];
    const now = Date.now();
    for (let i = 0; i < perTick; i++) docs.push({id: written + i, w: now, n: written + i, pad});
    await r.db(db).table('load').insert(docs, {durability: 'soft'}).run(c);
    written += perTick;
    const next = start + (tick + 1) * 50;
    if (next > Date.now()) await new Promise(res => setTimeout(res, next - Date.now()));
  }
  const elapsed = (Date.now() - start) / 1000;
  console.log(JSON.stringify({written, seconds: elapsed, rate: Math.round(written / elapsed)}));
  c.close();
})().catch(e => { console.error(e); process.exit(1); });
