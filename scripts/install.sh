#!/usr/bin/env bash
# Installs rethink-migrate under a prefix:
#
#   bash scripts/install.sh [PREFIX]               install (builds the jar first if target/ has none)
#   bash scripts/install.sh --uninstall [PREFIX]   remove what install put there
#
# PREFIX defaults to /usr/local when run as root, else $HOME/.local. Installs
#   PREFIX/lib/rethink-migrate/rethink-migrate.jar     the self-contained (shaded) jar
#   PREFIX/bin/rethink-migrate                          launcher (java -jar, JAVA_OPTS honoured)
#   PREFIX/bin/rethinkdb-dump, -restore, -export, -import, -index-rebuild   drop-in launchers
# With PREFIX/bin on PATH, the server's own `rethinkdb dump` / `rethinkdb restore` run rethink-migrate.
# Needs Java 17+ at run time; Maven only when the jar must be built. Uninstall removes only files
# that carry the rethink-migrate launcher header, and the lib/rethink-migrate directory.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

usage() { echo "usage: bash scripts/install.sh [--uninstall] [PREFIX]" >&2; exit 2; }

uninstall=0
prefix=""
while (($#)); do
  case "$1" in
    --uninstall) uninstall=1; shift ;;
    -h|--help) sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) usage ;;
    *) [[ -z "$prefix" ]] || usage; prefix="$1"; shift ;;
  esac
done
if [[ -z "$prefix" ]]; then
  if [[ "$(id -u)" == 0 ]]; then prefix=/usr/local; else prefix="$HOME/.local"; fi
fi
[[ "$prefix" == /* ]] || prefix="$PWD/$prefix"
prefix="${prefix%/}"
launchers=(rethink-migrate rethinkdb-dump rethinkdb-restore rethinkdb-export rethinkdb-import rethinkdb-index-rebuild)

ours() {  # 0 if the file is one of our launchers (so uninstall never removes someone else's rethinkdb-dump)
  [[ -f "$1" ]] && grep -q 'rethink-migrate' "$1" 2>/dev/null
}

if ((uninstall)); then
  for name in "${launchers[@]}"; do
    f="$prefix/bin/$name"
    if ours "$f"; then rm -f "$f"; echo "removed $f"
    elif [[ -e "$f" ]]; then echo "install.sh: left $f alone (not a rethink-migrate launcher)" >&2
    fi
  done
  if [[ -d "$prefix/lib/rethink-migrate" ]]; then
    rm -rf "$prefix/lib/rethink-migrate"; echo "removed $prefix/lib/rethink-migrate"
  fi
  exit 0
fi

jar="$root/target/rethink-migrate.jar"
if [[ ! -f "$jar" ]]; then
  echo "install.sh: building $jar (mvn -q -B package -DskipTests)" >&2
  (cd "$root" && mvn -q -B package -DskipTests)
fi
[[ -f "$jar" ]] || { echo "install.sh: $jar missing after the build" >&2; exit 1; }

for name in "${launchers[@]}"; do
  f="$prefix/bin/$name"
  if [[ -e "$f" ]] && ! ours "$f"; then
    echo "install.sh: $f exists and is not a rethink-migrate launcher (the official tool?); not replacing it" >&2
    echo "  remove it first, or install into another PREFIX and put PREFIX/bin first on PATH" >&2
    exit 1
  fi
done

mkdir -p "$prefix/bin" "$prefix/lib/rethink-migrate"
# copy to a temp name, then rename: a running launcher never sees a half-written jar
cp "$jar" "$prefix/lib/rethink-migrate/.rethink-migrate.jar.tmp"
mv -f "$prefix/lib/rethink-migrate/.rethink-migrate.jar.tmp" "$prefix/lib/rethink-migrate/rethink-migrate.jar"
for name in "${launchers[@]}"; do
  install -m 0755 "$root/bin/$name" "$prefix/bin/$name"
done
echo "installed rethink-migrate into $prefix:"
echo "  $prefix/lib/rethink-migrate/rethink-migrate.jar"
for name in "${launchers[@]}"; do echo "  $prefix/bin/$name"; done

case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "note: $prefix/bin is not on PATH; add it (first, to take over \`rethinkdb dump/restore\`)" ;;
esac
if ! command -v java >/dev/null 2>&1; then
  echo "note: no java on PATH; rethink-migrate needs Java 17 or newer to run" >&2
fi
