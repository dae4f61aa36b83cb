#!/usr/bin/env bash
# Installs the benchmark's peers: rclone, awscli, s3cmd (Debian) and s3-sync-client (npm, into bench/work),
# plus GNU time. Idempotent: re-running skips what is already there. Needs root (or sudo) for apt-get.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$here/work"
mkdir -p "$work"

sudo=''
if [ "$(id -u)" != 0 ]; then sudo='sudo'; fi

need=()
command -v rclone >/dev/null 2>&1 || need+=(rclone)
[ -x /usr/bin/aws ] || need+=(awscli)
command -v s3cmd >/dev/null 2>&1 || need+=(s3cmd)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: apt-get install ${need[*]}"
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${need[@]}"
else
  echo 'setup: rclone, awscli, s3cmd and GNU time already installed'
fi

# s3-sync-client and the SDK it drives, pinned so runs stay comparable, in their own folder so the
# project's package.json and node_modules are untouched.
ssc_version="${BENCH_S3_SYNC_CLIENT_VERSION:-4.3.1}"
sdk_version="${BENCH_AWS_SDK_VERSION:-3.1175.0}"
peer="$work/peer-node"
installed() { node -p "try { require('$peer/node_modules/$1/package.json').version } catch { '' }"; }
if [ "$(installed s3-sync-client)" != "$ssc_version" ] || [ "$(installed @aws-sdk/client-s3)" != "$sdk_version" ]; then
  mkdir -p "$peer"
  [ -f "$peer/package.json" ] || echo '{ "name": "bench-peer-node", "private": true, "type": "module" }' >"$peer/package.json"
  echo "setup: npm install s3-sync-client@$ssc_version @aws-sdk/client-s3@$sdk_version into bench/work/peer-node"
  (cd "$peer" && npm install --no-save --no-audit --no-fund "s3-sync-client@$ssc_version" "@aws-sdk/client-s3@$sdk_version")
else
  echo "setup: s3-sync-client $ssc_version already installed"
fi

# s3rver is the project's dev dependency.
if [ ! -f "$here/../node_modules/s3rver/package.json" ]; then
  echo 'setup: node_modules/s3rver missing: run `npm ci` in the repository first' >&2
  exit 1
fi
echo 'setup: done'
