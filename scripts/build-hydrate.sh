#!/usr/bin/env bash
# Builds the browser bundle (the `frontend` crate, wasm32) into target/site/pkg, which the server serves so
# that SSR pages hydrate: wasm-bindgen's igny8.HASH.js and igny8_bg.HASH.wasm (names carry the content's hash,
# so browsers cache them for good), shrunk by wasm-opt when binaryen is installed, with brotli and gzip copies
# beside them, and manifest.txt naming them for the server.
#   Route 1: rustup's toolchain, when it has the wasm32-unknown-unknown target.
#   Route 2: Debian's rustc-web/cargo-web 1.96 building std from rust-web-src (-Zbuild-std), linked by wasm-ld-22;
#            it uses its own target dir (target/wasm) so the two compilers never share artifacts.
# Without either route the server still works, serving SSR-only pages.
# Usage: scripts/build-hydrate.sh [--require]   (--require: exit 1 when the bundle cannot be built)
# Env:   IGNY8_WASM_PROFILE=wasm-release|release|dev|<cargo profile>  (default wasm-release: size-optimised)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD

step() { printf '==> %s\n' "$*"; }

require=0
for arg in "$@"; do
  case "$arg" in
    --require) require=1 ;;
    -h | --help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg (usage: $0 [--require])" >&2; exit 2 ;;
  esac
done

profile=${IGNY8_WASM_PROFILE:-wasm-release}
if ! [[ $profile =~ ^[A-Za-z0-9_-]+$ ]]; then
  echo "IGNY8_WASM_PROFILE must be a cargo profile name, got '$profile'" >&2
  exit 2
fi
case "$profile" in
  dev | debug) cargo_profile=dev; profile_dir=debug ;;
  *) cargo_profile=$profile; profile_dir=$profile ;;
esac

target=wasm32-unknown-unknown
site_pkg=$root/target/site/pkg
wasm_bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock 2>/dev/null || true)

is_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

no_bundle() {
  rm -f "$site_pkg"/manifest.txt "$site_pkg"/igny8.* "$site_pkg"/igny8_bg.*
  cat >&2 <<MSG

##########################################################################
#  BROWSER BUNDLE NOT BUILT: $1
#  The server will serve SSR-only pages (no hydration, no client-side
#  interactivity). To build it, run scripts/install-deps.sh run as root.
##########################################################################

MSG
  if [ "$require" -eq 1 ]; then exit 1; fi
  exit 0
}

route=""
if command -v rustup >/dev/null 2>&1 && rustup target list --installed 2>/dev/null | grep -qx "$target"; then
  route=rustup
elif is_installed rustc-web && is_installed cargo-web && is_installed rust-web-src &&
  [ -x /usr/bin/cargo ] && [ -x /usr/bin/rustc ] && command -v wasm-ld-22 >/dev/null 2>&1; then
  route=debian
else
  no_bundle "no wasm32 compiler (rustup has no $target target; Debian's rustc-web/cargo-web/rust-web-src/lld-22 are not all installed)"
fi

if ! command -v wasm-bindgen >/dev/null 2>&1; then
  no_bundle "wasm-bindgen (wasm-bindgen-cli ${wasm_bindgen_version:-0.2.130}) is not installed"
fi
cli_version=$(wasm-bindgen --version | awk '{print $2}')
if [ -n "$wasm_bindgen_version" ] && [ "$cli_version" != "$wasm_bindgen_version" ]; then
  echo "ERROR: wasm-bindgen CLI is $cli_version but Cargo.lock has wasm-bindgen $wasm_bindgen_version;" >&2
  echo "       run: cargo install wasm-bindgen-cli --version $wasm_bindgen_version" >&2
  exit 1
fi

# Without reference types: Debian's binaryen (wasm-opt 108) mistypes the externref table
# wasm-bindgen makes with them ("WebAssembly.Table.set(): Argument 1 is invalid" in the browser);
# wasm-bindgen works the same without (its heap of JS values instead).
wasm_rustflags="-C target-feature=-reference-types"

