#!/usr/bin/env bash
# One-time (and idempotent) set-up of a fresh machine: the project's Node.js when the
# machine's is older, the pinned pnpm, then the workspace's dependencies exactly as locked.
#   bash scripts/setup.sh          enough for `pnpm start`
#   bash scripts/setup.sh --test   also what `pnpm test` uses: Debian's chromium (browser tests),
#                                  postgresql and redis-server (the suites on PostgreSQL and
#                                  Redis), python3 (the docs' Python samples), and the other
#                                  runtimes the suites run on (tests/support/runtimes.json)
#   bash scripts/setup.sh --bench  also wrk, the load generator of `pnpm bench`
set -euo pipefail
cd "$(dirname "$0")/.."

is_root() { [ "$(id -u)" = 0 ]; }

# Node.js: at least package.json's engines.node; when older (or missing), the version of
# .nvmrc is installed from the npm registry (the node-<os>-<arch> package is Node's own
# release) into /usr/local, which comes before the system's /usr/bin on PATH.
node_wanted="$(tr -d ' \n' < .nvmrc)"
node_minimum="$(sed -n 's/.*"node": *">=\([0-9.]*\)".*/\1/p' package.json | head -1)"
node_ok() {
  command -v node >/dev/null &&
    node -e 'const [a, b] = [process.versions.node, process.argv[1]].map((v) => v.split(".").map(Number));
      process.exit((a[0] - b[0] || a[1] - b[1] || a[2] - (b[2] ?? 0)) >= 0 ? 0 : 1)' "$node_minimum"
}
if ! node_ok; then
  found="$(node --version 2>/dev/null || echo 'no Node.js')"
  if ! is_root || ! command -v npm >/dev/null; then
    echo "setup: Node.js $node_minimum or newer is needed; this machine has $found." >&2
    echo "  Install Node.js $node_wanted (the version in .nvmrc: \`nvm install\`, \`fnm use\`, or your package" >&2
    echo "  manager), or run this script as root with npm present to have it installed into /usr/local." >&2
    exit 1
  fi
  case "$(uname -m)" in x86_64) arch=x64 ;; aarch64 | arm64) arch=arm64 ;; *) arch="$(uname -m)" ;; esac
  package="node-$(uname -s | tr '[:upper:]' '[:lower:]')-$arch@$node_wanted"
  echo "setup: this machine has $found; installing Node.js $node_wanted ($package, npm registry) into /usr/local"
  scratch="$(mktemp -d)"
  npm install --prefix "$scratch" --no-save --no-audit --no-fund --loglevel=error "$package" >/dev/null
  from="$scratch/node_modules/${package%@*}"
  install -D -m 755 "$from/bin/node" /usr/local/bin/node
  mkdir -p /usr/local/include && rm -rf /usr/local/include/node && cp -r "$from/include/node" /usr/local/include/node
  rm -rf "$scratch"
  hash -r
  node_ok || { echo "setup: $(command -v node) is still $(node --version): put /usr/local/bin first on PATH" >&2; exit 1; }
fi

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
  as_root=""; is_root || as_root="sudo"
  $as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# pnpm: this version exactly (12.18 is the first whose Ctrl-C on `pnpm start` is quiet).
# package.json names it in devEngines.packageManager with onFail "ignore" (turbo reads it
# there): a pin pnpm enforces is recorded in the lockfile only after pnpm checks the
# registry's signatures of that pnpm, which not every registry mirror carries, and a frozen
# install then fails.
want=12.18.0
if [ "$(pnpm --version 2>/dev/null || true)" != "$want" ]; then
  echo "setup: installing pnpm@$want"
  npm i -g "pnpm@$want" >/dev/null
  hash -r
fi
export TURBO_TELEMETRY_DISABLED=1
pnpm install --frozen-lockfile
if [ "${1:-}" = "--test" ]; then
  node scripts/install-runtimes.mjs
fi
echo "setup: Node.js $(node --version), pnpm $(pnpm --version)"
