#!/usr/bin/env bash
# Builds a git bundle whose history is a package's PyPI releases, one commit (and tag vX) per
# release, from the sdists scripts/fetch-corpus.py fetches: real code, real git, for testing and
# timing bundle analysis.
# Usage: scripts/make-release-bundle.sh NAME VERSION... > writes $CORPUS/bundles/NAME.bundle, and
# keeps the repository itself (loose objects, as `git commit` leaves them) in $CORPUS/repos/NAME.
set -euo pipefail
cd "$(dirname "$0")/.."
name="$1"; shift
corpus="${STABILITY_LENS_CORPUS:-/tmp/corpus}"
python3 scripts/fetch-corpus.py "$corpus" "$name=$(IFS=,; echo "$*")" >/dev/null
out="$corpus/bundles/$name.bundle"
mkdir -p "$corpus/bundles"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export GIT_AUTHOR_NAME="PyPI releases" GIT_AUTHOR_EMAIL="releases@example.com"
export GIT_COMMITTER_NAME="$GIT_AUTHOR_NAME" GIT_COMMITTER_EMAIL="$GIT_AUTHOR_EMAIL"
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=/dev/null
git init -q -b main "$work/repo"
day=0
for version in "$@"; do
  day=$((day + 1))
  find "$work/repo" -mindepth 1 -maxdepth 1 ! -name .git -exec rm -rf {} +
  cp -r "$corpus/$name/$version/." "$work/repo/"
  rm -f "$work/repo/.unpacked"
  export GIT_AUTHOR_DATE="2024-01-$(printf %02d $day)T12:00:00+0000"
  export GIT_COMMITTER_DATE="$GIT_AUTHOR_DATE"
  git -C "$work/repo" add -A
  git -C "$work/repo" commit -q -m "$name $version"
  git -C "$work/repo" tag "v$version"
done
git -C "$work/repo" bundle create -q "$out" --all
echo "$out: $(wc -c < "$out") bytes, $(git -C "$work/repo" count-objects -v | awk '/^count|^in-pack/ {s+=$2} END {print s}') objects"
rm -rf "$corpus/repos/$name"
mkdir -p "$corpus/repos"
mv "$work/repo" "$corpus/repos/$name"
