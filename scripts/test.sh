#!/usr/bin/env bash
# Installs what the tests need and runs every test:
#   1. build tools (scripts/setup.sh), Debian's chromium + chromium-driver, npm packages
#   2. the real-code corpus from PyPI (scripts/fetch-corpus.py, into $STABILITY_LENS_CORPUS)
#   3. cargo test: unit, fixture snapshots, CLI, real code; the Python wheel (maturin, pip) and
#      the CI integrations (GitHub Action, GitLab job, pre-commit hook) run as their runners do
#   4. trunk build --release, then the browser tests (headless Chromium via playwright-core)
#      against the built dist/
# Idempotent and quick when everything is installed already.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
step() { printf '\n== %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

./scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
export STABILITY_LENS_CORPUS="${STABILITY_LENS_CORPUS:-/tmp/corpus}"

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  step "apt-get install chromium chromium-driver"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver
fi

step "fetch the real-code corpus into $STABILITY_LENS_CORPUS"
python3 scripts/fetch-corpus.py "$STABILITY_LENS_CORPUS"
scripts/make-release-bundle.sh flask 2.2.5 2.3.3 3.0.0 3.0.3

step "cargo test"
cargo test --locked
cargo test --manifest-path crates/unicode-names-lite/Cargo.toml --target-dir target/unicode-names-lite --quiet

step "the Python wheel and the CI integrations, run as they run (GitHub Action, GitLab job, pre-commit)"
tests/integrations/wheel.sh
tests/integrations/github-action.sh
tests/integrations/gitlab.sh
tests/integrations/pre-commit.sh

step "clippy: library code never panics on input (native and wasm)"
cargo clippy --version >/dev/null 2>&1 || rustup component add clippy >/dev/null 2>&1 || true
for target in "" "--target wasm32-unknown-unknown"; do
  # shellcheck disable=SC2086
  cargo clippy --locked --lib $target -- -A clippy::all \
    -D clippy::unwrap_used -D clippy::expect_used -D clippy::indexing_slicing -D clippy::panic
done

step "trunk build --release"
trunk build --release --offline
cargo build --locked --bin stability-lens

step "browser tests (headless $(/usr/bin/chromium --version 2>/dev/null || echo chromium))"
node --test --test-concurrency=1 --test-timeout=900000 --test-reporter=spec tests/browser/

step "fuzzing, briefly (20 s a target; scripts/fuzz.sh 600 for the long run)"
if [ -n "${STABILITY_LENS_SKIP_FUZZ:-}" ]; then
  echo "skipped: STABILITY_LENS_SKIP_FUZZ is set"
elif rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked --version 0.13.2 || true
  status=0
  if command -v cargo-fuzz >/dev/null; then scripts/fuzz.sh 20 || status=$?; else status=3; echo "cargo-fuzz could not be installed"; fi
  if [ "$status" = 3 ]; then echo "skipped: the fuzz targets do not build on this machine (see above)";
  elif [ "$status" != 0 ]; then exit "$status"; fi
else
  echo "skipped: no nightly toolchain on this machine (cargo-fuzz needs it; rustup cannot download here)"
fi

step "benchmarks, short mode (fails only if something crashes)"
bench/run.sh --short

printf '\nAll tests passed in %ss.\n' "$(( $(date +%s) - started ))"
