# Shared by the scripts in this folder: source it, don't run it.
# Puts the project's tools first on PATH and defines the section/log helpers.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# Trunk must not ask the crate registry whether it is the newest version.
export TRUNK_SKIP_VERSION_CHECK=true
# Playwright must never download a browser: the tests use Debian's /usr/bin/chromium.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export DEBIAN_FRONTEND=noninteractive

if [[ -t 1 ]]; then BOLD=$'\033[1m'; RESET=$'\033[0m'; else BOLD=''; RESET=''; fi
log() { printf '%s[%s]%s %s\n' "$BOLD" "${LOG_TAG:-losslab}" "$RESET" "$*"; }
