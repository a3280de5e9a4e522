#!/usr/bin/env bash
# Installs what building the web app needs, skipping whatever is already there:
#   - the rustup target wasm32-unknown-unknown
#   - wasm-bindgen-cli at exactly the version in Cargo.lock (cargo install, without --locked:
#     one of its locked dependencies is not in the registry)
#   - trunk 0.21.14 (cargo install --locked; 0.22 needs a newer rustc than this toolchain)
#   - npm packages from package-lock.json (binaryen's wasm-opt for release builds, playwright-core)
# Nothing is downloaded as a prebuilt binary; trunk itself runs offline (see Trunk.toml).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

TRUNK_VERSION=0.21.14
step() { printf '\n== %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

command -v cargo >/dev/null || { echo "setup: cargo is missing: install Rust with rustup first" >&2; exit 1; }

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  step "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$bindgen_version" ]; then
  step "cargo install wasm-bindgen-cli $bindgen_version (about 4 minutes)"
  cargo install wasm-bindgen-cli --version "$bindgen_version" --force
fi

if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
  step "cargo install trunk $TRUNK_VERSION (about 10-14 minutes on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked --force
fi

if ! command -v npm >/dev/null; then
  step "apt-get install nodejs npm"
  as_root apt-get update -qq && as_root apt-get install -y -qq nodejs npm
fi
if [ ! -x node_modules/.bin/wasm-opt ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "npm ci"
  npm ci --no-audit --no-fund
fi
# Trunk.toml pins wasm_opt = "version_132"; a different wasm-opt on PATH would stop the build.
wasm-opt --version | grep -q "version 132" || { echo "setup: wasm-opt 132 expected from node_modules/.bin" >&2; exit 1; }
