#!/usr/bin/env bash
# Runs every check of the project, stopping at the first failure:
#   setup · rustfmt · import cycles · clippy (native, wasm32) · cargo test (native, with the
#   race's claims) · the `losslab` command against the golden cases · wasm-bindgen-test in
#   headless Chromium · Playwright e2e on the release site.
# The site's build runs after the other builds, not beside them: on the 2-core machine,
# building it in the background from the start (in its own target directory) slowed clippy
# and the test builds by about as much as it hid (clippy native 231 s instead of ~90 s).
# Ends with one plain line "N passed, N failed" summing the test runners' counts (cargo's
# test results, the checker's Python tests, the golden cases through the CLI, Playwright's
# tests).
# Exit status: 0 only when every step passed.
set -euo pipefail
LOG_TAG=test
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

LOGS="$ROOT/target/test-logs"
mkdir -p "$LOGS"
rm -f "$LOGS"/*.log "$LOGS"/*.json
START=$(date +%s)
SECTION="(start)"
declare -a TIMES=()

section() {
  SECTION="$1"
  SECTION_START=$(date +%s)
  printf '\n%s==== %s ====%s\n' "$BOLD" "$SECTION" "$RESET"
}
section_done() { TIMES+=("$(printf '%5ss  %s' "$(($(date +%s) - SECTION_START))" "$SECTION")"); }

# Sums "test result: … N passed; M failed" of cargo test / wasm-bindgen-test-runner, the
# "Ran N tests" of Python's unittest (less its FAIL and ERROR lines), the "N of M golden
# cases conform" of tools/oracle/check_cli.py and the stats of Playwright's JSON report.
counts() {
  local passed=0 failed=0 skipped=0
  if compgen -G "$LOGS/*.log" >/dev/null; then
    read -r passed failed skipped < <(awk '
      /test result: / {
        for (i = 1; i <= NF; i++) {
          if ($(i+1) ~ /^passed;?$/) p += $i
          if ($(i+1) ~ /^failed;?$/) f += $i
          if ($(i+1) ~ /^ignored;?$/) s += $i
        }
      }
      END { print p + 0, f + 0, s + 0 }' "$LOGS"/*.log)
  fi
  if [[ -f "$LOGS/python-unittest.txt" ]]; then
    local ran bad
    ran=$(awk '/^Ran [0-9]+ tests? in/ { print $2 }' "$LOGS/python-unittest.txt")
    bad=$(grep -cE '\.\.\. (FAIL|ERROR)$' "$LOGS/python-unittest.txt" || true)
    passed=$((passed + ${ran:-0} - bad)); failed=$((failed + bad))
  fi
  if [[ -f "$LOGS/cli-conformance.txt" ]]; then
    local ok all
    read -r ok all < <(awk '/golden cases conform/ { ok += $1; all += $3 } END { print ok + 0, all + 0 }' "$LOGS/cli-conformance.txt")
    passed=$((passed + ${ok:-0})); failed=$((failed + ${all:-0} - ${ok:-0}))
  fi
  if [[ -f "$LOGS/playwright.json" ]]; then
    local pw
    pw=$(node -e '
      const s = require(process.argv[1]).stats || {};
      console.log((s.expected || 0) + (s.flaky || 0), s.unexpected || 0, s.skipped || 0);
    ' "$LOGS/playwright.json" 2>/dev/null || echo "0 0 0")
    read -r p f s <<<"$pw"
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  fi
  echo "$passed $failed $skipped"
}

finish() {
  local status=${1:-$?}
  local elapsed=$(($(date +%s) - START))
  read -r passed failed skipped < <(counts)
  printf '\n%s==== summary ====%s\n' "$BOLD" "$RESET"
  printf '%s\n' "${TIMES[@]}"
  if ((status != 0)); then
    ((failed == 0)) && failed=1   # a failed lint or build counts as a failure too
    echo "FAILED in section: $SECTION (exit status $status) after ${elapsed}s"
  else
    echo "all sections passed in ${elapsed}s"
  fi
  echo "$passed passed, $failed failed, $skipped skipped"
  exit "$status"
}
trap finish EXIT

section "setup (installs only what is missing)"
"$ROOT/scripts/setup.sh"
section_done

section "rustfmt"
cargo fmt --all --check
section_done

section "import cycles between files (tools/import_cycles.py, and its own tests)"
python3 tools/import_cycles.py
python3 -m unittest -v tools/test_import_cycles.py 2>&1 | tee "$LOGS/python-unittest.txt"
section_done

section "clippy, native (workspace, all targets)"
cargo clippy --workspace --all-targets -- -D warnings
section_done

section "clippy, wasm32 (app all targets, core lib)"
cargo clippy -p losslab-app --target wasm32-unknown-unknown --all-targets -- -D warnings
# The core's test targets need proptest, whose getrandom has no wasm32-unknown-unknown
# backend; its library (what the app ships) is checked here.
cargo clippy -p losslab-core --target wasm32-unknown-unknown --lib -- -D warnings
section_done

section "cargo test, native (core with golden cases, proptest and the race's claims; cli end-to-end; app)"
cargo test --workspace 2>&1 | tee "$LOGS/native.log"
section_done

section "the losslab command against every golden case (tools/oracle/check_cli.py)"
# The test build's binary (cargo test built it for the CLI's own tests; its core is compiled
# at opt-level 3, so the 109 + 120 cases take about a second): no separate release build.
cargo build --bin losslab
LOSSLAB_BIN="$ROOT/target/debug/losslab"
python3 tools/oracle/check_cli.py "$LOSSLAB_BIN" 2>&1 | tee "$LOGS/cli-conformance.txt"
python3 tools/oracle/check_cli.py "$LOSSLAB_BIN" crates/core/tests/golden/compound_cases.json 2>&1 \
  | tee -a "$LOGS/cli-conformance.txt"
# The geometry losses' cases, the distance transform's masks (losslab edt) and their errors.
python3 tools/oracle/check_cli.py --geometry "$LOSSLAB_BIN" 2>&1 | tee -a "$LOGS/cli-conformance.txt"
# The multi-class cases (layouts, labels, aggregation; multiclass.md) and their errors.
python3 tools/oracle/check_cli.py --multiclass "$LOSSLAB_BIN" 2>&1 | tee -a "$LOGS/cli-conformance.txt"
section_done

section "wasm-bindgen-test in headless Chromium (app, browser bench smoke run)"
# .cargo/config.toml sets runner = wasm-bindgen-test-runner, which drives chromedriver.
# The core's unit tests are not run on wasm32: their dev-dependency proptest cannot build
# there (getrandom); the app's browser tests exercise the core compiled to wasm instead.
# A roomier limit per test file than the runner's 20 s default, for a loaded CI machine.
WASM_BINDGEN_TEST_TIMEOUT=90 cargo test -p losslab-app --target wasm32-unknown-unknown 2>&1 | tee "$LOGS/wasm.log"
section_done

section "trunk build --release (the site in dist/)"
trunk build --release
section_done

section "Playwright end-to-end tests on dist/ in headless Chromium"
LOSSLAB_BIN="$LOSSLAB_BIN" PLAYWRIGHT_JSON_OUTPUT_NAME="$LOGS/playwright.json" \
  npx --no-install playwright test --project=tests --reporter=list,json
section_done
