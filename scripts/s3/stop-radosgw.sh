#!/usr/bin/env bash
# Stops the throwaway cluster that scripts/s3/start-radosgw.sh started in DIR and
# deletes DIR. Ends only the processes whose pids that cluster recorded, and only
# while they still run with that cluster's config file (a pid may have been reused).
#
#   scripts/s3/stop-radosgw.sh [--dir DIR]
set -euo pipefail

dir="${TMPDIR:-/tmp}/tidings-radosgw"
from_watchdog=0
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --from-watchdog) from_watchdog=1; shift ;;
    *) echo "stop-radosgw: unknown option $1" >&2; exit 2 ;;
  esac
done
case "$dir" in /*) ;; *) dir="$(pwd)/$dir" ;; esac
[ -e "$dir" ] || exit 0
# Never delete a folder this script did not make.
if [ ! -f "$dir/ceph.conf" ] && [ ! -d "$dir/run" ]; then
  echo "stop-radosgw: $dir is not a folder of start-radosgw.sh; leaving it alone" >&2
  exit 1
fi

# The pid from a pid file, if that process still belongs to this cluster.
cluster_pid() {
  local file="$dir/run/$1.pid" pid
  [ -f "$file" ] || return 1
  pid="$(cat "$file")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$2" || return 1
  echo "$pid"
}

pids=()
for name in client.rgw.tidings osd.0 mon.a; do
  if pid="$(cluster_pid "$name" "$dir/ceph.conf")"; then
    kill -TERM "$pid" 2>/dev/null && pids+=("$pid")
  fi
done
# The OSD takes a few seconds to stop; after 15 s it is killed.
deadline=$(( $(date +%s) + 15 ))
for pid in "${pids[@]}"; do
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$(date +%s)" -ge "$deadline" ]; then kill -KILL "$pid" 2>/dev/null || true; break; fi
    sleep 0.2
  done
done
if [ "$from_watchdog" = 0 ] && pid="$(cluster_pid watchdog radosgw-watchdog)"; then
  kill -TERM "$pid" 2>/dev/null || true
fi
rm -rf "$dir"
echo "stop-radosgw: stopped and removed $dir" >&2
