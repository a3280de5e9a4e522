#!/usr/bin/env bash
# Makes a synthetic pair N times the size of a corpus pair, for the growth benchmark: N copies of
# the whole tree, each package moved to src/ under its own name (pkg1, pkg2, …).
# Usage: bench/synthetic.sh SRC_OLD SRC_NEW PACKAGE N OUT   → OUT/old, OUT/new
set -euo pipefail
src_old="$1"; src_new="$2"; package="$3"; n="$4"; out="$5"
rm -rf "$out"; mkdir -p "$out"
for side in old new; do
  src="$src_old"; [ "$side" = new ] && src="$src_new"
  mkdir -p "$out/$side"
  pkg_dir=$(find "$src" -maxdepth 2 -type d -name "$package" | head -1)
  for i in $(seq 1 "$n"); do
    cp -r "$src" "$out/$side/copy$i"
    # each copy's package moved to the import root under its own name, so the copies are
    # distinct importable modules; its tests and docs stay in copyI/
    target=$(find "$out/$side/copy$i" -maxdepth 2 -type d -name "$package" | head -1)
    mkdir -p "$out/$side/src"
    mv "$target" "$out/$side/src/${package}${i}"
  done
done
echo "$out: $(find "$out/old" -name '*.py' | wc -l) + $(find "$out/new" -name '*.py' | wc -l) Python files"
