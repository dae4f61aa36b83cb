#!/usr/bin/env bash
# Installs the benchmark's peers: rclone, awscli, s3cmd (Debian) and s3-sync-client (npm, into bench/work),
# plus GNU time and hyperfine (start-up timings), and finds Node 24 (npx node@24) for the start-up table.
# Idempotent: re-running skips what is already there. Needs root (or sudo) for apt-get.
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
command -v hyperfine >/dev/null 2>&1 || need+=(hyperfine)
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: apt-get install ${need[*]}"
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${need[@]}"
else
  echo 'setup: rclone, awscli, s3cmd, GNU time and hyperfine already installed'
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

# Node 24 for the start-up table (the Actions runtime): npx keeps it in its cache; run.mjs asks npx for
# the binary's path once per run (BENCH_NODE24 overrides it).
if node24="$(npx -y -p node@24 node -p process.execPath 2>/dev/null)" && [ -x "$node24" ]; then
  echo "setup: node 24 at $node24 ($("$node24" --version))"
else
  echo 'setup: could not fetch node@24 with npx: the start-up table will show Node 24 as skipped' >&2
fi

# s3rver and fauxqs (the two servers) are the project's dev dependencies.
for dep in s3rver fauxqs; do
  if [ ! -f "$here/../node_modules/$dep/package.json" ]; then
    echo "setup: node_modules/$dep missing: run \`npm ci\` in the repository first" >&2
    exit 1
  fi
done
echo 'setup: done'
