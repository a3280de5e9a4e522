#!/usr/bin/env bash
# Builds the web app (release) and serves it at http://127.0.0.1:8080 with the sample pair ready
# ("Try the sample"). Installs what is missing first (scripts/setup.sh). Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
echo
echo "Building and serving Stability Lens at http://127.0.0.1:8080/ (the first build takes a minute or two)"
exec trunk serve --release --offline --address 127.0.0.1 --port 8080
