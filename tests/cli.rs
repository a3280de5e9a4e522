//! The `stability-lens` binary on fixtures: formats, output file, exit codes (0 compatible,
//! 1 breaking, 2 bad input or usage) and one-line errors.

use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stability-lens"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs")
}

fn fixture(case: &str, side: &str) -> String {
    format!("tests/fixtures/{case}/{side}")
}

#[test]
fn breaking_pair_exits_1_with_json_report() {
    let output = run(&[
        "diff",
        &fixture("object_removed", "baseline"),
        &fixture("object_removed", "current"),
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["schema"], "stability-lens/report/v1");
    assert_eq!(json["verdict"], "breaking");
    assert_eq!(json["baseline"]["label"], "tests/fixtures/object_removed/baseline");
    assert!(output.stderr.is_empty());
}

#[test]
fn compatible_pair_exits_0() {
    let output = run(&["diff", &fixture("unchanged", "baseline"), &fixture("unchanged", "current")]);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.starts_with("Stability Lens: COMPATIBLE"), "{text}");
}

#[test]
fn cli_json_equals_the_library_rendering() {
    let output = run(&[
        "diff",
        &fixture("parse_problems", "baseline"),
        &fixture("parse_problems", "current"),
        "--format",
        "json",
    ]);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let baseline = stability_lens::intake::folder::read(
        &root.join(fixture("parse_problems", "baseline")),
        &fixture("parse_problems", "baseline"),
    )
    .unwrap();
    let current = stability_lens::intake::folder::read(
        &root.join(fixture("parse_problems", "current")),
        &fixture("parse_problems", "current"),
    )
    .unwrap();
    let expected = stability_lens::render::json::render(&stability_lens::analyse(&baseline, &current));
    assert_eq!(String::from_utf8(output.stdout).unwrap(), expected);
}

