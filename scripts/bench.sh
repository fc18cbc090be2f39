#!/usr/bin/env bash
# The report benchmarks of the README, reproducible on any machine: builds the release binary,
# seeds demo databases into a temporary directory, then measures
#   1. one full 9-section report (`igny8 report bench`: median and p90 of each step), light and
#      white-label dark;
#   2. the monthly batch for 1,000 demo client sites (`igny8 report batch`: collect + render +
#      store + record, with the breakdown and the peak memory);
#   3. the scheduler's monthly run for 1,000 sites (`igny8 jobs run generate_monthly_reports`:
#      claim, generate, store, record, and email every recipient through the file outbox);
#   4. the nightly pre-aggregation (`igny8 jobs run collect_report_metrics`) for 10,000 sites × 1 day;
#   5. the dashboard at 10,000 subscriptions and 5.5 M Search Console rows: the GraphQL query
#      (MRR + a page of 50 clients) with `igny8 dashboard bench`, on SQLite and (when reachable)
#      PostgreSQL, and `GET /api/v1/services/dashboard/` under wrk;
#   6. the admin pages there (`igny8 pages bench`: each page's server rendering, and renders per
#      second of a sorted page of the client list) and the bytes of a first page load;
#   7. a report of a site with a million Search Console query rows before and after the night's
#      month aggregates.
# Usage: scripts/bench.sh [SITES]   (default 1000)
# Env:   BENCH_PG_URL  admin URL of a PostgreSQL server to create a scratch database on
#        (default postgres://postgres@127.0.0.1:5432/postgres); unreachable: the step is skipped.
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

step "Demo data plus $sites client sites × 3 months, for the scheduler"
mkdir -p "$work/jobs"
run "$work/jobs" seed --demo --sites "$sites" --months 3 --until 2026-10-31 | head -n 1
step "Monthly run with email to the file outbox (igny8 jobs run generate_monthly_reports)"
/usr/bin/time -f "    %e s wall, %M KB peak" \
  env DATABASE_URL="sqlite://$work/jobs/igny8.db" IGNY8_OBJECT_STORE="$work/jobs/objects" \
  IGNY8_OUTBOX_DIR="$work/jobs/outbox" "$bin" jobs run generate_monthly_reports --at 2026-11-01T23:00:00Z
echo "    $(find "$work/jobs/outbox" -name '*.eml' | wc -l) emails in the outbox"

step "Demo data plus 10,000 client sites × 3 months (SQLite)"
mkdir -p "$work/dash"
run "$work/dash" seed --demo --sites 10000 --months 3 --until 2026-11-30 | head -n 1
step "Nightly pre-aggregation, 10,000 sites × 1 day (igny8 jobs run collect_report_metrics)"
/usr/bin/time -f "    %e s wall, %M KB peak" \
  env DATABASE_URL="sqlite://$work/dash/igny8.db" IGNY8_OBJECT_STORE="$work/dash/objects" \
  IGNY8_OUTBOX_DIR="$work/dash/outbox" IGNY8_JOBS_CATCH_UP_DAYS=0 \
  "$bin" jobs run collect_report_metrics --at 2026-11-30T02:30:00Z
# the next nights: November closes (its aggregates are new), then nothing changed (fingerprints only)
for at in 2026-12-01T02:30:00Z 2026-12-02T02:30:00Z; do
  /usr/bin/time -f "    %e s wall, %M KB peak" \
    env DATABASE_URL="sqlite://$work/dash/igny8.db" IGNY8_OBJECT_STORE="$work/dash/objects" \
    IGNY8_OUTBOX_DIR="$work/dash/outbox" IGNY8_JOBS_CATCH_UP_DAYS=0 \
    "$bin" jobs run collect_report_metrics --at "$at"
done
step "Dashboard query, SQLite (igny8 dashboard bench)"
run "$work/dash" dashboard bench --iterations 500

step "GET /api/v1/services/dashboard/ under wrk (64 connections, 2 threads, 10 s)"
if ! command -v wrk >/dev/null; then
  [ "$(id -u)" -eq 0 ] || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null
fi
token=$(run "$work/dash" token create --email admin@alorig.example --name bench | sed -n 2p)
port=$((20000 + RANDOM % 20000))
# no scheduler: its start-up catch-up would generate December's reports during the measurement
IGNY8_BIND=127.0.0.1:$port IGNY8_JOBS_TICK= run "$work/dash" serve >"$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  sleep 0.2
done
url="http://127.0.0.1:$port/api/v1/services/dashboard/"
curl -fsS -H "Authorization: Bearer $token" "$url" | head -c 200
echo
wrk -t2 -c64 -d10s --latency -H "Authorization: Bearer $token" "$url" | tee "$work/wrk.txt"
if grep -q "Non-2xx\|Socket errors" "$work/wrk.txt"; then
  echo "ERROR: wrk saw failed requests" >&2
  exit 1
