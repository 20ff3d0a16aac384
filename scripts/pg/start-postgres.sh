#!/usr/bin/env bash
# Starts a PostgreSQL server of its own (Debian's package, version 15 or newer) on
# 127.0.0.1: a separately run database, as production has, for the topology test,
# the pipeline benchmark and for trying `npm run web` / `npm run worker` on one machine.
#
#   scripts/pg/start-postgres.sh [--dir DIR] [--port PORT] [--owner-pid PID] [--max-seconds N]
#
# Prints DATABASE_URL=postgresql://tidings:…@127.0.0.1:PORT/tidings on stdout and
# keeps it in DIR/postgres.env; progress goes to stderr. The server runs as the
# unprivileged `postgres` user when we are root (PostgreSQL refuses to run as root),
# as the caller otherwise; it listens on 127.0.0.1 only, and logins need the password.
# Idempotent: when the server in DIR is up, it prints its settings again; when DIR
# holds a stopped server (stop-postgres.sh --keep-data), it starts it again with its data.
# Stops by itself when --owner-pid exits, and after --max-seconds (default 2 h) in
# any case; scripts/pg/stop-postgres.sh --dir DIR stops it sooner.
# Defaults: DIR $TMPDIR/tidings-postgres, PORT 55432.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
dir="${TMPDIR:-/tmp}/tidings-postgres"
port=55432
owner_pid=""
max_seconds=7200
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --owner-pid) owner_pid="$2"; shift 2 ;;
    --max-seconds) max_seconds="$2"; shift 2 ;;
    *) echo "start-postgres: unknown option $1" >&2; exit 2 ;;
  esac
done
case "$dir" in /*) ;; *) dir="$(pwd)/$dir" ;; esac
say() { echo "start-postgres: $*" >&2; }

bindir="$("$here/find-postgres.sh")"
data="$dir/data"

# PostgreSQL refuses to run as root: as root, everything runs as `postgres`.
if [ "$(id -u)" = 0 ]; then
  if ! id postgres >/dev/null 2>&1; then
    say "running as root needs the 'postgres' system user (Debian's postgresql package makes it); run scripts/pg/install-postgres.sh"
    exit 1
  fi
  as_owner() { runuser -u postgres -- "$@"; }
else
  as_owner() { "$@"; }
fi
pg() { as_owner "$bindir/$1" "${@:2}"; }

server_is_up() { [ -f "$dir/postgres.env" ] && pg pg_ctl status -D "$data" >/dev/null 2>&1; }

start_watchdog() {
  # Stops the server when its owner exits or its time is up, so nothing outlives a
  # test run that was killed. Detached, with no stdio that a caller waits on.
  if [ -f "$dir/watchdog.pid" ] && tr '\0' ' ' <"/proc/$(cat "$dir/watchdog.pid")/cmdline" 2>/dev/null | grep -qF postgres-watchdog; then
    return 0
  fi
  setsid bash -c '
    owner="$1"; max_seconds="$2"; stop="$3"; dir="$4"
    deadline=$(( $(date +%s) + max_seconds ))
    while [ "$(date +%s)" -lt "$deadline" ]; do
      if [ -n "$owner" ] && ! kill -0 "$owner" 2>/dev/null; then break; fi
      sleep 2
    done
    exec "$stop" --dir "$dir" --from-watchdog
  ' postgres-watchdog "$owner_pid" "$max_seconds" "$here/stop-postgres.sh" "$dir" </dev/null >>"$dir/watchdog.log" 2>&1 &
  echo $! >"$dir/watchdog.pid"
}

start_server() {
  pg pg_ctl start -D "$data" -l "$dir/log/postgres.log" -w -t 60 >/dev/null || {
    say "the server did not start; the last lines of its log:"
    tail -n 20 "$dir/log/postgres.log" >&2 || true
    exit 1
  }
}

if server_is_up; then
  say "already running ($dir)"
  cat "$dir/postgres.env"
  exit 0
fi
if [ -f "$data/PG_VERSION" ] && [ -f "$dir/postgres.env" ]; then
  say "starting the stopped server in $dir again"
  start_watchdog
  start_server
  cat "$dir/postgres.env"
  exit 0
fi
# An empty folder (a caller's fresh temp folder) is fine; anything else is a previous run's.
if [ -e "$dir" ] && [ -n "$(ls -A "$dir")" ]; then
  say "clearing what a previous run left in $dir"
  "$here/stop-postgres.sh" --dir "$dir" >&2
fi

mkdir -p "$dir"
# The server's user must enter DIR; a fresh temp folder is private to its maker.
chmod 0755 "$dir"
mkdir -p "$dir/data" "$dir/run" "$dir/log"
chmod 0700 "$dir/data"
if [ "$(id -u)" = 0 ]; then
  chown postgres: "$dir/data" "$dir/run" "$dir/log"
  if ! runuser -u postgres -- test -w "$dir/data"; then
    say "the 'postgres' user cannot reach $dir: a folder above it is private (mode 700, as mktemp -d makes them); choose a --dir whose parent folders others may enter, or chmod 755 them"
    rm -rf "$dir/data" "$dir/run" "$dir/log"
    exit 1
  fi
fi
start_watchdog

# A fresh random password for every server: nothing to leak, nothing to reuse.
password="$(head -c 4096 /dev/urandom | LC_ALL=C tr -dc 'A-Za-z0-9' | cut -c 1-32)"
printf '%s\n' "$password" >"$dir/run/password"
[ "$(id -u)" = 0 ] && chown postgres: "$dir/run/password"
chmod 0600 "$dir/run/password"
say "initdb ($("$bindir/postgres" --version)) in $data"
pg initdb -D "$data" -U tidings --pwfile="$dir/run/password" --auth-local=scram-sha-256 --auth-host=scram-sha-256 \
  --encoding=UTF8 --locale=C.UTF-8 >"$dir/log/initdb.log" 2>&1 || {
  say "initdb failed; its output:"
  cat "$dir/log/initdb.log" >&2
  exit 1
}
rm -f "$dir/run/password"
cat >>"$data/postgresql.conf" <<CONF

# scripts/pg/start-postgres.sh
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir/run'
# Two web servers and a few workers, each with a Prisma pool and pg-boss' own.
max_connections = 200
shared_buffers = 128MB
log_line_prefix = '%m [%p] '
CONF

say "starting on 127.0.0.1:$port"
start_server
PGPASSWORD="$password" pg createdb -h 127.0.0.1 -p "$port" -U tidings tidings

echo "DATABASE_URL=postgresql://tidings:$password@127.0.0.1:$port/tidings" >"$dir/postgres.env"
chmod 0600 "$dir/postgres.env"
say "ready on 127.0.0.1:$port ($dir)"
cat "$dir/postgres.env"
