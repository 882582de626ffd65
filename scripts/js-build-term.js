#!/usr/bin/env node
// Independent reference for the wire form of index queries: the official JS driver (rethinkdb@2.4.2)
// evaluates each text as a method call on a table, exactly as a user would type it, and prints the
// query it would send (`term.build()`). No server is contacted.
//
//   node scripts/js-build-term.js < texts.json     texts.json: a JSON array of strings such as
//                                                  "indexCreate('name', function(var1) { return var1(\"name\"); })"
// Prints a JSON array with, for each text, the built term of `r.table("t").<text>` or {"error": message}.
'use strict';
const path = require('path');
const r = require(path.join(__dirname, 'node_modules', 'rethinkdb'));

async function main() {
  const chunks = [];
  for await (const c of process.stdin) chunks.push(c);
  const texts = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const out = texts.map(text => {
    try {
      const build = new Function('r', '"use strict"; return r.table("t").' + text + ';');
      return build(r).build();
    } catch (e) {
      return { error: String(e && e.message || e) };
    }
  });
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch(e => { console.error(String(e && e.stack || e)); process.exit(1); });
