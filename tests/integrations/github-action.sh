#!/usr/bin/env bash
# The GitHub Action as a runner runs it: action.yml's steps call integrations/github/action.sh
# with the inputs as INPUT_* variables; here they run against a repository whose branch breaks
# the sample's API, with the runner's files (GITHUB_STEP_SUMMARY, GITHUB_OUTPUT, GITHUB_PATH) as
# temporary files. Checks: the job summary is the PR-sized report (under GitHub's 65,536
# characters), each breaking change is an ::error annotation at its file and line, the SARIF is
# SARIF 2.1.0, the outputs name the report and the verdict, and the exit code follows fail-on.
source "$(dirname "$0")/common.sh"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
repo="$work/repo"; base=$(make_repository "$repo")
# action.yml calls the script the test runs, with the variables the test sets.
for name in install compare INPUT_PACKAGE INPUT_BASELINE INPUT_FAIL_ON INPUT_SARIF INPUT_ANNOTATIONS PR_BASE_SHA; do
  grep -q "$name" "$ROOT/action.yml" || fail "action.yml does not use $name"
done
export RUNNER_TEMP="$work/runner" GITHUB_STEP_SUMMARY="$work/summary.md" GITHUB_OUTPUT="$work/output" GITHUB_PATH="$work/path"
mkdir -p "$RUNNER_TEMP"
INPUT_PACKAGE="$(wheel)" "$ROOT/integrations/github/action.sh" install > "$work/install.log"
grep -q "$RUNNER_TEMP/stability-lens-venv/bin" "$GITHUB_PATH" || fail "the install step did not add itself to GITHUB_PATH"
status=0
(cd "$repo" && PR_BASE_SHA="$base" INPUT_SARIF=true INPUT_ANNOTATIONS=true INPUT_FAIL_ON=breaking \
  "$ROOT/integrations/github/action.sh" compare > "$work/log") || status=$?
[ "$status" = 1 ] || fail "exit code $status with breaking changes and fail-on breaking (want 1)"
grep -q '^\*\*Verdict: BREAKING\*\*' "$GITHUB_STEP_SUMMARY" || fail "the job summary has no verdict"
[ "$(wc -m < "$GITHUB_STEP_SUMMARY")" -le 65536 ] || fail "the job summary is over 65,536 characters"
errors=$(grep -c '^::error file=' "$work/log" || true)
[ "$errors" -ge 7 ] || fail "$errors ::error annotations (want one per breaking change)"
grep -q '^::error file=payments/client.py,line=31,title=Name removed%3A payments.PaymentClient.get_balance::' "$work/log" \
  || fail "no annotation at the removed method's line"
grep -q "^verdict=breaking$" "$GITHUB_OUTPUT" || fail "no verdict output"
sarif=$(sed -n 's/^sarif=//p' "$GITHUB_OUTPUT")
python3 - "$sarif" <<'PY' || fail "the SARIF file is not SARIF 2.1.0 with results"
import json, sys
log = json.load(open(sys.argv[1]))
assert log["version"] == "2.1.0" and log["runs"][0]["results"], log.keys()
PY
# fail-on never: the same findings, exit 0.
(cd "$repo" && PR_BASE_SHA="$base" INPUT_FAIL_ON=never "$ROOT/integrations/github/action.sh" compare > /dev/null) \
  || fail "fail-on never still failed"
echo "github action: summary $(wc -m < "$GITHUB_STEP_SUMMARY") characters, $errors error annotations, SARIF uploaded-ready, exit codes per fail-on"
