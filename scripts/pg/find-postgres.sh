#!/usr/bin/env bash
# Prints the bin folder of the newest PostgreSQL server of version 15 or newer that
# Debian's packages installed (/usr/lib/postgresql/<major>/bin), or PG_BINDIR when set.
# Exits 1 with a sentence on stderr when there is none.
set -euo pipefail

minimum=15
if [ -n "${PG_BINDIR:-}" ]; then
  candidates=("$PG_BINDIR")
else
  # Newest major first.
  mapfile -t candidates < <(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5,5 -n -r)
fi
for bindir in "${candidates[@]}"; do
  [ -x "$bindir/postgres" ] && [ -x "$bindir/initdb" ] && [ -x "$bindir/pg_ctl" ] || continue
  major="$("$bindir/postgres" --version | sed -E 's/^[^0-9]*([0-9]+).*/\1/')"
  if [ "$major" -ge "$minimum" ]; then
    echo "$bindir"
    exit 0
  fi
done
echo "find-postgres: no PostgreSQL server $minimum or newer found (looked in ${PG_BINDIR:-/usr/lib/postgresql/*/bin}); run scripts/pg/install-postgres.sh (as root)" >&2
exit 1
