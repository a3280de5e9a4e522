#!/usr/bin/env bash
# Runs every cargo-fuzz target (fuzz/fuzz_targets) for SECONDS each (default 600), seeded from
# the test fixtures, one after another, and prints each target's exec count.
#   scripts/fuzz.sh [SECONDS]     needs the nightly toolchain and cargo-fuzz
# CI runs it briefly (scripts/test.sh: 20 s a target) when nightly and cargo-fuzz are present.
# A crash stops that target with its input saved under fuzz/artifacts/<target>/; make it a
# regression fixture (tests/fixtures/hostile/ or the bundle/archive fixtures) and fix the code.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
targets=(bundle pack delta archive policy python engine repository)
seed() {  # target -> seed files
  case "$1" in
    bundle) ls tests/fixtures/bundles/*.bundle ;;
    pack|delta) ls tests/fixtures/bundles/linear.bundle ;;
    archive) ls tests/fixtures/archives/*.{gz,zip,tar,whl} ;;
    policy) ls www/sample/*/stability.toml www/sample/*/pyproject.toml tests/fixtures/compliance/*/current/stability.toml 2>/dev/null ;;
    python|engine) find tests/fixtures/hostile/current www/sample/payments-2.0.0 -name '*.py' | head -40 ;;
    repository) ls www/sample/*/pyproject.toml ;;
  esac
}
# Exit 3 when the targets cannot be built here (no C++ compiler for libFuzzer, a broken nightly):
# a machine problem, told apart from a crash the fuzzer found (exit 1).
cargo +nightly fuzz build -O >/dev/null 2>fuzz/build.log || { echo "fuzz: the targets do not build here:"; tail -5 fuzz/build.log; exit 3; }
for target in "${targets[@]}"; do
  corpus="fuzz/corpus/$target"
  mkdir -p "$corpus"
  for file in $(seed "$target"); do cp -f "$file" "$corpus/seed-$(basename "$file")"; done
  log="fuzz/$target.log"
  cargo +nightly fuzz run -O "$target" "$corpus" -- -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=20 >"$log" 2>&1 || {
    echo "fuzz $target: FAILED (see $log and fuzz/artifacts/$target/)"; tail -30 "$log"; exit 1; }
  stats=$(grep -E "^#[0-9]+.*(DONE|pulse)" "$log" | tail -1 || true)
  echo "fuzz $target: ${seconds}s, ${stats}"
done
