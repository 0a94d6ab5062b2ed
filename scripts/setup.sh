#!/usr/bin/env bash
# Installs everything the build and the tests need, skipping what is already there.
# Idempotent: each step first checks the installed version against the wanted one.
# Nothing here downloads a prebuilt binary or a browser: only package registries are used
# (apt for Chromium, crates.io for trunk and wasm-bindgen-cli, npm for wasm-opt/Playwright).
#
# On a fresh machine the two `cargo install`s are most of the time. They run one after the
# other in the background while apt and npm install (network and disk, little CPU), and they
# are compiled for build speed, not run speed: both tools spend their time waiting on rustc
# or in wasm-bindgen's wasm rewriting, which opt-level 1 keeps fast enough.
set -euo pipefail
LOG_TAG=setup
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

TRUNK_VERSION=0.21.14
WASM_OPT_VERSION=version_132

# The wasm-bindgen CLI must equal the wasm-bindgen crate in Cargo.lock.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

# --- Rust: the wasm32 target, rustfmt and clippy ------------------------------------------
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    log "adding the $component component"
    rustup component add "$component"
  fi
done

WB_VERSION=$(wasm_bindgen_version)
if [[ -z "$WB_VERSION" ]]; then
  echo "setup: no wasm-bindgen in Cargo.lock" >&2
  exit 1
fi

# --- crates.io: trunk and wasm-bindgen-cli, compiled from source (in the background) -------
need_trunk=0 need_wb=0
[[ "$(trunk --version 2>/dev/null)" == "trunk $TRUNK_VERSION" ]] || need_trunk=1
if [[ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WB_VERSION" ]] \
   || [[ "$(wasm-bindgen-test-runner --version 2>/dev/null)" != *"$WB_VERSION"* ]]; then
  need_wb=1
fi
cargo_installs() {
  # A profile for building the tools quickly: no LTO, many codegen units, no debug info.
  export CARGO_PROFILE_RELEASE_OPT_LEVEL=1
  export CARGO_PROFILE_RELEASE_LTO=false
  export CARGO_PROFILE_RELEASE_CODEGEN_UNITS=64
  export CARGO_PROFILE_RELEASE_DEBUG=0
  export CARGO_PROFILE_RELEASE_STRIP=true
  export CARGO_PROFILE_RELEASE_INCREMENTAL=false
  local tools_target="$HOME/.cache/losslab-tool-builds"
  if ((need_wb)); then
    log "installing wasm-bindgen-cli $WB_VERSION (the version in Cargo.lock, from source)"
    # Not --locked: the locked build fails on a registry index skew (webpki-roots).
    cargo install wasm-bindgen-cli --version "$WB_VERSION" --force --quiet \
      --target-dir "$tools_target"
  fi
  if ((need_trunk)); then
    log "installing trunk $TRUNK_VERSION (from source, without its download features)"
    cargo install trunk --version "$TRUNK_VERSION" --locked --no-default-features --force \
      --quiet --target-dir "$tools_target"
  fi
  rm -rf "$tools_target"
}
cargo_pid=""
if ((need_trunk || need_wb)); then
  cargo_installs &
  cargo_pid=$!
fi

# --- Debian: Chromium and its driver (same version), fonts for the screenshots ------------
# A CJK font (WenQuanYi Micro Hei, 3 MB): without one, Chinese is drawn as narrow boxes, and
# the layout tests would measure the Chinese labels at the boxes' width, not the glyphs'.
apt_missing=()
for pkg in chromium chromium-driver fonts-dejavu-core fonts-wqy-microhei; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
    || apt_missing+=("$pkg")
done
if ((${#apt_missing[@]})); then
  log "installing Debian packages: ${apt_missing[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${apt_missing[@]}" >/dev/null
fi

# --- npm: binaryen's wasm-opt 132 and Playwright (never a browser download) ---------------
# Debian's binaryen (wasm-opt 108) breaks the page at start: it is never used.
if [[ "$(node_modules/.bin/wasm-opt --version 2>/dev/null)" != *"$WASM_OPT_VERSION"* ]] \
   || [[ ! -d node_modules/@playwright/test ]] || [[ ! -d node_modules/playwright-core ]]; then
  log "installing node packages from package-lock.json (binaryen, @playwright/test)"
  npm ci --no-audit --no-fund --loglevel=error
fi

if [[ -n "$cargo_pid" ]]; then
  log "waiting for the cargo installs"
  wait "$cargo_pid"
fi

log "all tools present: $(trunk --version), $(wasm-bindgen --version)," \
  "wasm-opt $(node_modules/.bin/wasm-opt --version | awk '{print $3}'), $(chromium --version 2>/dev/null | head -1)"
