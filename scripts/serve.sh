#!/usr/bin/env bash
# Builds the app for release and serves it on http://127.0.0.1:${PORT:-8080}/.
# Installs whatever is missing first (scripts/setup.sh; a no-op when all is present).
#   PORT=9000 ./scripts/serve.sh     another port
#   ./scripts/serve.sh --no-build    serve the existing dist/ as it is
set -euo pipefail
LOG_TAG=serve
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

PORT="${PORT:-8080}"
if [[ "${1:-}" != "--no-build" ]]; then
  "$ROOT/scripts/setup.sh"
  log "building the app (trunk build --release)"
  trunk build --release
fi
[[ -f dist/index.html ]] || { echo "serve: dist/index.html is missing: build first" >&2; exit 1; }
if ! python3 -c 'import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as http.server does
s.bind(("127.0.0.1", int(sys.argv[1])))' "$PORT" 2>/dev/null; then
  echo "serve: port $PORT on 127.0.0.1 is in use; choose another: PORT=8090 $0 --no-build" >&2
  exit 1
fi

log "losslab is at http://127.0.0.1:$PORT/  (Ctrl+C stops the server)"
exec python3 -m http.server --bind 127.0.0.1 "$PORT" --directory dist
