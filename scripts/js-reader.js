#!/usr/bin/env node
// Independent reader/writer for tests: uses only the official RethinkDB JS driver (rethinkdb@2.4.2),
// never rethink-migrate's code, so tests can check what the server really holds.
//
//   node scripts/js-reader.js HOST:PORT dump DB TABLE     one JSON line per document, raw TIME/BINARY
//                                                         ($reql_type$ objects), sorted by the canonical
//                                                         text of the primary key
//   node scripts/js-reader.js HOST:PORT count DB TABLE    document count
//   node scripts/js-reader.js HOST:PORT tables            db.table lines (not the rethinkdb system db)
//   node scripts/js-reader.js HOST:PORT indexes DB TABLE  secondary index names, one a line, sorted
//   node scripts/js-reader.js HOST:PORT load DB TABLE [--pk KEY]
//                                                         NDJSON documents on stdin are inserted
//                                                         (db/table created if missing); $reql_type$
//                                                         TIME/BINARY/GEOMETRY become real values
//   node scripts/js-reader.js HOST:PORT drop DB           drop the database if it exists
//   node scripts/js-reader.js HOST:PORT delete DB TABLE KEYJSON           delete one document by key
//   node scripts/js-reader.js HOST:PORT update DB TABLE KEYJSON PATCHJSON  merge PATCH into one document
//   node scripts/js-reader.js HOST:PORT index-create DB TABLE NAME        index on the field NAME
//   node scripts/js-reader.js HOST:PORT index-drop DB TABLE NAME
//   node scripts/js-reader.js HOST:PORT set-hook DB TABLE FIELD           write hook setting FIELD to true
//                                                                          (real servers only)
//   node scripts/js-reader.js HOST:PORT hook DB TABLE                     the write hook's query text, or nothing
// User admin, password from RETHINKDB_TEST_PASSWORD (default empty). Errors: message on stderr, exit 1.
'use strict';
const path = require('path');
const r = require(path.join(__dirname, 'node_modules', 'rethinkdb'));

const RAW = { timeFormat: 'raw', binaryFormat: 'raw' };
const MAX_DEPTH = 1000; // the driver's default nesting limit for r.expr is 20

function usage() {
  console.error('usage: js-reader.js HOST:PORT dump DB TABLE | count DB TABLE | tables | ' +
    'indexes DB TABLE | load DB TABLE [--pk KEY] | drop DB');
  process.exit(2);
}

function parseAddress(a) {
  const m = /^(.*):(\d+)$/.exec(a || '');
  if (!m) usage();
  return { host: m[1].replace(/^\[(.*)\]$/, '$1'), port: parseInt(m[2], 10) };
}

// Canonical JSON text: object keys sorted recursively (used for sorting by primary key).
function canonical(v) {
  if (Array.isArray(v)) return '[' + v.map(canonical).join(',') + ']';
  if (v !== null && typeof v === 'object') {
    return '{' + Object.keys(v).sort().map(k => JSON.stringify(k) + ':' + canonical(v[k])).join(',') + '}';
  }
  return JSON.stringify(v);
}

async function toArray(result) {
  if (result && typeof result.toArray === 'function') return result.toArray();
  return result;
}

// $reql_type$ objects (raw form) -> driver values, so the server stores real pseudo-types.
function revive(v) {
  if (Array.isArray(v)) return v.map(revive);
  if (v !== null && typeof v === 'object') {
    const t = v.$reql_type$;
    if (t === 'TIME' && typeof v.epoch_time === 'number') {
      return r.epochTime(v.epoch_time).inTimezone(v.timezone || '+00:00');
    }
    if (t === 'BINARY' && typeof v.data === 'string') {
      return Buffer.from(v.data.replace(/\s+/g, ''), 'base64');
    }
    if (t === 'GEOMETRY') {
      return r.geojson({ type: v.type, coordinates: v.coordinates });
    }
    const out = {};
    for (const k of Object.keys(v)) out[k] = revive(v[k]);
    return out;
  }
  return v;
}

async function readStdinLines() {
  const chunks = [];
  for await (const c of process.stdin) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8').split('\n').filter(l => l.trim() !== '');
}

async function ensureTable(conn, db, table, pk) {
  const dbs = await r.dbList().run(conn);
  if (!dbs.includes(db)) await r.dbCreate(db).run(conn);
  const tables = await r.db(db).tableList().run(conn);
  if (!tables.includes(table)) {
    await r.db(db).tableCreate(table, pk ? { primaryKey: pk } : {}).run(conn);
  }
}

function checkWrite(res) {
  if (res && res.errors) throw new Error('insert errors: ' + res.errors + ': ' + (res.first_error || ''));
}

