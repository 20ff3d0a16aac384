#!/usr/bin/env bash
# Stops the PostgreSQL server that scripts/pg/start-postgres.sh started in DIR and
# deletes DIR; with --keep-data it only stops the server, and start-postgres.sh
# --dir DIR starts it again with its data (a database restart, as tests make one).
#
#   scripts/pg/stop-postgres.sh [--dir DIR] [--keep-data]
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
dir="${TMPDIR:-/tmp}/tidings-postgres"
keep_data=0
from_watchdog=0
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --keep-data) keep_data=1; shift ;;
    --from-watchdog) from_watchdog=1; shift ;;
    *) echo "stop-postgres: unknown option $1" >&2; exit 2 ;;
  esac
done
case "$dir" in /*) ;; *) dir="$(pwd)/$dir" ;; esac
[ -e "$dir" ] || exit 0
data="$dir/data"
# Never delete a folder this script did not make.
if [ ! -d "$data" ] && [ ! -f "$dir/postgres.env" ] && [ ! -f "$dir/watchdog.pid" ]; then
  echo "stop-postgres: $dir is not a folder of start-postgres.sh; leaving it alone" >&2
  exit 1
fi

# The postmaster's pid, if that process still runs on this data folder (a pid may be reused).
postmaster_pid() {
  local pid
  [ -f "$data/postmaster.pid" ] || return 1
  pid="$(head -n 1 "$data/postmaster.pid")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$data" || return 1
  echo "$pid"
}

if pid="$(postmaster_pid)"; then
  # "fast": roll back open transactions and disconnect clients, as a restart in
  # production does; a checkpoint keeps every committed row.
  kill -INT "$pid" 2>/dev/null || true
  deadline=$(( $(date +%s) + 30 ))
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "stop-postgres: the server did not stop within 30 s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
fi
[ "$keep_data" = 1 ] && { echo "stop-postgres: stopped the server in $dir (data kept)" >&2; exit 0; }

if [ "$from_watchdog" = 0 ] && [ -f "$dir/watchdog.pid" ]; then
  pid="$(cat "$dir/watchdog.pid")"
  if tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF postgres-watchdog; then kill -TERM "$pid" 2>/dev/null || true; fi
fi
rm -rf "$dir"
echo "stop-postgres: stopped and removed $dir" >&2
