//! The reading rules ([`stability_lens::catalogue::reading`]): every rule has a fixture pair
//! `tests/fixtures/reading/<id>/{baseline,current}` with an `expect.toml` naming exactly the API
//! findings the pair must give (kind, object, parameter; `public_path`, `deprecated` and
//! `typing_only` when the rule is about them), the API roots each side must be read from, and
//! problems that must be reported. Everything else in the pair is a look-alike that must stay
//! silent. The whole report (without compliance) is snapshotted too.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use stability_lens::catalogue::reading::READING_RULES;
use stability_lens::intake::folder;
use stability_lens::report::Report;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    /// The API root paths of both sides (`.` for the tree).
    #[serde(default)]
    roots: Option<Vec<String>>,
    #[serde(default)]
    baseline_roots: Option<Vec<String>>,
    findings: Vec<Finding>,
    /// Substrings of problem messages that must be reported.
    #[serde(default)]
    problems: Vec<String>,
    /// Modules that must be listed as not fully readable (current side).
    #[serde(default)]
    not_fully_readable: Vec<String>,
    /// The release verdict's `required` and `satisfied`, or `none` when it must be absent.
    #[serde(default)]
    release: Option<toml::Value>,
}

#[derive(Deserialize, Debug, PartialEq, Eq, PartialOrd, Ord, Clone)]
#[serde(deny_unknown_fields)]
struct Finding {
    kind: String,
    object: String,
    #[serde(default)]
    parameter: Option<String>,
    #[serde(default)]
    public_path: Option<String>,
    #[serde(default)]
    deprecated: Option<bool>,
    #[serde(default)]
    typing_only: Option<bool>,
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reading")
}

fn analyse(case: &Path) -> Report {
    let name = case.file_name().unwrap().to_string_lossy().into_owned();
    let read = |side: &str| folder::read(&case.join(side), &format!("reading/{name}/{side}")).unwrap();
    stability_lens::analyse(&read("baseline"), &read("current"))
}

fn expected(case: &Path) -> Expect {
    let text = std::fs::read_to_string(case.join("expect.toml"))
        .unwrap_or_else(|_| panic!("{} has no expect.toml", case.display()));
    toml::from_str(&text).unwrap_or_else(|error| panic!("{}/expect.toml: {error}", case.display()))
}

fn actual(report: &Report, template: &[Finding]) -> Vec<Finding> {
    let wants = |field: fn(&Finding) -> bool| template.iter().any(field);
    let mut found: Vec<Finding> = report
        .api_changes
        .iter()
        .map(|change| {
            let json = serde_json::to_value(change).unwrap();
            Finding {
                kind: change.kind.as_str().to_owned(),
                object: change.object.clone(),
                parameter: change.parameter.clone(),
                public_path: wants(|f| f.public_path.is_some())
                    .then(|| json.get("public_path").and_then(|p| p.as_str()).unwrap_or("").to_owned()),
                deprecated: wants(|f| f.deprecated.is_some())
                    .then(|| json.get("deprecated").is_some_and(|d| !d.is_null())),
                typing_only: wants(|f| f.typing_only.is_some())
                    .then(|| json.get("typing_only").and_then(|t| t.as_bool()).unwrap_or(false)),
            }
        })
        .collect();
    found.sort();
    found
}

#[test]
fn every_reading_rule_has_a_fixture_that_gives_exactly_its_findings() {
    let failures: Vec<String> = READING_RULES
        .iter()
        .filter_map(|rule| {
            std::panic::catch_unwind(|| check(rule.id)).err().map(|panic| {
                let message = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default();
                format!("{}: {message}", rule.id)
            })
        })
        .collect();
    assert!(failures.is_empty(), "{} reading rule(s) fail:\n{}", failures.len(), failures.join("\n\n"));
}

fn check(id: &str) {
    {
        let rule = stability_lens::catalogue::reading::rule(id).unwrap();
        let case = fixtures().join(rule.id);
        assert!(
            case.join("baseline").is_dir(),
            "reading rule `{}` has no fixture at {}",
            rule.id,
            case.display()
        );
        let expect = expected(&case);
        let report = analyse(&case);
        // Fill the optional fields of the template so equal findings compare equal.
        let mut want = expect.findings.clone();
        let got = actual(&report, &want);
        for finding in &mut want {
            let template = &expect.findings;
            if finding.public_path.is_none() && template.iter().any(|f| f.public_path.is_some()) {
                finding.public_path = got
                    .iter()
                    .find(|g| {
                        g.kind == finding.kind
                            && g.object == finding.object
                            && g.parameter == finding.parameter
                    })
                    .and_then(|g| g.public_path.clone());
            }
            if finding.deprecated.is_none() && template.iter().any(|f| f.deprecated.is_some()) {
                finding.deprecated = Some(false);
            }
            if finding.typing_only.is_none() && template.iter().any(|f| f.typing_only.is_some()) {
                finding.typing_only = Some(false);
            }
        }
        want.sort();
        assert_eq!(got, want, "fixture `{}`: the findings differ from expect.toml", rule.id);
        let roots = |side: &stability_lens::report::SideSummary| -> Vec<String> {
            side.api_roots.iter().map(|r| r.path.clone()).collect()
        };
        if let Some(expected_roots) = &expect.roots {
            assert_eq!(&roots(&report.current), expected_roots, "fixture `{}`: current roots", rule.id);
            let baseline = expect.baseline_roots.as_ref().unwrap_or(expected_roots);
            assert_eq!(&roots(&report.baseline), baseline, "fixture `{}`: baseline roots", rule.id);
        }
        for problem in &expect.problems {
            assert!(
                report.problems.iter().any(|p| p.message.contains(problem.as_str())),
                "fixture `{}`: no problem says {problem:?}: {:#?}",
                rule.id,
                report.problems
            );
        }
        for module in &expect.not_fully_readable {
            assert!(
                report.current.not_fully_readable.iter().any(|n| &n.module == module),
                "fixture `{}`: {module} is not listed as not fully readable: {:#?}",
                rule.id,
                report.current.not_fully_readable
            );
        }
        if let Some(release) = &expect.release {
            let json = serde_json::to_value(&report).unwrap();
            let actual = json.get("release").cloned().unwrap_or(serde_json::Value::Null);
            let wanted = serde_json::to_value(release).unwrap();
            if wanted.as_str() == Some("none") {
                assert!(
                    actual.is_null() || actual.get("required").is_none_or(|r| r.is_null()),
                    "fixture `{}`: {actual}",
                    rule.id
                );
            } else {
                for (key, value) in wanted.as_object().unwrap() {
                    assert_eq!(
                        actual.get(key),
                        Some(value),
                        "fixture `{}`: release.{key} in {actual}",
                        rule.id
                    );
                }
            }
        }
    }
}

#[test]
fn every_reading_fixture_is_a_rule() {
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            stability_lens::catalogue::reading::rule(&name).is_some(),
            "tests/fixtures/reading/{name} is not a reading rule in src/catalogue/reading.rs"
        );
    }
}

#[test]
fn reading_fixture_reports() {
    insta::glob!("fixtures/reading/*", |case| {
        let mut report = analyse(case);
        report.compliance = Default::default();
        report.summary.compliance_errors = 0;
        report.summary.compliance_new = 0;
        report.assessment = Default::default();
        insta::assert_snapshot!(stability_lens::render::json::render(&report));
    });
}
