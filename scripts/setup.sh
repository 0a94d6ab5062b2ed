#!/usr/bin/env bash
# Installs everything the build and the tests need, skipping what is already there.
# Idempotent: each step first checks the installed version against the wanted one.
# Nothing here downloads a prebuilt binary or a browser: only package registries are used.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# The wasm-bindgen CLI must equal the wasm-bindgen crate in Cargo.lock.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  log "installing Debian's chromium and chromium-driver"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver fonts-dejavu-core >/dev/null
fi

if [[ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]]; then
  log "installing trunk $TRUNK_VERSION (compiles from source, ~10 min on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked --no-default-features
fi

WB_VERSION=$(wasm_bindgen_version)
if [[ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WB_VERSION" ]]; then
  log "installing wasm-bindgen-cli $WB_VERSION (matches Cargo.lock, ~4 min)"
  # Not --locked: the locked build fails on a registry index skew (see toolchain notes).
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --force
fi

if [[ ! -x node_modules/.bin/wasm-opt || ! -d node_modules/playwright-core ]] \
   || ! cmp -s package-lock.json node_modules/.package-lock.json 2>/dev/null; then
  log "installing node packages (binaryen's wasm-opt, playwright-core)"
  npm ci --no-audit --no-fund --loglevel=error
fi
log "all tools present"
