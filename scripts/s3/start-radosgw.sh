#!/usr/bin/env bash
# Starts a throwaway one-node Ceph cluster with its S3 gateway (radosgw) on 127.0.0.1:
# one monitor, one OSD that keeps its data in memory (memstore), radosgw's beast
# frontend, one S3 user and one bucket. A real S3 endpoint that checks signatures,
# for tests and for trying STORAGE_DRIVER=s3 on one machine. Not for real data:
# everything is gone when it stops.
#
#   scripts/s3/start-radosgw.sh [--dir DIR] [--port PORT] [--mon-port PORT]
#                               [--bucket NAME] [--owner-pid PID] [--max-seconds N]
#
# Prints the settings (STORAGE_DRIVER=s3, S3_ENDPOINT, S3_ACCESS_KEY_ID, …) as
# KEY=value lines on stdout and keeps them in DIR/s3.env; progress goes to stderr.
# Idempotent: when the cluster in DIR is up already, it prints its settings again.
# Stops by itself when --owner-pid exits, and after --max-seconds (default 2 h) in
# any case; scripts/s3/stop-radosgw.sh --dir DIR stops it sooner.
# Defaults: DIR $TMPDIR/tidings-radosgw, PORT 7480, the monitor on PORT + 1, bucket
# "tidings". Needs the programs that scripts/s3/install-radosgw.sh installs; the
# memory store's size is RADOSGW_MEMSTORE_BYTES (default 2 GiB).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
dir="${TMPDIR:-/tmp}/tidings-radosgw"
port=7480
mon_port=""
bucket=tidings
owner_pid=""
max_seconds=7200
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --mon-port) mon_port="$2"; shift 2 ;;
    --bucket) bucket="$2"; shift 2 ;;
    --owner-pid) owner_pid="$2"; shift 2 ;;
    --max-seconds) max_seconds="$2"; shift 2 ;;
    *) echo "start-radosgw: unknown option $1" >&2; exit 2 ;;
  esac
