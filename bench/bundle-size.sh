#!/usr/bin/env bash
# Raw and gzip (-9) sizes of everything the app loads, from dist/ (trunk build --release --offline).
set -euo pipefail
cd "$(dirname "$0")/../dist"
total_raw=0; total_gz=0
printf '%-34s %10s %10s\n' file raw gzip
for f in *.wasm *.js *.css *.html *.svg snippets/*/*.js; do
  [ -f "$f" ] || continue
  raw=$(wc -c < "$f"); gz=$(gzip -9c "$f" | wc -c)
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
  printf '%-34s %10d %10d\n' "$f" "$raw" "$gz"
done
printf '%-34s %10d %10d\n' total "$total_raw" "$total_gz"
wasm_gz=0; for f in *.wasm; do wasm_gz=$((wasm_gz + $(gzip -9c "$f" | wc -c))); done
printf '%-34s %10s %10d\n' "wasm only (issue 7's budget: 1.2 MB)" "" "$wasm_gz"
