#!/usr/bin/env bash
# Installs what is missing (safe to run again), in two groups:
#   run   what building and running the product needs (scripts/demo.sh):
#         - the browser (wasm32) toolchain from Debian when rustup has no wasm32 target (see build-hydrate.sh),
#           binaryen (wasm-opt) and brotli to shrink and precompress the bundle;
#         - wasm-bindgen-cli at exactly the wasm-bindgen version in Cargo.lock (0.2.130);
#   test  that, plus what the tests need (scripts/test.sh):
#         - Debian packages chromium (browser tests), qpdf + poppler-utils (PDF checks), caddy (the
#           agency-domain test), curl, psql, python3;
#         - the end-to-end test dependencies (playwright-core, axe-core) in end2end/;
#         - moto (an S3-compatible server the storage tests start) and aiosmtpd (an SMTP server the
#           delivery tests start) from PyPI.
# Usage: scripts/install-deps.sh run|test
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# The CLI must match the wasm-bindgen crate in Cargo.lock exactly.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock 2>/dev/null || true)
WASM_BINDGEN_VERSION=${WASM_BINDGEN_VERSION:-0.2.130}

step() { printf '==> %s\n' "$*"; }

mode=${1:-}
case "$mode" in
  run | test) ;;
  *) echo "usage: $0 run|test" >&2; exit 2 ;;
esac

is_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

has_rustup_wasm_target() {
  command -v rustup >/dev/null 2>&1 &&
    rustup target list --installed 2>/dev/null | grep -qx 'wasm32-unknown-unknown'
}

step "Checking Debian packages ($mode)"
missing=()
for pkg in binaryen brotli; do
  is_installed "$pkg" || missing+=("$pkg")
done
if [ "$mode" = test ]; then
  for pkg in chromium qpdf poppler-utils caddy; do
    is_installed "$pkg" || missing+=("$pkg")
  done
  # Tools the test scripts call; normally present already.
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
  command -v python3 >/dev/null 2>&1 || missing+=(python3)
fi
if has_rustup_wasm_target; then
  echo "    rustup has wasm32-unknown-unknown: the Debian wasm toolchain is not needed"
else
  for pkg in rustc-web cargo-web rust-web-src lld-22; do
    is_installed "$pkg" || missing+=("$pkg")
  done
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "    all present"
else
  if [ "$(id -u)" -ne 0 ]; then
    echo "ERROR: these Debian packages are missing and installing them needs root:" >&2
    echo "    apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  step "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

step "Checking wasm-bindgen-cli ${WASM_BINDGEN_VERSION}"
current=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$current" = "$WASM_BINDGEN_VERSION" ]; then
  echo "    wasm-bindgen $current present"
else
  echo "    found '${current:-none}', installing ${WASM_BINDGEN_VERSION} (about 8 minutes from cold)"
  # Without --locked, as measured in the project's notes.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if [ "$mode" = run ]; then
  step "Build dependencies ready"
  exit 0
fi

MOTO_VERSION=5.2.1
step "Checking moto ${MOTO_VERSION} (S3-compatible test server)"
if command -v moto_server >/dev/null 2>&1 && python3 -c "import moto, sys; sys.exit(moto.__version__ != '${MOTO_VERSION}')" 2>/dev/null; then
  echo "    moto_server present"
else
  python3 -m pip install --quiet --disable-pip-version-check "moto[server]==${MOTO_VERSION}"
  # pyenv installs console scripts behind shims that need a rehash
  command -v pyenv >/dev/null 2>&1 && pyenv rehash || true
  command -v moto_server >/dev/null 2>&1 || { echo "ERROR: moto_server is not on PATH after installing moto" >&2; exit 1; }
fi

AIOSMTPD_VERSION=1.4.6
step "Checking aiosmtpd ${AIOSMTPD_VERSION} (SMTP test server)"
if python3 -c "import aiosmtpd, sys; sys.exit(aiosmtpd.__version__ != '${AIOSMTPD_VERSION}')" 2>/dev/null; then
  echo "    aiosmtpd present"
else
  python3 -m pip install --quiet --disable-pip-version-check "aiosmtpd==${AIOSMTPD_VERSION}"
fi

step "Checking end-to-end test dependencies (end2end/)"
if [ -d end2end/node_modules/playwright-core ] && [ -d end2end/node_modules/@axe-core/playwright ]; then
  echo "    playwright-core and axe-core present"
else
  command -v npm >/dev/null 2>&1 || { echo "ERROR: npm is not installed" >&2; exit 1; }
  if [ -f end2end/package-lock.json ]; then
    (cd end2end && npm ci --no-audit --no-fund)
  else
    (cd end2end && npm install --no-audit --no-fund)
  fi
fi

step "Dependencies ready"
