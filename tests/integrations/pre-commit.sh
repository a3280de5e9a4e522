#!/usr/bin/env bash
# The pre-commit hook as pre-commit runs it: a repository whose .pre-commit-config.yaml uses
# this checkout's .pre-commit-hooks.yaml (hook stability-lens-system, with the wheel installed on
# PATH, baseline `main`), `pre-commit run`: it fails while the working tree breaks the API, and
# passes once the change is undone.
source "$(dirname "$0")/common.sh"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
tools="${STABILITY_LENS_TOOLS:-$HOME/.cache/stability-lens/tools}"
[ -x "$tools/bin/pre-commit" ] || "$tools/bin/pip" install -q "pre-commit==4.0.1"
python3 -m venv "$work/venv"; "$work/venv/bin/pip" install -q --no-index "$(wheel)"
export PATH="$work/venv/bin:$PATH"
# The hooks repository: this checkout as committed (pre-commit clones it at a revision).
hooks="$work/hooks"; git_ clone -q "$ROOT" "$hooks"
cp "$ROOT/.pre-commit-hooks.yaml" "$hooks/"
git_ -C "$hooks" add .pre-commit-hooks.yaml && git_ -C "$hooks" commit -q -m "hooks as in the working tree" --allow-empty
rev=$(git_ -C "$hooks" rev-parse HEAD)
repo="$work/repo"; make_repository "$repo" > /dev/null
cat > "$repo/.pre-commit-config.yaml" <<YAML
repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: stability-lens-system
        args: [--baseline, main]
YAML
export PRE_COMMIT_HOME="$work/pre-commit-cache"
status=0; (cd "$repo" && "$tools/bin/pre-commit" run --all-files > "$work/log" 2>&1) || status=$?
[ "$status" != 0 ] || { cat "$work/log"; fail "the hook passed though the change breaks the API"; }
grep -q "BREAKING" "$work/log" || { cat "$work/log"; fail "the hook's output does not say what broke"; }
# Undo the change in the working tree: nothing breaks against main any more.
git_ -C "$repo" checkout -q main -- .
git_ -C "$repo" clean -qfd -e .pre-commit-config.yaml
(cd "$repo" && "$tools/bin/pre-commit" run --all-files > "$work/log2" 2>&1) || { cat "$work/log2"; fail "the hook failed with nothing broken"; }
echo "pre-commit: the hook stops a breaking working tree and lets a compatible one through"
