#!/usr/bin/env bash
# Installs Debian's Ceph object gateway (radosgw) and the two daemons it needs (one
# monitor, one OSD) when they are missing: a real S3 endpoint that checks signatures,
# for the S3 storage tests. Needs root and Debian's package archive; ~220 MB.
# Idempotent: does nothing when the programs are already there.
set -euo pipefail

needed=(radosgw radosgw-admin ceph-mon ceph-osd ceph monmaptool)
missing=0
for program in "${needed[@]}"; do
  command -v "$program" >/dev/null 2>&1 || missing=1
done
if [ "$missing" = 0 ]; then
  echo "radosgw is installed: $(radosgw --version 2>/dev/null | head -n 1)"
  exit 0
fi

if [ "$(id -u)" != 0 ]; then
  echo "install-radosgw: run as root (apt-get install radosgw ceph-mon ceph-osd)" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# Bounded: a stuck mirror fails the step instead of hanging the run. The lock
# timeout lets an apt-get that another process is running finish first.
apt_options=(-o DPkg::Lock::Timeout=300 -o Acquire::Retries=3 -o Acquire::http::Timeout=60)
timeout 600 apt-get "${apt_options[@]}" update -qq
timeout 900 apt-get "${apt_options[@]}" install -y -qq --no-install-recommends radosgw ceph-mon ceph-osd >/dev/null
echo "radosgw installed: $(radosgw --version 2>/dev/null | head -n 1)"
