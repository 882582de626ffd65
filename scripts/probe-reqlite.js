#!/usr/bin/env node
// Probes what a server (reqlite or real) answers to the queries rethink-migrate relies on, printing
// the raw response frames. Findings are in docs/testing.md.
//   node scripts/probe-reqlite.js HOST:PORT
'use strict';
const path = require('path');
const r = require(path.join(__dirname, 'node_modules', 'rethinkdb'));
const net = require(path.join(__dirname, 'node_modules', 'rethinkdb', 'net.js'));

let lastRaw = null;
const orig = net.Connection.prototype._processResponse;
net.Connection.prototype._processResponse = function (response, token) {
  lastRaw = response;
  if (response.t === undefined) {
    // reqlite answers unimplemented terms without `t`; the driver would wait forever.
    const cb = this.outstandingCallbacks && this.outstandingCallbacks[token];
    if (cb) { delete this.outstandingCallbacks[token]; cb.cb(new Error('response without t: ' + JSON.stringify(response))); return; }
  }
  return orig.call(this, response, token);
};

const RAW = { timeFormat: 'raw', binaryFormat: 'raw' };
async function probe(conn, title, q, opts) {
  lastRaw = null;
  try {
    const res = await Promise.race([
      q.run(conn, opts || {}).then(c => (c && typeof c.toArray === 'function' ? c.toArray() : c)),
      new Promise((_, rej) => setTimeout(() => rej(new Error('timeout (5 s): no usable answer')), 5000)),
    ]);
    console.log(`### ${title}\nresult: ${JSON.stringify(res)}\nraw frame: ${JSON.stringify(lastRaw)}\n`);
  } catch (e) {
    console.log(`### ${title}\nERROR: ${e.message.split('\n')[0]}\nraw frame: ${JSON.stringify(lastRaw)}\n`);
  }
}

async function main() {
  const m = /^(.*):(\d+)$/.exec(process.argv[2] || '');
  if (!m) { console.error('usage: probe-reqlite.js HOST:PORT'); process.exit(2); }
  const conn = await r.connect({ host: m[1], port: +m[2], user: 'admin', password: process.env.RETHINKDB_TEST_PASSWORD || '' });
  const db = 'probe_' + Date.now();
  await r.dbCreate(db).run(conn);
  const t = r.db(db).table('t');
  await probe(conn, 'tableCreate with primaryKey, shards, replicas',
    r.db(db).tableCreate('t', { primaryKey: 'k', shards: 2, replicas: 1 }));
  await probe(conn, 'info() right after create', t.info());
  await t.insert([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(i => ({ k: i, v: 'v' + i }))).run(conn);
  await t.insert([{ k: 'a' }, { k: 'b' }]).run(conn);
  await probe(conn, 'between(3, maxval, leftBound open).orderBy({index: pk}).limit(4)',
    t.between(3, r.maxval, { leftBound: 'open' }).orderBy({ index: 'k' }).limit(4));
  await probe(conn, 'between(minval, maxval).orderBy({index: pk}) (all keys, mixed types)',
    t.between(r.minval, r.maxval).orderBy({ index: 'k' })('k'));
  await probe(conn, 'between("a", maxval, leftBound open).orderBy({index: pk})',
    t.between('a', r.maxval, { leftBound: 'open' }).orderBy({ index: 'k' })('k'));
  await probe(conn, 'orderBy({index: pk}).limit(3) (no between)', t.orderBy({ index: 'k' }).limit(3)('k'));

  await probe(conn, 'insert(r.json(...)) with raw TIME/BINARY/GEOMETRY',
    t.insert(r.json('[{"k":100,"t":{"$reql_type$":"TIME","epoch_time":1,"timezone":"+02:00"},"b":{"$reql_type$":"BINARY","data":"AAE="},"g":{"$reql_type$":"GEOMETRY","type":"Point","coordinates":[1,2]}}]')));
  await probe(conn, 'read back raw formats', t.get(100), RAW);
  await probe(conn, 'read back native formats', t.get(100));
  await probe(conn, 'typeOf of fields', r.expr({ t: t.get(100)('t').typeOf(), b: t.get(100)('b').typeOf(), g: t.get(100)('g').typeOf() }));
  await probe(conn, 'insert plain-datum $reql_type$ objects (no r.json)',
    t.insert(r.expr({ k: 101, t: { $reql_type$: 'TIME', epoch_time: 1, timezone: '+02:00' }, b: { $reql_type$: 'BINARY', data: 'AAE=' } })));
  await probe(conn, 'typeOf after plain-datum insert', r.expr({ t: t.get(101)('t').typeOf(), b: t.get(101)('b').typeOf() }));

  await probe(conn, 'indexCreate simple', t.indexCreate('v'));
  await probe(conn, 'indexCreate function', t.indexCreate('vl', d => d('v').downcase()));
  await probe(conn, 'indexCreate multi', t.indexCreate('tags', { multi: true }));
  await probe(conn, 'indexStatus() raw', t.indexStatus(), RAW);
  await probe(conn, 'indexWait()', t.indexWait());
  await probe(conn, 'info() with indexes', t.info(), RAW);
  await probe(conn, 'getWriteHook()', t.getWriteHook(), RAW);
  await probe(conn, 'setWriteHook()', t.setWriteHook((ctx, o, n) => n));
  await probe(conn, 'config()', t.config());
  await probe(conn, 'wait()', t.wait());
  await probe(conn, 'table that does not exist', r.db(db).table('nope').count());
  await probe(conn, 'duplicate key insert', t.insert({ k: 1 }));
  await probe(conn, 'identical replace', t.get(1).replace({ k: 1, v: 'v1' }));
  await r.dbDrop(db).run(conn);
  await conn.close();
}
main().then(() => process.stdout.write('', () => process.exit(0)), e => { console.error(e.message); process.exit(1); });
