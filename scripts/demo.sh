#!/usr/bin/env bash
# Runs the product on the embedded defaults with the demo data: SQLite at ./data/igny8.db, report
# files under ./data/objects, emails written to ./data/outbox, http://127.0.0.1:3000.
# It installs what building the product needs (when run as root), builds the browser bundle (pages
# still work without it) and the server in release mode, then prints the demo logins and serves
# until Ctrl-C.
# Usage: scripts/demo.sh                (configuration: the environment variables in the README)
#        scripts/demo.sh --smoke-test   the same build, then the server started in a fresh empty
#                                       directory with no configuration, checked and stopped (CI)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD

step() { printf '==> %s\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

smoke=0
case "${1:-}" in
  "") ;;
  --smoke-test) smoke=1 ;;
  *) die "unknown argument: $1 (usage: $0 [--smoke-test])" ;;
esac

if [ "$(id -u)" -eq 0 ]; then
  step "Installing missing build dependencies"
  bash scripts/install-deps.sh run
else
  echo "    not root: skipping dependency installation (the browser bundle may be missing)"
fi

step "Building the browser bundle"
if [ "$smoke" -eq 1 ]; then bash scripts/build-hydrate.sh --require; else bash scripts/build-hydrate.sh; fi

step "Building the server (release)"
cargo build --release -q -p server --bin igny8
bin=${CARGO_TARGET_DIR:-$root/target}/release/igny8

if [ "$smoke" -eq 0 ]; then
  step "Starting igny8 serve --demo"
  exec "$bin" serve --demo
fi

# --smoke-test: what a newcomer's first run meets, in an empty directory with nothing configured
# but the port (a free one) and where the bundle is.
D=$(mktemp -d "${TMPDIR:-/tmp}/igny8-demo.XXXXXX")
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
base=http://127.0.0.1:$PORT
step "Smoke test: $bin serve --demo in the empty directory $D, on $base"
(cd "$D" && exec env -i PATH="$PATH" HOME="$D" IGNY8_BIND="127.0.0.1:$PORT" IGNY8_SITE_ROOT="$root/target/site" \
  "$bin" serve --demo >"$D/server.log" 2>&1) &
pid=$!
fail() {
  kill -KILL "$pid" 2>/dev/null || true
  echo "---- server log ($D/server.log) ----" >&2
  tail -n 50 "$D/server.log" >&2 || true
  die "$*"
}
deadline=$((SECONDS + 180))
until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$base/readyz" || true)" = 200 ]; do
  kill -0 "$pid" 2>/dev/null || fail "the server exited before it became ready"
  [ "$SECONDS" -lt "$deadline" ] || fail "/readyz did not answer 200 within 180 s"
  sleep 0.5
done
echo "    /readyz 200 after $((SECONDS + 180 - deadline)) s"
[ -f "$D/data/igny8.db" ] || fail "no database at ./data/igny8.db"
code=$(curl -s -o "$D/login.html" -w '%{http_code}' "$base/login")
[ "$code" = 200 ] && grep -q 'Sign in' "$D/login.html" || fail "GET /login answered $code without the sign-in form"
code=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "$base/services")
[ "$code" = "303 $base/login?next=%2Fservices" ] || fail "GET /services (signed out) answered '$code', expected a 303 to the login page"
wasm=$(sed -n 's/^wasm: //p' "$root/target/site/pkg/manifest.txt")
grep -q "/pkg/$wasm" "$D/login.html" || fail "the login page does not load the bundle /pkg/$wasm"
encoding=$(curl -s -o /dev/null -D - -H 'accept-encoding: br, gzip' "$base/pkg/$wasm" | tr -d '\r' | sed -n 's/^content-encoding: //Ip')
[ "$encoding" = br ] || fail "/pkg/$wasm is not served brotli-compressed (content-encoding: '$encoding')"
step "Stopping the server (SIGTERM)"
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
[ "$status" -eq 0 ] || fail "the server exited with status $status after SIGTERM"
rm -rf "$D"
step "Smoke test passed: the first command works in an empty directory"
