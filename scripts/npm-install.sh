#!/usr/bin/env bash
# Installs the Node test tools (reqlite test server, official rethinkdb JS driver) into
# scripts/node_modules. Idempotent: does nothing when node_modules already matches the lock file.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "npm-install.sh: node and npm are required (Node 18+)" >&2
  exit 1
fi

stamp=node_modules/.rethink-migrate-lock
if [[ -f package-lock.json && -f "$stamp" && -d node_modules/reqlite && -d node_modules/rethinkdb ]] \
   && cmp -s package-lock.json "$stamp"; then
  exit 0
fi

if [[ -f package-lock.json ]]; then
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
else
  npm install --no-audit --no-fund --loglevel=error >/dev/null
fi
cp package-lock.json "$stamp"
