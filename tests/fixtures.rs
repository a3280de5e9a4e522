//! Every fixture pair analysed and snapshotted (insta; review changes with `cargo insta review`):
//! - `tests/fixtures/<case>/{baseline,current}` — API fixtures: the JSON report without its
//!   compliance section. Each change kind in the catalogue has one named after its id that must
//!   make it fire.
//! - `tests/fixtures/compliance/<case>/{baseline,current}` — compliance fixtures: the compliance
//!   section, the dependency changes and the problems. Each rule has one named after its id, in
//!   which it must find a new violation — and none in a file whose path says `lookalike`: those
//!   hold the code that resembles a violation but is not one.

use std::path::Path;

use stability_lens::catalogue::{ChangeKind, CATALOGUE};
use stability_lens::compliance::dependencies::Scope;
use stability_lens::compliance::rules::RULES;
use stability_lens::compliance::Status;
use stability_lens::intake::folder;
use stability_lens::report::assessment::{RiskArea, RiskLevel};
use stability_lens::report::{Report, SideKind};

fn analyse_case(case: &Path) -> Report {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let name = case.strip_prefix(&root).unwrap_or(case).to_string_lossy().into_owned();
    let label = |side: &str| format!("tests/{name}/{side}");
    let baseline = folder::read(&case.join("baseline"), &label("baseline")).unwrap();
    let current = folder::read(&case.join("current"), &label("current")).unwrap();
    stability_lens::analyse(&baseline, &current)
}

#[test]
fn fixture_reports() {
    insta::glob!("fixtures/*", |case| {
        if !case.join("baseline").is_dir() {
            return; // archives/, bundles/: inputs of other tests
        }
        let mut report = analyse_case(case);
        report.compliance = Default::default();
        report.summary.compliance_errors = 0;
        report.summary.compliance_new = 0;
        let json = stability_lens::render::json::render(&report);
        insta::assert_snapshot!(json);
    });
}

#[test]
fn compliance_reports() {
    insta::glob!("fixtures/compliance/*", |case| {
        let report = analyse_case(case);
        let section = serde_json::json!({
            "compliance": report.compliance,
            "dependencies": report.dependencies,
            "python_requires": report.python_requires,
            "dependency_risk": report.assessment.risks.iter().find(|r| r.area == RiskArea::Dependencies),
            "kinds": [report.baseline.kind, report.current.kind],
            "problems": report.problems,
            "dependency_files": [report.baseline.dependency_files, report.current.dependency_files],
        });
        insta::assert_snapshot!(serde_json::to_string_pretty(&section).unwrap());
    });
}

#[test]
fn every_rule_fires_on_its_fixture_and_not_on_look_alikes() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/compliance");
    for rule in RULES {
        let case = fixtures.join(rule.name);
        assert!(case.is_dir(), "rule `{}` has no fixture pair at {}", rule.name, case.display());
        let report = analyse_case(&case);
        let findings: Vec<_> = report.compliance.findings.iter().filter(|f| f.rule == rule.id).collect();
        assert!(
            findings.iter().any(|f| f.status == Status::New),
            "fixture `{}` gives no new `{}` finding: {findings:#?}",
            rule.name,
            rule.name
        );
        let fired_on_lookalike: Vec<_> = findings.iter().filter(|f| f.path.contains("lookalike")).collect();
        assert!(
            fired_on_lookalike.is_empty(),
            "`{}` fired on a look-alike: {fired_on_lookalike:#?}",
            rule.name
        );
        // The baseline side is clean for this rule: the fixture's change introduced every finding.
        let before = report.compliance.baseline.rules.iter().find(|r| r.id == rule.id).map(|r| r.violations);
        assert_eq!(before, Some(0), "fixture `{}`: the baseline already violates the rule", rule.name);
    }
}

#[test]
fn every_change_kind_has_a_fixture_that_fires_it() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for definition in CATALOGUE {
        let case = fixtures.join(definition.id);
        assert!(case.is_dir(), "change kind `{}` has no fixture pair at {}", definition.id, case.display());
        let report = analyse_case(&case);
        assert!(
            report.api_changes.iter().any(|change| change.kind == definition.kind),
            "fixture `{}` does not produce a `{}` change",
            definition.id,
            definition.id
        );
    }
    assert_eq!(CATALOGUE.len(), ChangeKind::ALL.len());
}

#[test]
fn reports_are_byte_identical_across_runs() {
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/object_removed");
    let first = stability_lens::render::json::render(&analyse_case(&case));
    let second = stability_lens::render::json::render(&analyse_case(&case));
    assert_eq!(first, second);
}

#[test]
fn json_round_trips() {
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/parse_problems");
    let report = analyse_case(&case);
    let json = stability_lens::render::json::render(&report);
    let back = stability_lens::render::json::parse(&json).unwrap();
    assert_eq!(back, report);
}

#[test]
fn sample_pair_matches_the_folders_shipped_in_www() {
    // The app analyses the embedded sample; the CLI the folders in www/sample. Same trees.
    let (embedded_baseline, embedded_current) = stability_lens::sample::trees();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("www/sample");
    let baseline =
        folder::read(&root.join(stability_lens::sample::BASELINE), stability_lens::sample::BASELINE).unwrap();
    let current =
        folder::read(&root.join(stability_lens::sample::CURRENT), stability_lens::sample::CURRENT).unwrap();
    assert_eq!(embedded_baseline, baseline);
    assert_eq!(embedded_current, current);
    let report = stability_lens::analyse(&baseline, &current);
    assert_eq!(report.verdict, stability_lens::report::Verdict::Breaking);
    assert!(!report.problems.is_empty(), "the sample shows a parse problem on purpose");
}

/// Only what users install feeds the risk: the runtime requirement and the supported Pythons
/// changed; the development groups, the `requirements/` pins and the examples' own files change
/// too (look-alikes) and are listed in their own scopes.
#[test]
fn dependency_scopes_separate_what_users_install() {
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/compliance/dependency_scopes");
    let report = analyse_case(&case);
    assert_eq!((report.baseline.kind, report.current.kind), (SideKind::Library, SideKind::Library));
    let of = |scope: Scope| -> Vec<String> {
        report.dependencies.iter().filter(|d| d.scope == scope).map(|d| d.label()).collect()
    };
    assert_eq!(of(Scope::Runtime), ["werkzeug"], "{:#?}", report.dependencies);
    assert!(of(Scope::Extra).is_empty(), "`asgiref >= 3.2` is a respelling of `asgiref>=3.2`");
    assert_eq!(of(Scope::Development), ["pytest (test)", "sphinx", "tox", "werkzeug"]);
    assert_eq!(of(Scope::Outside), ["celery", "webkit", "werkzeug"]);
    let python = report.python_requires.as_ref().expect("requires-python changed");
    assert_eq!(python.dropped, ["3.8"]);
    assert_eq!(report.current.requires_python.as_deref(), Some(">=3.9"), "the root's, not the example's");
    let risk = report.assessment.risks.iter().find(|r| r.area == RiskArea::Dependencies).unwrap();
    assert_eq!(risk.level, RiskLevel::High, "{}", risk.reason);
    assert!(risk.reason.contains("Python 3.8 dropped"), "{}", risk.reason);
    let recommended: Vec<&str> =
        report.assessment.recommendations.iter().flat_map(|r| r.answers.iter().map(String::as_str)).collect();
    assert!(recommended.contains(&"python-requires") && recommended.contains(&"dependency/werkzeug"));
    assert!(!recommended.iter().any(|id| id.starts_with("dependency:")), "{recommended:?}");
}
