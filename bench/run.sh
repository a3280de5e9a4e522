#!/usr/bin/env bash
# Every benchmark, one command:  bench/run.sh [--short]
#   native    cargo bench --bench pipeline (phase timings, corpus pairs and bundles)
#   cli       the CLI on Django 4.2.11 -> 5.0.4: folders, sdists, the release-history bundle (time, peak RSS)
#   browser   bench/browser-timing.mjs on Django (click->report, pick->report, prefetched) and flask
#   bundle    bench/bundle-timing.mjs on the Django release-history bundle
#   parse     wasm vs native parse throughput (bench/parse-throughput.mjs)
#   growth    synthetic flask pair x1 and x10 (CLI and browser)
#   size      bench/bundle-size.sh
#   griffe    `griffe check` (PyPI, in a venv) on the same Django pair from git tags, unpatched and
#             patched (it stops with AliasResolutionError unpatched), with the ratio to ours
# --short (CI): flask only, one run, no griffe — fails only if something crashes.
# Needs: scripts/test.sh run once (tools, corpus, dist/); python3 -m venv for griffe.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
corpus="${STABILITY_LENS_CORPUS:-/tmp/corpus}"
short=0; [ "${1:-}" = "--short" ] && short=1
say() { printf '\n== %s\n' "$*"; }

cargo build --release --locked --bin stability-lens --example parse_throughput 2>&1 | grep -v "^\s*\(Compiling\|Finished\)" || true
[ -f dist/index.html ] || { echo "bench: build the app first (trunk build --release --offline)"; exit 2; }

if [ "$short" = 1 ]; then
  say "native (short)"; RUNS=1 cargo bench --locked --bench pipeline -- flask
  say "browser (short)"; node bench/browser-timing.mjs "$corpus/flask/2.3.3" "$corpus/flask/3.0.3" 1
  say "parse (short)"; node bench/parse-throughput.mjs "$corpus/flask/3.0.3"
  say "size"; bench/bundle-size.sh
  exit 0
fi

say "native phases"; cargo bench --locked --bench pipeline
say "cli on django 4.2.11 -> 5.0.4"
for input in "$corpus/django/4.2.11 $corpus/django/5.0.4" \
             "$(ls "$corpus"/dl/django/4.2.11/*.tar.gz) $(ls "$corpus"/dl/django/5.0.4/*.tar.gz)"; do
  /usr/bin/time -f "  %e s, peak RSS %M KB: diff $input" ./target/release/stability-lens diff $input --format json >/dev/null || true
done
[ -f "$corpus/bundles/django.bundle" ] || scripts/make-release-bundle.sh django 4.2.11 5.0 5.0.4
/usr/bin/time -f "  %e s, peak RSS %M KB: diff --bundle django.bundle v4.2.11..v5.0.4" \
  ./target/release/stability-lens diff --bundle "$corpus/bundles/django.bundle" --baseline v4.2.11 --current v5.0.4 --format json >/dev/null || true
say "browser: django"; node bench/browser-timing.mjs "$corpus/django/4.2.11" "$corpus/django/5.0.4" 3
say "browser: flask"; node bench/browser-timing.mjs "$corpus/flask/2.3.3" "$corpus/flask/3.0.3" 3
say "bundle in the browser"; node bench/bundle-timing.mjs "$corpus/bundles/django.bundle" v4.2.11 v5.0.4
say "parse throughput"; node bench/parse-throughput.mjs "$corpus/django/5.0.4"
say "growth"
bench/synthetic.sh "$corpus/flask/2.3.3" "$corpus/flask/3.0.3" flask 1 /tmp/stability-lens-synth1 >/dev/null
bench/synthetic.sh "$corpus/flask/2.3.3" "$corpus/flask/3.0.3" flask 10 /tmp/stability-lens-synth10 >/dev/null
for n in 1 10; do
  /usr/bin/time -f "  x$n CLI: %e s, peak RSS %M KB" ./target/release/stability-lens diff /tmp/stability-lens-synth$n/old /tmp/stability-lens-synth$n/new --format json >/dev/null || true
  node bench/browser-timing.mjs /tmp/stability-lens-synth$n/old /tmp/stability-lens-synth$n/new 1 | sed "s/^/  x$n browser: /"
done
say "size"; bench/bundle-size.sh

say "griffe check on the same pair"
venv="${GRIFFE_VENV:-/tmp/griffe-venv}"
[ -x "$venv/bin/griffe" ] || { python3 -m venv "$venv" && "$venv/bin/pip" install -q griffe==2.4.1; }
repo="$(mktemp -d)/django"
git clone -q "$corpus/bundles/django.bundle" "$repo" 2>/dev/null
echo "  unpatched: $("$venv/bin/python" bench/griffe_check.py "$repo" django v4.2.11 v5.0.4)"
patched="$("$venv/bin/python" bench/griffe_check.py "$repo" django v4.2.11 v5.0.4 --patch-alias-errors)"
echo "  patched:   $patched"
ours=$( { /usr/bin/time -f "%e" ./target/release/stability-lens diff --bundle "$corpus/bundles/django.bundle" --baseline v4.2.11 --current v5.0.4 --format json >/dev/null || true; } 2>&1 | tail -1)
python3 - "$patched" "$ours" <<'PY'
import json, sys
griffe = json.loads(sys.argv[1])["seconds"]
ours = float(sys.argv[2])
print(f"  griffe check {griffe:.1f} s vs stability-lens diff --bundle {ours:.2f} s: {griffe / ours:.1f}x")
PY
rm -rf "$(dirname "$repo")"
