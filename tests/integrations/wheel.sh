#!/usr/bin/env bash
# The Python wheel, as a user gets it: maturin builds it (pyproject.toml, bindings = "bin"), pip
# installs it into a fresh virtualenv, and the installed `stability-lens` must say its version and
# give, on a fixture pair, byte for byte the JSON of the binary cargo builds.
# Usage: tests/integrations/wheel.sh   (run by scripts/test.sh; needs python3 with venv and pip)
set -euo pipefail
cd "$(dirname "$0")/../.."
MATURIN_VERSION=1.16.0
tools="${STABILITY_LENS_TOOLS:-$HOME/.cache/stability-lens/tools}"
if [ ! -x "$tools/bin/maturin" ] || [ "$("$tools/bin/maturin" --version | awk '{print $2}')" != "$MATURIN_VERSION" ]; then
  python3 -m venv "$tools"
  "$tools/bin/pip" install -q "maturin==$MATURIN_VERSION"
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# Kept in target/wheels for the other integration tests (tests/integrations/common.sh).
rm -f target/wheels/stability_lens-*.whl
"$tools/bin/maturin" build --release --quiet --out target/wheels 2>&1 | grep -v '^\s*$' | tail -3
wheel=$(ls target/wheels/stability_lens-*.whl)
echo "wheel: $(basename "$wheel"), $(stat -c %s "$wheel") bytes"
python3 -m venv "$out/venv"
started=$(date +%s%N)
"$out/venv/bin/pip" install -q --no-index "$wheel"
installed="$out/venv/bin/stability-lens"
expected="stability-lens $(awk -F'"' '/^version = / {print $2; exit}' Cargo.toml)"
[ "$("$installed" --version)" = "$expected" ] || { echo "wheel: --version says $("$installed" --version), not $expected" >&2; exit 1; }
pair=(tests/fixtures/parameter_removed/baseline tests/fixtures/parameter_removed/current)
status=0; "$installed" diff "${pair[@]}" --format json > "$out/wheel.json" || status=$?
[ "$status" = 1 ] || { echo "wheel: exit code $status on a breaking pair, not 1" >&2; exit 1; }
echo "wheel: pip install to first report $(( ($(date +%s%N) - started) / 1000000 )) ms"
cargo build --quiet --locked --bin stability-lens
./target/debug/stability-lens diff "${pair[@]}" --format json > "$out/cargo.json" || true
cmp "$out/wheel.json" "$out/cargo.json" || { echo "wheel: its report differs from the cargo-built binary's" >&2; exit 1; }
echo "wheel: installed into a fresh virtualenv; --version and the report match the cargo build"
