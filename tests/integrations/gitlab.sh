#!/usr/bin/env bash
# The GitLab CI example as a runner runs it: the `script:` lines of
# integrations/gitlab/stability-lens.gitlab-ci.yml, in the merge request's checkout with
# CI_MERGE_REQUEST_DIFF_BASE_SHA set. Checks the code-quality report (a JSON list of issues with
# description, check_name, fingerprint, severity, location.path and location.lines.begin), the
# Markdown artifact, and the job's exit code on breaking changes.
source "$(dirname "$0")/common.sh"
work=$(mktemp -d); trap 'rm -rf "$work" /tmp/stability-lens' EXIT
repo="$work/repo"; base=$(make_repository "$repo")
script="$work/job.sh"
python3 - "$ROOT/integrations/gitlab/stability-lens.gitlab-ci.yml" > "$script" <<'PY'
import sys
lines, inside = [], False
for line in open(sys.argv[1]):
    if line.startswith("  script:"):
        inside = True
        continue
    if inside and line.startswith("    - "):
        lines.append(line[len("    - "):].rstrip("\n"))
    elif inside and line.strip() and not line.startswith("    "):
        break
assert lines, "no script lines"
print("set -e"); print("\n".join(lines))
PY
status=0
(cd "$repo" && CI_MERGE_REQUEST_DIFF_BASE_SHA="$base" STABILITY_LENS_PACKAGE="$(wheel)" bash "$script" > "$work/log") || status=$?
[ "$status" = 1 ] || fail "the job exited $status on breaking changes (want 1)"
python3 - "$repo/gl-code-quality-report.json" <<'PY' || fail "not a code-quality report"
import json, sys
issues = json.load(open(sys.argv[1]))
assert isinstance(issues, list) and issues
for issue in issues:
    assert {"description", "check_name", "fingerprint", "severity", "location"} <= issue.keys(), issue
    assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
    assert issue["location"]["path"] and issue["location"]["lines"]["begin"] >= 1
assert len({i["fingerprint"] for i in issues}) == len(issues)
assert any(i["check_name"] == "object_removed" for i in issues)
PY
grep -q '^\*\*Verdict: BREAKING\*\*' "$repo/stability-lens.md" || fail "no Markdown artifact"
echo "gitlab: $(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$repo/gl-code-quality-report.json") code-quality issues, the job fails on breaking changes"