done
mon_port="${mon_port:-$((port + 1))}"
case "$dir" in /*) ;; *) dir="$(pwd)/$dir" ;; esac
conf="$dir/ceph.conf"
endpoint="http://127.0.0.1:$port"
say() { echo "start-radosgw: $*" >&2; }

for program in radosgw radosgw-admin ceph-mon ceph-osd ceph monmaptool curl; do
  if ! command -v "$program" >/dev/null 2>&1; then
    say "$program is not installed; run scripts/s3/install-radosgw.sh (as root) first"
    exit 1
  fi
done

# Every daemon of this cluster is alive and the gateway answers.
cluster_is_up() {
  [ -f "$dir/s3.env" ] || return 1
  local name
  for name in mon.a osd.0 client.rgw.tidings; do
    [ -f "$dir/run/$name.pid" ] && kill -0 "$(cat "$dir/run/$name.pid")" 2>/dev/null || return 1
  done
  curl -fsS -o /dev/null --max-time 5 "$endpoint/"
}

if cluster_is_up; then
  say "already running at $endpoint ($dir)"
  cat "$dir/s3.env"
  exit 0
fi
# An empty folder (a caller's fresh temp folder) is fine; anything else is a previous run's.
if [ -e "$dir" ] && [ -n "$(ls -A "$dir")" ]; then
  say "clearing what a previous run left in $dir"
  "$here/stop-radosgw.sh" --dir "$dir" >&2
fi

# Waits up to $1 seconds for the command after it to succeed.
wait_for() {
  local seconds="$1"; shift
  local deadline=$(( $(date +%s) + seconds ))
  until "$@" >/dev/null 2>&1; do
    if [ "$(date +%s)" -ge "$deadline" ]; then return 1; fi
    sleep 0.5
  done
}

fail() {
  say "$1; the last lines of its log:"
  tail -n 20 "$2" >&2 2>/dev/null || true
  "$here/stop-radosgw.sh" --dir "$dir" >&2 || true
  exit 1
}

mkdir -p "$dir"/{run,log,mon,osd/ceph-0,rgw}
# Any other failure from here on: say where, and take down what was started.
trap 'say "failed at line $LINENO"; "$here/stop-radosgw.sh" --dir "$dir" >&2 || true' ERR
fsid="$(cat /proc/sys/kernel/random/uuid)"
cat >"$conf" <<EOF
[global]
fsid = $fsid
mon host = v2:127.0.0.1:$mon_port
mon initial members = a
public addr = 127.0.0.1
ms bind msgr1 = false
ms bind ipv6 = false
# A private cluster on loopback for one test run: no cephx keys to hand around.
auth cluster required = none
auth service required = none
auth client required = none
keyring = /dev/null
run dir = $dir/run
admin socket = $dir/run/\$name.asok
pid file = $dir/run/\$name.pid
log file = $dir/log/\$name.log
mon data = $dir/mon/\$cluster-\$id
osd data = $dir/osd/\$cluster-\$id
# Objects live in the OSD's memory: fast, and nothing to clean up on disk.
osd objectstore = memstore
memstore device bytes = ${RADOSGW_MEMSTORE_BYTES:-2147483648}
# One OSD: one copy of everything, few placement groups.
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
mon allow pool size one = true
mon warn on pool no redundancy = false
osd crush chooseleaf type = 0
mon data avail warn = 1
debug ms = 0/0
debug rgw = 0/0

[client]
# Without these, radosgw under auth "none" keeps failing to connect (auth error -13).
ms mon client mode = crc secure
ms client mode = crc secure

[client.rgw.tidings]
rgw frontends = beast endpoint=127.0.0.1:$port
rgw data = $dir/rgw
# Reclaim the space of deleted objects within seconds, not hours: memory is small,
# and a full OSD makes every write wait instead of fail.
rgw gc obj min wait = 5
rgw gc processor period = 5
rgw gc processor max time = 5
EOF

# The watchdog: stops the cluster when its owner exits or its time is up, so nothing
# outlives a test run that was killed. Started before the daemons, so it covers a
# start that fails half-way too. Detached, with no stdio that a caller waits on.
setsid bash -c '
  owner="$1"; max_seconds="$2"; stop="$3"; dir="$4"
  deadline=$(( $(date +%s) + max_seconds ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    if [ -n "$owner" ] && ! kill -0 "$owner" 2>/dev/null; then break; fi
    sleep 2
  done
  exec "$stop" --dir "$dir" --from-watchdog
' radosgw-watchdog "$owner_pid" "$max_seconds" "$here/stop-radosgw.sh" "$dir" </dev/null >"$dir/log/watchdog.log" 2>&1 &
echo $! >"$dir/run/watchdog.pid"

say "monitor on 127.0.0.1:$mon_port"
monmaptool --create --add a "v2:127.0.0.1:$mon_port" --fsid "$fsid" "$dir/monmap" >/dev/null
ceph-mon --mkfs -i a --monmap "$dir/monmap" -c "$conf" </dev/null >>"$dir/log/setup.log" 2>&1 \
  || fail "the monitor's store could not be made" "$dir/log/setup.log"
ceph-mon -i a -c "$conf" </dev/null >>"$dir/log/setup.log" 2>&1 || fail "the monitor did not start" "$dir/log/mon.a.log"
ceph_cli() { timeout 30 ceph -c "$conf" --connect-timeout 20 "$@"; }
wait_for 30 ceph_cli mon stat || fail "the monitor did not answer" "$dir/log/mon.a.log"

say "OSD (memstore)"
osd_uuid="$(cat /proc/sys/kernel/random/uuid)"
osd_id="$(ceph_cli osd new "$osd_uuid")"
[ "$osd_id" = 0 ] || fail "expected OSD id 0, got '$osd_id'" "$dir/log/mon.a.log"
ceph-osd -i 0 --mkfs --osd-uuid "$osd_uuid" -c "$conf" </dev/null >>"$dir/log/setup.log" 2>&1 \
  || fail "the OSD's store could not be made" "$dir/log/setup.log"
ceph-osd -i 0 -c "$conf" </dev/null >>"$dir/log/setup.log" 2>&1 || fail "the OSD did not start" "$dir/log/osd.0.log"
osd_is_up() { ceph_cli osd dump 2>/dev/null | grep -q '^osd\.0 up'; }
wait_for 60 osd_is_up || fail "the OSD did not come up" "$dir/log/osd.0.log"

say "radosgw on $endpoint"
radosgw -c "$conf" -n client.rgw.tidings </dev/null >>"$dir/log/setup.log" 2>&1 || fail "radosgw did not start" "$dir/log/client.rgw.tidings.log"
wait_for 90 curl -fsS -o /dev/null --max-time 5 "$endpoint/" || fail "radosgw did not answer" "$dir/log/client.rgw.tidings.log"

# Fresh random keys for every cluster: nothing to leak, nothing to reuse.
random_string() { head -c 4096 /dev/urandom | LC_ALL=C tr -dc "$1" | cut -c "1-$2"; }
access_key="$(random_string 'A-Z0-9' 20)"
secret_key="$(random_string 'A-Za-z0-9' 40)"
timeout 60 radosgw-admin -c "$conf" user create --uid=tidings --display-name=Tidings \
  --access-key="$access_key" --secret-key="$secret_key" >/dev/null 2>>"$dir/log/setup.log" \
  || fail "the S3 user could not be made" "$dir/log/setup.log"

# curl signs the request itself (SigV4); radosgw wants the payload hash header with it.
create_bucket() {
  curl -fsS -o /dev/null --max-time 10 -X PUT --aws-sigv4 "aws:amz:us-east-1:s3" --user "$access_key:$secret_key" \
    -H "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" "$endpoint/$bucket"
}
# The new user can take a moment to be seen by the gateway.
wait_for 30 create_bucket || fail "the bucket $bucket could not be made" "$dir/log/client.rgw.tidings.log"

cat >"$dir/s3.env" <<EOF
STORAGE_DRIVER=s3
S3_ENDPOINT=$endpoint
S3_REGION=us-east-1
S3_FORCE_PATH_STYLE=true
S3_BUCKET=$bucket
S3_ACCESS_KEY_ID=$access_key
S3_SECRET_ACCESS_KEY=$secret_key
EOF
say "ready at $endpoint, bucket $bucket ($dir)"
cat "$dir/s3.env"
