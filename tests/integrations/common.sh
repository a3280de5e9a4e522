# Shared by the integration tests (sourced): the wheel they install, and a repository with a
# pull request's worth of history to run on, built with real git.
#   wheel            -> the path of the wheel tests/integrations/wheel.sh built (target/wheels)
#   make_repository DIR -> a repository in DIR: main at the sample's 1.4.0, branch `change` at
#                       its 2.0.0 (breaking), checked out; prints the base commit
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
fail() { echo "FAIL: $*" >&2; exit 1; }
wheel() {
  local found
  found=$(ls "$ROOT"/target/wheels/stability_lens-*.whl 2>/dev/null | head -1)
  [ -n "$found" ] || fail "no wheel in target/wheels: run tests/integrations/wheel.sh first"
  echo "$found"
}
git_() { GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=/dev/null GIT_AUTHOR_NAME=Test GIT_AUTHOR_EMAIL=t@example.com \
  GIT_COMMITTER_NAME=Test GIT_COMMITTER_EMAIL=t@example.com git "$@"; }
make_repository() {
  local dir="$1"
  rm -rf "$dir"; mkdir -p "$dir"
  git_ -C "$dir" init -q -b main
  cp -r "$ROOT/www/sample/payments-1.4.0/." "$dir/"
  git_ -C "$dir" add -A; git_ -C "$dir" commit -q -m "payments 1.4.0"
  local base; base=$(git_ -C "$dir" rev-parse HEAD)
  git_ -C "$dir" checkout -q -b change
  find "$dir" -mindepth 1 -maxdepth 1 ! -name .git -exec rm -rf {} +
  cp -r "$ROOT/www/sample/payments-2.0.0/." "$dir/"
  git_ -C "$dir" add -A; git_ -C "$dir" commit -q -m "payments 2.0.0"
  echo "$base"
}
