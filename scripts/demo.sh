#!/usr/bin/env bash
# Runs the product on the embedded defaults with the demo data: SQLite at ./data/igny8.db, report
# files under ./data/objects, emails written to ./data/outbox, http://127.0.0.1:3000.
# It builds the browser bundle first when it can (pages still work without it) and the server in
# release mode, then prints the demo logins and serves until Ctrl-C.
# Usage: scripts/demo.sh   (configuration: the environment variables in the README)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf '==> %s\n' "$*"; }

if [ "$(id -u)" -eq 0 ]; then
  step "Installing missing build dependencies"
  bash scripts/install-deps.sh
else
  echo "    not root: skipping dependency installation (the browser bundle may be missing)"
fi

step "Building the browser bundle"
bash scripts/build-hydrate.sh

step "Building and starting the server (release)"
exec cargo run --release -q -p server --bin igny8 -- serve --demo
