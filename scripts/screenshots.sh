#!/usr/bin/env bash
# Takes the screenshots of tests/e2e/*.shots.ts (the page and the race) in headless Chromium,
# into test-results/; with UPDATE_SCREENSHOT=1 also into docs/. Not part of the test run:
# these are pictures to look at, not checks.
#   ./scripts/screenshots.sh              build the site first
#   ./scripts/screenshots.sh --no-build   use the existing dist/
set -euo pipefail
LOG_TAG=screenshots
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

if [[ "${1:-}" != "--no-build" ]]; then
  "$ROOT/scripts/setup.sh"
  trunk build --release
fi
npx --no-install playwright test --project=screenshots --reporter=list
log "screenshots are under test-results/"
