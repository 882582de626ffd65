#!/usr/bin/env node
// Reads through a secondary index with the official JS driver (rethinkdb@2.4.2), none of
// rethink-migrate's code, so tests can check that a restored index really finds the documents.
//
//   node scripts/js-index-query.js HOST:PORT DB TABLE INDEX KEY_JSON [--downcase]
//
// Prints the primary key (JSON) of every document `getAll(KEY, {index: INDEX})` returns, one a line,
// sorted. --downcase looks up r.expr(KEY).downcase(), so the key is lower-cased by the server itself.
// User admin, password from RETHINKDB_TEST_PASSWORD (default empty). Errors: message on stderr, exit 1.
'use strict';
const path = require('path');
const r = require(path.join(__dirname, 'node_modules', 'rethinkdb'));

async function main() {
  const [address, db, table, index, keyJson, flag] = process.argv.slice(2);
  const m = /^(.*):(\d+)$/.exec(address || '');
  if (!m || !db || !table || !index || keyJson === undefined) {
    console.error('usage: js-index-query.js HOST:PORT DB TABLE INDEX KEY_JSON [--downcase]');
    process.exit(2);
  }
  const conn = await r.connect({ host: m[1].replace(/^\[(.*)\]$/, '$1'), port: parseInt(m[2], 10),
    user: 'admin', password: process.env.RETHINKDB_TEST_PASSWORD || '' });
  try {
    const t = r.db(db).table(table);
    const pk = (await t.info().run(conn)).primary_key;
    let key = r.expr(JSON.parse(keyJson));
    if (flag === '--downcase') key = key.downcase();
    const result = await t.getAll(key, { index }).run(conn);
    const docs = typeof result.toArray === 'function' ? await result.toArray() : result;
    docs.map(d => JSON.stringify(d[pk])).sort().forEach(k => console.log(k));
  } finally {
    await conn.close();
  }
}

main().catch(e => { console.error(String(e && e.message || e)); process.exit(1); });
