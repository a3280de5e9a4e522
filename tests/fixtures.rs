//! Every fixture pair under `tests/fixtures/<case>/{baseline,current}` analysed, and its whole JSON
//! report snapshotted (insta; review changes with `cargo insta review`). Each change kind in the
//! catalogue has a fixture named after its id that must make it fire.

use std::path::Path;

use stability_lens::catalogue::{ChangeKind, CATALOGUE};
use stability_lens::intake::folder;
use stability_lens::report::Report;

fn analyse_case(case: &Path) -> Report {
    let label = |side: &str| format!("tests/fixtures/{}/{side}", case.file_name().unwrap().to_string_lossy());
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
        let report = analyse_case(case);
        let json = stability_lens::render::json::render(&report);
        insta::assert_snapshot!(json);
    });
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
