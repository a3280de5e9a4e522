//! The first report the app shows when Analyze is clicked before every file is read: assembled
//! from the analysed files alone ([`SidePlan::is_analysed`]), its verdict, API changes,
//! compliance and dependency changes equal the complete report's, and the changed files it lists
//! are the complete report's analysed ones — none invented.

mod common;

use std::collections::BTreeSet;

use stability_lens::intake::SourceTree;
use stability_lens::pipeline::{Partial, Plan, SideWork};
use stability_lens::problem::Side;
use stability_lens::report::Report;

/// A pair grown with files only the complete report reads: data files and test code, some of
/// them changed, removed or added, and a test file that does not parse.
fn grown(baseline: &str, current: &str) -> (SourceTree, SourceTree) {
    let (mut old, mut new) = common::folders(baseline, current);
    for i in 0..40 {
        old.insert(&format!("docs/page{i}.txt"), format!("page {i}\n").into_bytes());
        if i != 7 {
            let edited = if i % 10 == 0 { " (edited)" } else { "" };
            new.insert(&format!("docs/page{i}.txt"), format!("page {i}{edited}\n").into_bytes());
        }
        old.insert(&format!("tests/test_{i}.py"), format!("def test_{i}():\n    pass\n").into_bytes());
        new.insert(&format!("tests/test_{i}.py"), format!("def test_{i}():\n    assert True\n").into_bytes());
    }
    new.insert("docs/new.txt", b"new\n".to_vec());
    new.insert("tests/test_broken.py", b"def broken(:\n".to_vec());
    (old, new)
}

/// The first report: only the files analysed on their side processed, as in the browser when the
/// rest is still being read.
fn first_report(plan: &Plan, baseline: &SourceTree, current: &SourceTree) -> Report {
    let mut old = SideWork::new(Side::Baseline, 0, plan.baseline.clone());
    let mut new = SideWork::new(Side::Current, 0, plan.current.clone());
    let paths: BTreeSet<&str> = baseline.paths().chain(current.paths()).collect();
    for path in paths {
        if let Some(bytes) = baseline.get(path).filter(|_| plan.baseline.is_analysed(path)) {
            old.add(path, bytes, None);
        }
        if let Some(bytes) = current.get(path).filter(|_| plan.current.is_analysed(path)) {
            new.add(path, bytes, Some(&old));
        }
    }
    let mut partial = Partial::default();
    old.into_partial(&mut partial);
    new.into_partial(&mut partial);
    partial.only_analysed_files(plan);
    plan.assemble(partial, None)
}

#[test]
fn the_first_report_has_the_complete_reports_findings_and_no_invented_file() {
    for (baseline, current) in [
        ("www/sample/payments-1.4.0", "www/sample/payments-2.0.0"),
        ("tests/fixtures/compliance/dependencies/baseline", "tests/fixtures/compliance/dependencies/current"),
        (
            "tests/fixtures/compliance/undeclared_env_var/baseline",
            "tests/fixtures/compliance/undeclared_env_var/current",
        ),
        ("tests/fixtures/hostile/baseline", "tests/fixtures/hostile/current"),
        ("tests/fixtures/src_layout/baseline", "tests/fixtures/src_layout/current"),
    ] {
        let (old, new) = grown(baseline, current);
        let plan = Plan::for_trees(&old, &new);
        let complete = stability_lens::analyse(&old, &new);
        let first = first_report(&plan, &old, &new);
        assert_eq!(first.verdict, complete.verdict, "{baseline}");
        assert_eq!(first.api_changes, complete.api_changes, "{baseline}");
        assert_eq!(first.compliance, complete.compliance, "{baseline}");
        assert_eq!(first.dependencies, complete.dependencies, "{baseline}");
        assert_eq!(first.baseline, complete.baseline, "{baseline}");
        assert_eq!(first.current, complete.current, "{baseline}");
        for file in &first.files {
            assert!(complete.files.contains(file), "{baseline}: {file:?} is not in the complete report");
            assert!(!file.path.starts_with("docs/") && !file.path.starts_with("tests/"), "{}", file.path);
        }
        let analysed_changes: Vec<_> = complete
            .files
            .iter()
            .filter(|f| plan.baseline.is_analysed(&f.path) && plan.current.is_analysed(&f.path))
            .collect();
        assert_eq!(first.files.iter().collect::<Vec<_>>(), analysed_changes, "{baseline}");
        // What only the complete report has: the data and test files, and the test that does not
        // parse.
        assert!(complete.files.iter().any(|f| f.path == "docs/page7.txt"));
        assert!(complete.files.iter().any(|f| f.path == "tests/test_3.py"));
        assert!(complete.problems.iter().any(|p| p.path == "tests/test_broken.py"));
        assert!(!first.problems.iter().any(|p| p.path == "tests/test_broken.py"));
    }
}

#[test]
fn modules_and_code_outside_the_tests_are_analysed_tests_outside_the_packages_are_not() {
    let (old, new) = grown("www/sample/payments-1.4.0", "www/sample/payments-2.0.0");
    let plan = Plan::for_trees(&old, &new);
    for path in new.paths() {
        let expected = path.ends_with(".py") && !path.starts_with("tests/")
            || path == "pyproject.toml"
            || path == "stability.toml";
        assert_eq!(plan.current.is_analysed(path), expected, "{path}");
    }
}

/// The page decides which files to read first from the paths alone ([`read_first`]): it must
/// cover every file the workers' plans call analysed, on fixtures (reading rules included: build
/// metadata, stubs, lib/ layouts) and real releases across build backends.
#[test]
fn the_page_reads_every_analysed_file_first() {
    use stability_lens::pipeline::read_first;
    let mut trees: Vec<SourceTree> = Vec::new();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reading");
    for entry in std::fs::read_dir(&root).unwrap() {
        let case = entry.unwrap().path();
        for side in ["baseline", "current"] {
            trees.push(stability_lens::intake::folder::read(&case.join(side), side).unwrap());
        }
    }
    let corpus = std::path::PathBuf::from(
        std::env::var("STABILITY_LENS_CORPUS").unwrap_or_else(|_| "/tmp/corpus".into()),
    );
    for (name, version) in
        [("sqlalchemy", "2.0.30"), ("pydantic-core", "2.18.2"), ("poetry-core", "1.9.0"), ("pyyaml", "5.4.1")]
    {
        trees.push(stability_lens::intake::folder::read(&corpus.join(name).join(version), version).unwrap());
    }
    for tree in &trees {
        let plan = stability_lens::pipeline::TreeInfo::of(tree).plan();
        let paths: Vec<String> = tree.paths().map(str::to_owned).collect();
        for (path, first) in paths.iter().zip(read_first(&paths)) {
            assert!(
                first || !plan.is_analysed(path),
                "{}: {path} is analysed but not read first",
                tree.label
            );
        }
    }
}
