#!/usr/bin/env bash
# One-time (and idempotent) set-up of a fresh machine: the pinned pnpm, then the workspace's
# dependencies exactly as locked. Native addons (better-sqlite3) build against the local
# Node.js headers, so no header download is needed.
set -euo pipefail
cd "$(dirname "$0")/.."

want=12.4.2
if [ "$(pnpm --version 2>/dev/null || true)" != "$want" ]; then
  echo "setup: installing pnpm@$want"
  npm i -g "pnpm@$want" >/dev/null
fi
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ]; then
  export npm_config_nodedir=/usr
fi
export TURBO_TELEMETRY_DISABLED=1
pnpm install --frozen-lockfile
