#!/usr/bin/env bash
# One-time (and idempotent) set-up of a fresh machine: the pinned pnpm, then the workspace's
# dependencies exactly as locked. Native addons (better-sqlite3) build against the local
# Node.js headers, so no header download is needed.
#   bash scripts/setup.sh          dependencies only (enough for `pnpm start`)
#   bash scripts/setup.sh --test   also Debian's chromium (browser tests), postgresql and
#                                  redis-server (the suites that run on PostgreSQL and Redis)
#                                  and python3 (the docs' Python samples are run)
#   bash scripts/setup.sh --bench  also wrk, the load generator of `pnpm bench`
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
if [ "${1:-}" = "--bench" ]; then
  command -v wrk >/dev/null || missing+=(wrk)
fi
if [ "${1:-}" = "--test" ]; then
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v python3 >/dev/null || missing+=(python3)
fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]} (Debian packages)"
  as_root=""; [ "$(id -u)" = 0 ] || as_root="sudo"
  $as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

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
