#!/usr/bin/env bash
# The project's test command: installs what is missing, runs the Rust tests (SQLite always, PostgreSQL when
# reachable), builds the browser bundle and the server, then runs the browser end-to-end tests.
# Usage: scripts/test.sh
# Env:   DATABASE_URL (postgres://… only) — admin URL of a PostgreSQL server the tests may create databases on;
#        default postgres://postgres@127.0.0.1:5432/postgres. It is never passed on to the tests themselves.
#        CI=true — PostgreSQL and the browser bundle become mandatory.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf '==> %s\n' "$*"; }
started=$SECONDS
in_ci=0
[ "${CI:-}" = "true" ] && in_ci=1

step "Installing missing dependencies"
bash scripts/install-deps.sh test

step "Checking PostgreSQL"
case "${DATABASE_URL:-}" in
  postgres://* | postgresql://*) pg_url=$DATABASE_URL ;;
  *) pg_url=postgres://postgres@127.0.0.1:5432/postgres ;;
esac
# Tests create and drop one fresh database per test on this server; they never see DATABASE_URL.
unset DATABASE_URL
pg_display=$(printf '%s' "$pg_url" | sed -E 's#(://[^:/@]+):[^@]*@#\1:***@#')
if pg_error=$(PGCONNECT_TIMEOUT=5 psql "$pg_url" -X -q -t -A -c 'select 1' 2>&1 >/dev/null); then
  echo "    reachable: $pg_display"
  export IGNY8_TEST_PG_URL=$pg_url
  unset IGNY8_TEST_SKIP_PG
  pg_status="PostgreSQL tests ran"
elif [ "$in_ci" -eq 1 ]; then
  echo "ERROR: PostgreSQL at $pg_display is not reachable (required when CI=true):" >&2
  echo "$pg_error" >&2
  exit 1
else
  cat >&2 <<MSG

##########################################################################
#  POSTGRESQL TESTS SKIPPED
#  $pg_display is not reachable:
#  $(printf '%s' "$pg_error" | head -n 1)
#  Only the SQLite half of the database tests runs. Start PostgreSQL or
#  set DATABASE_URL=postgres://user@host:port/db to run them all.
##########################################################################

MSG
  export IGNY8_TEST_SKIP_PG=1
  unset IGNY8_TEST_PG_URL
  pg_status="PostgreSQL tests SKIPPED"
fi

step "cargo test --workspace"
cargo test --workspace

step "Building the browser bundle"
if [ "$in_ci" -eq 1 ]; then
  bash scripts/build-hydrate.sh --require
else
  bash scripts/build-hydrate.sh
fi
if [ -f target/site/pkg/manifest.txt ]; then
  bundle_status="with hydration"
else
  bundle_status="SSR-only (no browser bundle)"
fi

step "Building the server (cargo build -p server --bin igny8)"
cargo build -p server --bin igny8

step "Browser end-to-end tests"
bash scripts/e2e.sh

elapsed=$((SECONDS - started))
step "ALL TESTS PASSED in $((elapsed / 60))m$((elapsed % 60))s: Rust tests ($pg_status), end-to-end $bundle_status"
