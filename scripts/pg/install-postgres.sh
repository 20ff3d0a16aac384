#!/usr/bin/env bash
# Installs Debian's PostgreSQL server when it is missing: the separately run database
# that the topology test and `npm run bench:pipeline` start with start-postgres.sh.
# Tidings supports PostgreSQL 15 and newer (Debian 12 ships 15). Needs root and
# Debian's package archive. Idempotent: does nothing when a server of 15 or newer is there.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
if bindir="$("$here/find-postgres.sh" 2>/dev/null)"; then
  echo "PostgreSQL is installed: $("$bindir/postgres" --version)"
  exit 0
fi

if [ "$(id -u)" != 0 ]; then
  echo "install-postgres: run as root (apt-get install postgresql)" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# Bounded: a stuck mirror fails the step instead of hanging the run. The lock
# timeout lets an apt-get that another process is running finish first.
apt_options=(-o DPkg::Lock::Timeout=300 -o Acquire::Retries=3 -o Acquire::http::Timeout=60)
timeout 600 apt-get "${apt_options[@]}" update -qq
timeout 900 apt-get "${apt_options[@]}" install -y -qq --no-install-recommends postgresql >/dev/null
# The package starts a cluster of its own on port 5432; the tests never use it.
bindir="$("$here/find-postgres.sh")"
echo "PostgreSQL installed: $("$bindir/postgres" --version)"
