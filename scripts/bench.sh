#!/usr/bin/env bash
# The report benchmarks of the README, reproducible on any machine: builds the release binary,
# seeds demo databases into a temporary directory, then measures
#   1. one full 9-section report (`igny8 report bench`: median and p90 of each step), light and
#      white-label dark;
#   2. the monthly batch for 1,000 demo client sites (`igny8 report batch`: collect + render +
#      store + record, with the breakdown and the peak memory).
# Usage: scripts/bench.sh [SITES]   (default 1000)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
sites=${1:-1000}
step() { printf '==> %s\n' "$*"; }

step "cargo build --release -p server --bin igny8"
cargo build --release -p server --bin igny8
bin=$PWD/target/release/igny8
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export IGNY8_LOG=warn

run() { # run DIR ARGS…: igny8 on the database and files under DIR
  local dir=$1
  shift
  DATABASE_URL="sqlite://$dir/igny8.db" IGNY8_OBJECT_STORE="$dir/objects" IGNY8_OUTBOX_DIR="$dir/outbox" "$bin" "$@"
}

step "Demo data (17 sites × 12 months)"
mkdir -p "$work/demo"
run "$work/demo" seed --demo --until 2026-10-31 | head -n 1
step "One report, light (igny8 report bench --site 1 --period 2026-10)"
run "$work/demo" report bench --site 1 --period 2026-10 --iterations 100
# the demo is deterministic: site 14 is lakesidebakery.com, branding 1 Northstar Digital (its agency)
step "One report, white-label and dark (--site 14 --branding 1 --theme dark)"
run "$work/demo" report bench --site 14 --period 2026-10 --branding 1 --theme dark --iterations 100

step "Demo data plus $sites client sites × 12 months"
mkdir -p "$work/batch"
run "$work/batch" seed --demo --sites "$sites" --months 12 --until 2026-10-31 | head -n 1
step "Monthly batch (igny8 report batch --type monthly --period 2026-10)"
run "$work/batch" report batch --type monthly --period 2026-10
