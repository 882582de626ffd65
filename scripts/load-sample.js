#!/usr/bin/env node
// Loads deterministic sample data of many types into a RethinkDB (or reqlite) server with the
// official JS driver.
//
//   node scripts/load-sample.js HOST:PORT [--db NAME] [--docs N] [--no-indexes]
//
// Creates database NAME (default `sample`; dropped first if it exists) with tables
//   people  pk `id`, N documents (default 2000): unicode strings, ints, floats, negatives, booleans,
//           null, nested objects, arrays of objects, TIME in several time zones, BINARY, GEOMETRY
//           points; secondary indexes `email` (simple) and `name_lower` (function)
//   orders  pk `order_no` (integers), N/2 documents with arrays of items; index `customer_id`
//   empty   no documents
// --no-indexes leaves out the secondary indexes (reqlite cannot give their functions to a dump, so a
// restore of its dump reports them as failed; the README walkthrough test loads without them).
// Same arguments -> same data (seeded PRNG). User admin, password from RETHINKDB_TEST_PASSWORD.
'use strict';
const path = require('path');
const r = require(path.join(__dirname, 'node_modules', 'rethinkdb'));

function usage() {
  console.error('usage: load-sample.js HOST:PORT [--db NAME] [--docs N] [--no-indexes]');
  process.exit(2);
}

// mulberry32: small deterministic PRNG
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Anna', 'Björn', 'Chloé', 'Dmitri', 'Émile', 'Fatima', 'Giulia', 'Hiroshi', 'Ines', 'Jürgen',
  'Katarzyna', 'Luís', 'Mia', 'Nguyễn', 'Olga', 'Pablo', 'Qiāng', 'Rania', 'Søren', 'Zoë'];
const LAST = ['Müller', 'García', 'Smith', '王', 'Kowalski', "O'Brien", 'Ñúñez', 'Дмитриев', 'Σωκράτης',
  'Nakamura', 'Björk', 'Lefèvre'];
const CITIES = ['Zürich', 'São Paulo', 'Kraków', 'Tōkyō', 'Москва', 'القاهرة', 'Reykjavík', 'Montréal'];
const TIMEZONES = ['+00:00', '+02:00', '-05:00', '+05:30', '-09:30', '+13:45', '-00:30', '+09:00'];
const TAGS = ['vip', 'new', 'churned', 'b2b', 'émoji 🚀', 'tab\there', 'quote"d', 'back\\slash'];

async function main() {
  const args = process.argv.slice(2);
  if (!args.length || args[0].startsWith('--')) usage();
  const m = /^(.*):(\d+)$/.exec(args[0]);
  if (!m) usage();
  let db = 'sample', n = 2000, indexes = true;
  for (let i = 1; i < args.length; i++) {
    if (args[i] === '--db') db = args[++i];
    else if (args[i] === '--docs') n = parseInt(args[++i], 10);
    else if (args[i] === '--no-indexes') indexes = false;
    else usage();
  }
  if (!db || !Number.isInteger(n) || n < 0) usage();

  const rnd = prng(20240601);
  const pick = a => a[Math.floor(rnd() * a.length)];
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));

  const conn = await r.connect({ host: m[1], port: parseInt(m[2], 10), user: 'admin',
    password: process.env.RETHINKDB_TEST_PASSWORD || '' });
  try {
    if ((await r.dbList().run(conn)).includes(db)) await r.dbDrop(db).run(conn);
    await r.dbCreate(db).run(conn);
    await r.db(db).tableCreate('people', { primaryKey: 'id' }).run(conn);
    await r.db(db).tableCreate('orders', { primaryKey: 'order_no' }).run(conn);
    await r.db(db).tableCreate('empty').run(conn);

    const people = [];
    for (let i = 0; i < n; i++) {
      const first = pick(FIRST), last = pick(LAST);
      const tz = TIMEZONES[i % TIMEZONES.length];
      const bytes = Buffer.alloc(int(0, 40));
      for (let j = 0; j < bytes.length; j++) bytes[j] = int(0, 255);
      people.push({
        id: 'p' + String(i).padStart(6, '0'),
        name: first + ' ' + last,
        email: (first + '.' + i + '@example.com').toLowerCase(),
        age: int(18, 99),
        score: Math.round((rnd() * 2000 - 1000) * 1000) / 1000,  // floats, negatives
        balance: -int(0, 1000000),
        ratio: rnd(),                                            // full-precision double
        vip: rnd() < 0.2,
        notes: i % 7 === 0 ? null : 'Note ' + i + ': ' + pick(TAGS) + ' — ünïcödé ✓ 日本語',
        address: { city: pick(CITIES), zip: String(int(1000, 99999)), geo: { lat: rnd() * 180 - 90, lon: rnd() * 360 - 180 } },
        tags: Array.from({ length: int(0, 3) }, () => pick(TAGS)),
        contacts: Array.from({ length: int(0, 2) }, (_, k) => ({ kind: k ? 'phone' : 'email', value: '+41 ' + int(100000, 999999), primary: k === 0 })),
        created: r.epochTime(1500000000 + i * 3601 + Math.round(rnd() * 1000) / 1000).inTimezone(tz),
        birthday: r.time(int(1930, 2005), int(1, 12), int(1, 28), TIMEZONES[(i + 3) % TIMEZONES.length]),
        avatar: bytes,
        location: r.point(Math.round((rnd() * 360 - 180) * 1e6) / 1e6, Math.round((rnd() * 180 - 90) * 1e6) / 1e6),
        matrix: [[i, -i], [0.5, 1e-7]],
      });
    }
    const orders = [];
    for (let i = 0; i < Math.ceil(n / 2); i++) {
      orders.push({
        order_no: 100000 + i,
        customer_id: 'p' + String(int(0, Math.max(n - 1, 0))).padStart(6, '0'),
        items: Array.from({ length: int(1, 4) }, () => ({ sku: 'SKU-' + int(1, 500), qty: int(1, 9), price: int(99, 99999) / 100 })),
        skus: Array.from({ length: int(0, 3) }, () => int(1, 500)),
        placed_at: r.epochTime(1600000000 + i * 77).inTimezone(pick(TIMEZONES)),
        paid: rnd() < 0.8,
      });
    }
    for (const [table, docs] of [['people', people], ['orders', orders]]) {
      for (let i = 0; i < docs.length; i += 200) {
        const res = await r.db(db).table(table).insert(r.expr(docs.slice(i, i + 200), 100)).run(conn);
        if (res.errors) throw new Error(table + ': ' + res.first_error);
      }
    }
    if (indexes) {
      await r.db(db).table('people').indexCreate('email').run(conn);
      await r.db(db).table('people').indexCreate('name_lower', doc => doc('name').downcase()).run(conn);
      await r.db(db).table('orders').indexCreate('customer_id').run(conn);
      await r.db(db).table('people').indexWait().run(conn);
      await r.db(db).table('orders').indexWait().run(conn);
    }
    console.log(`loaded ${db}: people=${people.length} orders=${orders.length} empty=0 ` +
      (indexes ? 'indexes: people[email,name_lower] orders[customer_id]' : 'no indexes') + ` on ${args[0]}`);
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
  console.error('load-sample.js: ' + (err && err.message ? err.message : String(err)));
  finish(1);
});
