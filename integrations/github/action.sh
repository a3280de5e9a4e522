#!/usr/bin/env bash
# What the GitHub Action (action.yml) runs, in two steps:
#   action.sh install   pip-installs INPUT_PACKAGE into a virtualenv of the runner's and puts it
#                       on the job's PATH (GITHUB_PATH)
#   action.sh compare   analyses once (JSON), then from that report writes the PR-sized Markdown
#                       to the job summary, the diff annotations (when INPUT_ANNOTATIONS is true),
#                       SARIF (when INPUT_SARIF is true), the step's outputs, and exits per
#                       INPUT_FAIL_ON (1: what it names was found; 2: bad input)
# Baseline: INPUT_BASELINE, else the pull request's base (PR_BASE_SHA), else on a push the commit
# before it (PUSH_BEFORE_SHA, unless it is all zeros), else the merge base with the default branch.
set -euo pipefail
temp="${RUNNER_TEMP:-${TMPDIR:-/tmp}}"
case "${1:-}" in
  install)
    python3 -m venv "$temp/stability-lens-venv"
    "$temp/stability-lens-venv/bin/pip" install --quiet --disable-pip-version-check "${INPUT_PACKAGE:-stability-lens}"
    echo "$temp/stability-lens-venv/bin" >> "${GITHUB_PATH:-/dev/null}"
    "$temp/stability-lens-venv/bin/stability-lens" --version
    ;;
  compare)
    export PATH="$temp/stability-lens-venv/bin:$PATH"
    baseline="${INPUT_BASELINE:-}"
    [ -n "$baseline" ] || baseline="${PR_BASE_SHA:-}"
    if [ -z "$baseline" ] && [ -n "${PUSH_BEFORE_SHA:-}" ] && [ "${PUSH_BEFORE_SHA//0/}" != "" ]; then baseline="$PUSH_BEFORE_SHA"; fi
    args=(--repo "${INPUT_PATH:-.}")
    [ -z "$baseline" ] || args+=(--baseline "$baseline")
    [ -z "${INPUT_CURRENT:-}" ] || args+=(--current "$INPUT_CURRENT")
    report="$temp/stability-lens.json"
    stability-lens diff "${args[@]}" --format json --output "$report" --fail-on never
    stability-lens render "$report" --format markdown --fail-on never >> "${GITHUB_STEP_SUMMARY:-/dev/stdout}"
    if [ "${INPUT_ANNOTATIONS:-true}" = true ]; then
      stability-lens render "$report" --format github --fail-on never
    fi
    {
      echo "report=$report"
      echo "verdict=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["verdict"])' "$report")"
    } >> "${GITHUB_OUTPUT:-/dev/null}"
    if [ "${INPUT_SARIF:-false}" = true ]; then
      stability-lens render "$report" --format sarif --output "$temp/stability-lens.sarif" --fail-on never
      echo "sarif=$temp/stability-lens.sarif" >> "${GITHUB_OUTPUT:-/dev/null}"
    fi
    # The exit code: 1 when what fail-on names was found.
    stability-lens render "$report" --format text --fail-on "${INPUT_FAIL_ON:-breaking}"
    ;;
  *)
    echo "usage: action.sh install|compare" >&2
    exit 2
    ;;
esac