fi
step "First page load over the wire (brotli, as Chromium asks): /services + stylesheet + bundle"
if [ -f target/site/pkg/manifest.txt ]; then
  base="http://127.0.0.1:$port"
  bytes() { curl -s -o /dev/null -w '%{size_download}' -H 'accept-encoding: br, gzip' -H "Authorization: Bearer $token" "$base$1"; }
  page=$(curl -s -H 'accept-encoding: identity' -H "Authorization: Bearer $token" "$base/services")
  css=$(printf '%s' "$page" | grep -o '/style/main\.[0-9a-f]*\.css' | head -1)
  js=/pkg/$(sed -n 's/^js: //p' target/site/pkg/manifest.txt)
  wasm=/pkg/$(sed -n 's/^wasm: //p' target/site/pkg/manifest.txt)
  total=0
  for path in /services "$css" "$js" "$wasm"; do
    b=$(bytes "$path")
    total=$((total + b))
    printf '    %-50s %8s bytes\n' "$path" "$b"
  done
  printf '    %-50s %8s bytes\n' "total" "$total"
else
  echo "    no browser bundle: run scripts/build-hydrate.sh first"
fi
kill $server
wait $server 2>/dev/null || true

step "Month aggregates: a site with 1,000,000 query rows, its report before and after the night's job"
mkdir -p "$work/gsc"
run "$work/gsc" seed --demo >/dev/null
run "$work/gsc" import-bench --rows 1000000 | tail -n 2
command -v sqlite3 >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q sqlite3 >/dev/null
bench_site=$(sqlite3 "$work/gsc/igny8.db" "SELECT id FROM igny8_sites WHERE domain = 'import-bench.example'")
sqlite3 "$work/gsc/igny8.db" "INSERT INTO igny8_managed_service_subscriptions (account_id, site_id, tier, status,
  price_cents, cost_cents, currency, billing_interval, articles_per_month, backlinks_per_month, review_required,
  started_on, renewal_date, report_recipients, config, created_at, updated_at) SELECT account_id, id, 'lite',
  'active', 10000, 4000, 'USD', 'month', 6, 3, 0, '2025-01-01', '2026-12-01', '[]', '{}', '2025-01-01 00:00:00',
  '2025-01-01 00:00:00' FROM igny8_sites WHERE id = $bench_site"
run "$work/gsc" report bench --site "$bench_site" --period 2025-10 --iterations 20 | grep -E "collect|report "
IGNY8_JOBS_CATCH_UP_DAYS=0 run "$work/gsc" jobs run collect_report_metrics --at 2026-01-01T02:30:00Z | tail -n 1
run "$work/gsc" report bench --site "$bench_site" --period 2025-10 --iterations 20 | grep -E "collect|report "

step "Admin pages at 10,000 subscriptions, SQLite (igny8 pages bench)"
IGNY8_SITE_ROOT=$PWD/target/site run "$work/dash" pages bench --iterations 300 --seconds 10 --concurrency 8

pg_admin=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
if PGCONNECT_TIMEOUT=5 psql "$pg_admin" -X -q -t -A -c 'select 1' >/dev/null 2>&1; then
  db=igny8_bench_$$
  psql "$pg_admin" -X -q -c "CREATE DATABASE $db"
  pg_url="${pg_admin%/*}/$db"
  trap 'kill $server 2>/dev/null; psql "$pg_admin" -X -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"; rm -rf "$work"' EXIT
  step "Demo data plus 10,000 client sites × 3 months (PostgreSQL)"
  DATABASE_URL=$pg_url "$bin" seed --demo --sites 10000 --months 3 --until 2026-11-30 | head -n 1
  step "Dashboard query, PostgreSQL (igny8 dashboard bench)"
  DATABASE_URL=$pg_url IGNY8_OBJECT_STORE="$work/dash/objects" IGNY8_OUTBOX_DIR="$work/dash/outbox" \
    "$bin" dashboard bench --iterations 500
  step "Admin pages, PostgreSQL (igny8 pages bench)"
  DATABASE_URL=$pg_url IGNY8_OBJECT_STORE="$work/dash/objects" IGNY8_OUTBOX_DIR="$work/dash/outbox" \
    "$bin" pages bench --iterations 300 --seconds 10 --concurrency 8
else
  step "PostgreSQL at $pg_admin is not reachable: its dashboard figures are skipped"
fi