case "$route" in
  rustup)
    step "Building frontend for $target with rustup's toolchain (profile $cargo_profile)"
    target_dir=${CARGO_TARGET_DIR:-$root/target}
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$wasm_rustflags" \
      cargo build -p frontend --lib --profile "$cargo_profile" --target "$target"
    ;;
  debian)
    step "Building frontend for $target with Debian's rustc-web + -Zbuild-std (profile $cargo_profile)"
    /usr/bin/rustc --version
    target_dir=$root/target/wasm
    # /usr/bin first and explicit RUSTC/RUSTDOC: only Debian's compiler matches Debian's library source.
    # RUSTUP_TOOLCHAIN/RUSTC_WRAPPER/CARGO could point cargo back at rustup's toolchain, so drop them.
    env -u RUSTUP_TOOLCHAIN -u RUSTC_WRAPPER -u RUSTC_WORKSPACE_WRAPPER -u CARGO \
      PATH="/usr/bin:$PATH" \
      RUSTC=/usr/bin/rustc \
      RUSTDOC=/usr/bin/rustdoc \
      RUSTC_BOOTSTRAP=1 \
      CARGO_TARGET_DIR="$target_dir" \
      CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld-22 \
      CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$wasm_rustflags" \
      /usr/bin/cargo build -p frontend --lib --profile "$cargo_profile" --target "$target" \
      -Zbuild-std=std,panic_abort
    ;;
esac

out_dir=$target_dir/$target/$profile_dir
wasm=$out_dir/frontend.wasm
if [ ! -f "$wasm" ]; then
  # The lib target may carry another name; accept it when it is the only .wasm there.
  shopt -s nullglob
  found=("$out_dir"/*.wasm)
  shopt -u nullglob
  if [ ${#found[@]} -ne 1 ]; then
    echo "ERROR: expected $wasm (found ${#found[@]} .wasm files in $out_dir)" >&2
    exit 1
  fi
  wasm=${found[0]}
fi

staging=$root/target/site/staging
rm -rf "$staging"
mkdir -p "$staging" "$site_pkg"
step "wasm-bindgen $cli_version: $wasm"
wasm-bindgen --target web --out-dir "$staging" --out-name igny8 --no-typescript "$wasm"
raw_size=$(stat -c %s "$staging/igny8_bg.wasm")

if command -v wasm-opt >/dev/null 2>&1; then
  step "wasm-opt -Oz ($(wasm-opt --version))"
  # binaryen 108 (Debian 12) needs the features rustc emits spelled out
  if wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals \
    "$staging/igny8_bg.wasm" -o "$staging/opt.wasm"; then
    mv "$staging/opt.wasm" "$staging/igny8_bg.wasm"
  else
    echo "    wasm-opt failed; keeping the unoptimised module" >&2
  fi
else
  echo "    wasm-opt not installed (Debian package binaryen): the module stays larger"
fi

step "Content-hashed names and precompressed copies in $site_pkg"
hash_of() { sha256sum "$1" | cut -c1-16; }
js_name=igny8.$(hash_of "$staging/igny8.js").js
wasm_name=igny8_bg.$(hash_of "$staging/igny8_bg.wasm").wasm
rm -f "$site_pkg"/manifest.txt "$site_pkg"/igny8.* "$site_pkg"/igny8_bg.*
mv "$staging/igny8.js" "$site_pkg/$js_name"
mv "$staging/igny8_bg.wasm" "$site_pkg/$wasm_name"
rm -rf "$staging"
for f in "$site_pkg/$js_name" "$site_pkg/$wasm_name"; do
  gzip -9 -k -n -f "$f"
  if command -v brotli >/dev/null 2>&1; then brotli -q 11 -k -f "$f"; fi
done
printf 'js: %s\nwasm: %s\n' "$js_name" "$wasm_name" >"$site_pkg/manifest.txt"

size() { if [ -f "$1" ]; then stat -c %s "$1"; else echo "-"; fi; }
step "Browser bundle ready ($route route, profile $cargo_profile): wasm $raw_size bytes from wasm-bindgen, $(size "$site_pkg/$wasm_name") after wasm-opt, $(size "$site_pkg/$wasm_name.br") brotli, $(size "$site_pkg/$wasm_name.gz") gzip; js $(size "$site_pkg/$js_name") ($(size "$site_pkg/$js_name.br") brotli)"
