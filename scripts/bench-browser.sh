#!/usr/bin/env bash
# Browser benchmark in headless Chromium (tests/browser_bench.rs, a wasm-bindgen-test built
# --release with LOSSLAB_BENCH=1): at 64×64 and 256×256, the time to evaluate all ten losses
# with both gradients, the time from a brush stroke to the board being current, and the
# training race's steps per second (default preset: 64×64, batch 8, ten losses).
# Prints the figures; asserts no timing (targets: all losses at 256×256 < 8 ms,
# stroke → board at 64×64 < 16 ms, race ≥ 10 steps/s, 20 the goal).
set -euo pipefail
LOG_TAG=bench
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

"$ROOT/scripts/setup.sh"
mkdir -p target
log "building and running tests/browser_bench.rs (--release, wasm32, headless Chromium)"
# The runner's default limit (20 s) is too short for 50 timed strokes.
LOSSLAB_BENCH=1 WASM_BINDGEN_TEST_TIMEOUT=180 cargo test --release -p losslab-app --target wasm32-unknown-unknown \
  --test browser_bench -- --nocapture 2>&1 | tee target/bench-browser.log
echo
log "figures ($(nproc) cores, $(chromium --version 2>/dev/null | head -1)):"
grep -o 'browser-bench: .*' target/bench-browser.log | sed 's/^browser-bench: /  /'