async function main() {
  const args = process.argv.slice(2);
  if (args.length < 2) usage();
  const { host, port } = parseAddress(args[0]);
  const cmd = args[1];
  const conn = await r.connect({ host, port, user: 'admin', password: process.env.RETHINKDB_TEST_PASSWORD || '' });
  try {
    const out = [];
    switch (cmd) {
      case 'dump': {
        const [db, table] = args.slice(2);
        if (!db || !table) usage();
        const info = await r.db(db).table(table).info().run(conn);
        const pk = (info && info.primary_key) || 'id';
        const docs = await toArray(await r.db(db).table(table).run(conn, RAW));
        const keyed = docs.map(d => [canonical(d[pk]), d]);
        keyed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
        for (const [, d] of keyed) out.push(JSON.stringify(d));
        break;
      }
      case 'count': {
        const [db, table] = args.slice(2);
        if (!db || !table) usage();
        out.push(String(await r.db(db).table(table).count().run(conn)));
        break;
      }
      case 'tables': {
        const dbs = (await r.dbList().run(conn)).filter(d => d !== 'rethinkdb').sort();
        for (const db of dbs) {
          const ts = (await r.db(db).tableList().run(conn)).sort();
          for (const t of ts) out.push(db + '.' + t);
        }
        break;
      }
      case 'indexes': {
        const [db, table] = args.slice(2);
        if (!db || !table) usage();
        for (const i of (await r.db(db).table(table).indexList().run(conn)).sort()) out.push(i);
        break;
      }
      case 'load': {
        const [db, table] = args.slice(2, 4);
        if (!db || !table) usage();
        const pkAt = args.indexOf('--pk');
        const pk = pkAt >= 0 ? args[pkAt + 1] : undefined;
        await ensureTable(conn, db, table, pk);
        const lines = await readStdinLines();
        let batch = [], n = 0;
        const flush = async () => {
          if (!batch.length) return;
          checkWrite(await r.db(db).table(table).insert(r.expr(batch, MAX_DEPTH)).run(conn));
          n += batch.length; batch = [];
        };
        for (const line of lines) {
          batch.push(revive(JSON.parse(line)));
          if (batch.length >= 200) await flush();
        }
        await flush();
        console.error('loaded ' + n + ' documents into ' + db + '.' + table);
        break;
      }
      case 'drop': {
        const db = args[2];
        if (!db) usage();
        if ((await r.dbList().run(conn)).includes(db)) await r.dbDrop(db).run(conn);
        break;
      }
      case 'delete': {
        const [db, table, key] = args.slice(2);
        if (!db || !table || key === undefined) usage();
        const res = await r.db(db).table(table).get(JSON.parse(key)).delete().run(conn);
        if (res.deleted !== 1) throw new Error('delete: no document with key ' + key);
        break;
      }
      case 'update': {
        const [db, table, key, patch] = args.slice(2);
        if (!db || !table || key === undefined || patch === undefined) usage();
        const res = await r.db(db).table(table).get(JSON.parse(key)).update(revive(JSON.parse(patch))).run(conn);
        if (res.replaced !== 1) throw new Error('update: document ' + key + ' not changed: ' + JSON.stringify(res));
        break;
      }
      case 'index-create': {
        const [db, table, name] = args.slice(2);
        if (!db || !table || !name) usage();
        await r.db(db).table(table).indexCreate(name).run(conn);
        await r.db(db).table(table).indexWait(name).run(conn);
        break;
      }
      case 'index-drop': {
        const [db, table, name] = args.slice(2);
        if (!db || !table || !name) usage();
        await r.db(db).table(table).indexDrop(name).run(conn);
        break;
      }
      case 'set-hook': {
        const [db, table, field] = args.slice(2);
        if (!db || !table || !field) usage();
        await r.db(db).table(table).setWriteHook(function (ctx, oldVal, newVal) {
          return r.branch(newVal.eq(null), null, newVal.merge(r.object(field, true)));
        }).run(conn);
        break;
      }
      case 'hook': {
        const [db, table] = args.slice(2);
        if (!db || !table) usage();
        const hook = await r.db(db).table(table).getWriteHook().run(conn);
        if (hook) out.push(hook.query);
        break;
      }
      default:
        usage();
    }
    if (out.length) await new Promise(res => process.stdout.write(out.join("\n") + "\n", res));
  } finally {
    await conn.close();
  }
}

// Exit only once stdout/stderr are flushed: pipes are asynchronous in Node, and process.exit()
// would cut a long output.
function finish(code) {
  process.exitCode = code;
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}
process.stdout.on('error', err => { if (err.code === 'EPIPE') process.exit(process.exitCode || 0); });

main().then(() => finish(0), err => {
  console.error('js-reader.js: ' + (err && err.message ? err.message : String(err)));
  finish(1);
});
