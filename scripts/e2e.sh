#!/usr/bin/env bash
# Browser end-to-end tests: seeds a fresh SQLite database in a temp directory with the demo (and 60 more clients),
# starts the built server on a free port, waits for /readyz, runs the Playwright specs in end2end/tests/ with
# Debian's Chromium (screenshots of every page land in target/e2e-screenshots/ for review), then stops the
# server with SIGTERM and fails unless it shuts down cleanly (exit status 0) within 10 s.
# Usage: scripts/e2e.sh [SPEC…]    (after `cargo build -p server --bin igny8`, and optionally scripts/build-hydrate.sh;
#                                   no SPEC: every end2end/tests/*.test.mjs)
# Env:   E2E_SERVER_BIN   server binary (default target/debug/igny8)
#        EXPECT_HYDRATION 1|0 (default: 1 when the browser bundle is built: target/site/pkg/manifest.txt)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD

step() { printf '==> %s\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

bin=${E2E_SERVER_BIN:-${CARGO_TARGET_DIR:-$root/target}/debug/igny8}
[ -x "$bin" ] || die "$bin not found: run 'cargo build -p server --bin igny8' first"
[ -x /usr/bin/chromium ] || die "/usr/bin/chromium not found: run scripts/install-deps.sh test"
[ -d end2end/node_modules/playwright-core ] || die "playwright-core not installed: run scripts/install-deps.sh test"
for tool in node curl python3; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed"
done
shopt -s nullglob
specs=(end2end/tests/*.test.mjs)
shopt -u nullglob
if [ $# -gt 0 ]; then specs=("$@"); fi
[ ${#specs[@]} -gt 0 ] || die "no specs in end2end/tests/*.test.mjs"

if [ -z "${EXPECT_HYDRATION:-}" ]; then
  if [ -f target/site/pkg/manifest.txt ]; then EXPECT_HYDRATION=1; else EXPECT_HYDRATION=0; fi
fi

D=$(mktemp -d "${TMPDIR:-/tmp}/igny8-e2e.XXXXXX")
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
base=http://127.0.0.1:$PORT
server_pid=""
passed=0

# Sends SIGTERM to the server and waits up to $1 seconds, then SIGKILL. Sets stop_status and stop_timed_out.
stop_server() {
  local pid=$server_pid grace=$1 watchdog
  server_pid=""
  stop_status=0
  stop_timed_out=0
  rm -f "$D/.killed"
  kill -TERM "$pid" 2>/dev/null || true
  (
    sleep "$grace"
    if kill -0 "$pid" 2>/dev/null; then touch "$D/.killed"; kill -KILL "$pid"; fi
  ) >/dev/null 2>&1 &
  watchdog=$!
  wait "$pid" || stop_status=$?
  kill "$watchdog" 2>/dev/null || true
  wait "$watchdog" 2>/dev/null || true
  if [ -f "$D/.killed" ]; then stop_timed_out=1; fi
}

cleanup() {
  local rc=$?
  if [ -n "$server_pid" ]; then stop_server 5; fi
  if [ "$passed" -eq 1 ]; then
    rm -rf "$D"
  else
    echo "---- server log: last 100 lines of $D/server.log ----" >&2
    tail -n 100 "$D/server.log" >&2 2>/dev/null || true
    echo "---- end of server log (files kept in $D) ----" >&2
    [ "$rc" -ne 0 ] || rc=1
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

step "Seeding the demo (and 60 more clients) and starting $bin serve on $base (data in $D)"
mkdir -p "$root/target/site"
# A clean slate: the server refuses unknown IGNY8_* variables, and a developer's own configuration
# (IGNY8_CONFIG, IGNY8_PUBLIC_URL, DATABASE_URL, ...) must not leak into the test server. The
# scheduler is off (IGNY8_JOBS_TICK empty): the pages see the seeded data only, and the jobs
# have their own tests (server/tests/integration/jobs*.rs).
unset_own_env=()
while IFS= read -r name; do
  unset_own_env+=(-u "$name")
done < <(compgen -e | grep -E '^(IGNY8_|DATABASE_URL$)' || true)
server_env=(
  env "${unset_own_env[@]}"
  DATABASE_URL="sqlite://$D/igny8.db"
  IGNY8_BIND="127.0.0.1:$PORT"
  IGNY8_OBJECT_STORE="$D/objects"
  IGNY8_OUTBOX_DIR="$D/outbox"
  IGNY8_SITE_ROOT="$root/target/site"
  IGNY8_LOG=info
  IGNY8_JOBS_TICK=
)
# the demo plus 60 synthetic clients, so the client list has more than one page
"${server_env[@]}" "$bin" seed --demo --sites 60 --months 3 >"$D/seed.log" 2>&1 || {
  cat "$D/seed.log" >&2
  die "seeding the demo data failed"
}
"${server_env[@]}" "$bin" serve >"$D/server.log" 2>&1 &
server_pid=$!

step "Waiting for GET /readyz to answer 200 (up to 120 s)"
deadline=$((SECONDS + 120))
until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$base/readyz" || true)" = 200 ]; do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    status=0
    wait "$server_pid" || status=$?
    server_pid=""
    die "the server exited (status $status) before it became ready"
  fi
  [ "$SECONDS" -lt "$deadline" ] || die "the server did not answer 200 on /readyz within 120 s"
  sleep 0.5
done
echo "    ready after $((SECONDS + 120 - deadline)) s"

if [ "$EXPECT_HYDRATION" = 1 ]; then
  wasm_name=$(sed -n 's/^wasm: //p' target/site/pkg/manifest.txt)
  curl -fsS -o /dev/null --max-time 10 "$base/pkg/$wasm_name" ||
    die "the browser bundle exists but $base/pkg/$wasm_name is not served (IGNY8_SITE_ROOT=$root/target/site)"
  echo "    browser bundle served: hydration tests enabled"
else
  echo "    no browser bundle (target/site/pkg/manifest.txt): hydration tests will be skipped"
fi

step "node --test ${specs[*]}"
BASE_URL=$base \
  EXPECT_HYDRATION=$EXPECT_HYDRATION \
  E2E_SERVER_BIN="$bin" \
  E2E_DATA_DIR="$D" \
  E2E_ARTIFACTS_DIR="$D/artifacts" \
  E2E_SCREENSHOTS_DIR="$root/target/e2e-screenshots" \
  node --test --test-reporter=spec "${specs[@]}"

step "Stopping the server with SIGTERM (graceful shutdown within 10 s)"
stop_server 10
if [ "$stop_timed_out" -eq 1 ]; then
  die "the server did not exit within 10 s of SIGTERM (killed)"
elif [ "$stop_status" -ne 0 ]; then
  die "the server exited with status $stop_status after SIGTERM (expected 0 after a graceful shutdown)"
fi
passed=1
step "End-to-end tests passed"