#[test]
fn writes_markdown_to_an_output_file() {
    let out = std::env::temp_dir().join(format!("stability-lens-cli-{}.md", std::process::id()));
    let output = run(&[
        "diff",
        &fixture("parameter_removed", "baseline"),
        &fixture("parameter_removed", "current"),
        "--format",
        "markdown",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let markdown = std::fs::read_to_string(&out).unwrap();
    assert!(markdown.contains("## Breaking changes"));
    assert!(markdown.contains("| Parameter removed |"), "{markdown}");
    let _ = std::fs::remove_file(out);
}

#[test]
fn missing_directory_exits_2_with_one_line() {
    let output = run(&["diff", "tests/fixtures/does-not-exist", &fixture("unchanged", "current")]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("tests/fixtures/does-not-exist: no such file or directory"), "{stderr}");
}

#[test]
fn a_file_that_is_no_archive_exits_2() {
    let output = run(&["diff", "Cargo.toml", &fixture("unchanged", "current")]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("Cargo.toml: not a supported archive"), "{stderr}");
}

#[test]
fn unwritable_output_exits_2() {
    let output = run(&[
        "diff",
        &fixture("unchanged", "baseline"),
        &fixture("unchanged", "current"),
        "--output",
        "/nonexistent-dir/report.json",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(String::from_utf8(output.stderr).unwrap().lines().count(), 1);
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&["diff", "only-one"]).status.code(), Some(2));
    assert_eq!(run(&["diff", "a", "b", "--format", "yaml"]).status.code(), Some(2));
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(run(&["--help"]).status.code(), Some(0));
}

#[test]
fn catalogue_lists_every_kind() {
    let output = run(&["catalogue"]);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    for definition in stability_lens::catalogue::CATALOGUE {
        assert!(text.contains(definition.id), "missing {}", definition.id);
    }
}

#[test]
fn archives_and_bundles_as_inputs() {
    let archives = "tests/fixtures/archives";
    let output = run(&[
        "diff",
        &format!("{archives}/payments-1.4.0.tar.gz"),
        &format!("{archives}/payments-2.0.0.zip"),
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let from_archives: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let output = run(&["diff", "--bundle", "tests/fixtures/bundles/linear.bundle", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    let from_bundle: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(from_archives["api_changes"], from_bundle["api_changes"]);
    assert_eq!(from_bundle["history"]["baseline"]["revision"], "HEAD~3");
    assert_eq!(from_bundle["history"]["commits"].as_array().unwrap().len(), 3);
    assert!(from_archives.get("history").is_none(), "no history section without a bundle");
}

#[test]
fn bad_archives_and_bundles_exit_2_with_one_line() {
    for (args, expected) in [
        (
            vec!["diff", "tests/fixtures/archives/corrupt.zip", "tests/fixtures/archives/payments-2.0.0.zip"],
            "corrupt zip archive",
        ),
        (
            vec![
                "diff",
                "tests/fixtures/archives/not-an-archive.zip",
                "tests/fixtures/archives/payments-2.0.0.zip",
            ],
            "not a supported archive",
        ),
        (vec!["diff", "--bundle", "tests/fixtures/bundles/flipped.bundle"], "checksum mismatch"),
        (vec!["diff", "--bundle", "tests/fixtures/bundles/sha256.bundle"], "not supported"),
        (
            vec!["diff", "--bundle", "tests/fixtures/bundles/linear.bundle", "--baseline", "v9"],
            "unknown revision `v9`",
        ),
        (
            vec!["diff", "--bundle", "tests/fixtures/bundles/thin.bundle", "--baseline", "HEAD~2"],
            "not all in this bundle",
        ),
    ] {
        let output = run(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
    // --bundle and positional trees are exclusive; --baseline needs --bundle.
    assert_eq!(run(&["diff", "a", "b", "--bundle", "x.bundle"]).status.code(), Some(2));
    assert_eq!(run(&["diff", "a", "b", "--baseline", "HEAD"]).status.code(), Some(2));
}

#[test]
fn bundle_subcommand_lists_refs_and_history() {
    let output = run(&["bundle", "tests/fixtures/bundles/linear.bundle"]);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("refs/tags/v2.0.0"), "{text}");
    assert!(text.contains("default comparison: HEAD~3..HEAD"), "{text}");
    assert!(text.contains("Release 1.4.0"), "{text}");
}

#[test]
fn fail_on_version_exits_1_when_the_declared_bump_is_too_small() {
    // PKG-INFO says 1.4.0 → 1.5.0 (a minor bump) while a parameter was removed (major required).
    let pair = |side: &str| format!("tests/fixtures/reading/release_verdict/{side}");
    let output = run(&["diff", &pair("baseline"), &pair("current"), "--fail-on", "version"]);
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("release : major bump required; 1.4.0 → 1.5.0 is a minor bump: NOT satisfied"),
        "{text}"
    );
    // No verdict (no version declared) never fails on `version`.
    let output = run(&[
        "diff",
        &fixture("object_removed", "baseline"),
        &fixture("object_removed", "current"),
        "--fail-on",
        "version",
    ]);
    assert_eq!(output.status.code(), Some(0));
    // The default gate (breaking changes) is independent of it.
    let output = run(&["diff", &pair("baseline"), &pair("current")]);
    assert_eq!(output.status.code(), Some(1));
}

/// A policy file is read by its name in one way whether it is checked or applied: a file named
/// `pyproject.toml` for its `[tool.stability-lens]` table, any other name (`ci-pyproject.toml`)
/// as a `stability.toml` — before, `ci-pyproject.toml` was checked as one and applied as the other.
#[test]
fn a_policy_is_read_by_its_name_the_same_way_when_checked_and_applied() {
    let dir = std::env::temp_dir().join(format!("stability-lens-policy-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("ci")).unwrap();
    let table = "[rules.import_cycle]\nlevel = \"off\"\n";
    let named = [
        (dir.join("ci-pyproject.toml"), table.to_owned()),
        (
            dir.join("ci/pyproject.toml"),
            "[project]\nname = \"x\"\n\n[tool.stability-lens.rules.import_cycle]\nlevel = \"off\"\n"
                .to_owned(),
        ),
    ];
    for (path, text) in &named {
        std::fs::write(path, text).unwrap();
        let path = path.to_str().unwrap();
        let check = run(&["policy", path]);
        assert_eq!(check.status.code(), Some(0), "{}", String::from_utf8_lossy(&check.stderr));
        let output = run(&[
            "diff",
            &fixture("compliance/import_cycle", "baseline"),
            &fixture("compliance/import_cycle", "current"),
            "--policy",
            path,
            "--format",
            "json",
            "--fail-on",
            "never",
        ]);
        assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let rules = json["compliance"]["current"]["rules"].as_array().unwrap();
        let cycle = rules.iter().find(|rule| rule["id"] == "import_cycle").unwrap();
        assert_eq!(cycle["level"], "off", "{path}: {cycle}");
        let source = json["compliance"]["policy"].as_str().unwrap_or_default();
        assert!(source.contains(path), "{path}: the report names {source}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// `--format github`: one workflow command per finding that asks for attention, each on one line
/// with the file and line GitHub puts it on, then the verdict.
#[test]
fn github_annotations_name_each_finding_at_its_line() {
    let (baseline, current) = ("www/sample/payments-1.4.0", "www/sample/payments-2.0.0");
    let json: serde_json::Value =
        serde_json::from_slice(&run(&["diff", baseline, current, "--format", "json"]).stdout).unwrap();
    let output = run(&["diff", baseline, current, "--format", "github"]);
    assert_eq!(output.status.code(), Some(1), "the exit code still follows --fail-on");
    let text = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines
            .iter()
            .all(|l| l.starts_with("::error ") || l.starts_with("::warning ") || l.starts_with("::notice ")),
        "{text}"
    );
    let count = |severity: &str| {
        json["api_changes"].as_array().unwrap().iter().filter(|c| c["severity"] == severity).count()
    };
    let new_errors = json["compliance"]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "new" && f["level"] == "error")
        .count();
    assert_eq!(lines.iter().filter(|l| l.starts_with("::error ")).count(), count("breaking") + new_errors);
    let removed = lines.iter().find(|l| l.contains("get_balance")).expect("the removed method");
    assert!(removed.starts_with("::error file=payments/client.py,line=31,title=Name removed%3A payments.PaymentClient.get_balance::"), "{removed}");
    assert!(
        lines.last().unwrap().starts_with("::notice title=Stability Lens::BREAKING: 7 breaking"),
        "{text}"
    );
}

/// `--format gitlab`: GitLab's code-quality report — a list of issues with a description,
/// check name, stable fingerprint, severity and location.
#[test]
fn gitlab_code_quality_report() {
    let (baseline, current) = ("www/sample/payments-1.4.0", "www/sample/payments-2.0.0");
    let output = run(&["diff", baseline, current, "--format", "gitlab"]);
    let issues: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert!(!issues.is_empty());
    let mut fingerprints = std::collections::BTreeSet::new();
    for issue in &issues {
        for key in ["description", "check_name", "fingerprint", "severity"] {
            assert!(issue[key].is_string(), "{key}: {issue}");
        }
        assert!(
            ["info", "minor", "major", "critical", "blocker"].contains(&issue["severity"].as_str().unwrap())
        );
        assert!(
            issue["location"]["path"].is_string()
                && issue["location"]["lines"]["begin"].as_u64().unwrap() >= 1
        );
        assert!(
            fingerprints.insert(issue["fingerprint"].as_str().unwrap().to_owned()),
            "fingerprints are unique"
        );
    }
    let again: Vec<serde_json::Value> =
        serde_json::from_slice(&run(&["diff", baseline, current, "--format", "gitlab"]).stdout).unwrap();
    assert_eq!(issues, again, "the same findings, the same fingerprints");
    assert!(issues.iter().any(|i| i["check_name"] == "object_removed" && i["severity"] == "critical"));
}

#[test]
fn markdown_full_and_version() {
    let full =
        run(&["diff", "www/sample/payments-1.4.0", "www/sample/payments-2.0.0", "--format", "markdown-full"]);
    let text = String::from_utf8(full.stdout).unwrap();
    assert!(text.contains("## Interface compatibility") && text.contains("```python"), "{text}");
    let version = run(&["--version"]);
    assert_eq!(
        String::from_utf8(version.stdout).unwrap().trim(),
        format!("stability-lens {}", env!("CARGO_PKG_VERSION"))
    );
    let json: serde_json::Value = serde_json::from_slice(
        &run(&["diff", "www/sample/payments-1.4.0", "www/sample/payments-2.0.0", "--format", "json"]).stdout,
    )
    .unwrap();
    assert_eq!(json["tool"]["version"], env!("CARGO_PKG_VERSION"));
}
