//! Hostile inputs: what reviewers actually feed the tool. Each one gives a clear message for that
//! file or input, every other file is still analysed, and nothing hangs. Small inputs are
//! committed (`tests/fixtures/hostile/`, regenerate with its `make.py`; damaged bundles and
//! archives under `tests/fixtures/{bundles,archives}/`); large ones are generated here.
//!
//! No test here is timed: a hang shows up as the test harness never finishing.

mod common;

use std::path::Path;
use std::process::Command;

use stability_lens::intake::SourceTree;
use stability_lens::report::{Problem, Report};

fn hostile_pair() -> Report {
    common::analyse_folders("tests/fixtures/hostile/baseline", "tests/fixtures/hostile/current")
}

fn problem<'a>(report: &'a Report, path: &str) -> Option<&'a Problem> {
    report.problems.iter().find(|p| p.path == path)
}

#[test]
fn files_that_are_not_clean_python_are_listed_and_the_rest_analysed() {
    let report = hostile_pair();
    // Not text, or not Python: one problem each, naming the file and saying why.
    let expected = [
        ("pkg/binary.py", "not a text file"),
        ("pkg/nul.py", "cannot contain null bytes"),
        ("pkg/wrong_declaration.py", "not valid UTF-8"),
        ("pkg/unknown_codec.py", "'klingon'"),
        ("pkg/tabs_and_spaces.py", "inconsistent use of tabs and spaces"),
    ];
    for (path, reason) in expected {
        let found =
            problem(&report, path).unwrap_or_else(|| panic!("no problem for {path}: {:#?}", report.problems));
        assert!(found.message.contains(reason), "{path}: {}", found.message);
        assert!(found.line >= 1 && found.column >= 1);
    }
    assert_eq!(report.problems.len(), expected.len(), "{:#?}", report.problems);
    // Everything else was analysed: the real breaking change, and the modules that are valid
    // Python however odd their bytes (BOM, Latin-1, cp1252, CRLF, lone CR, tabs, deep nesting).
    assert!(report
        .api_changes
        .iter()
        .any(|c| c.object == "pkg.core.handle" && c.parameter.as_deref() == Some("context")));
    let added: Vec<&str> = report
        .api_changes
        .iter()
        .filter(|c| c.kind.as_str() == "module_added")
        .map(|c| c.object.as_str())
        .collect();
    for module in [
        "pkg.bom",
        "pkg.latin1",
        "pkg.cp1252",
        "pkg.crlf",
        "pkg.mixed_endings",
        "pkg.tabs",
        "pkg.deep",
        "pkg.deep_calls",
    ] {
        assert!(added.contains(&module), "{module} was not analysed: {added:?} / {:#?}", report.problems);
    }
}

#[test]
fn declared_encodings_give_the_right_text() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile/current/pkg");
    let latin1 = stability_lens::parse::decode(&std::fs::read(root.join("latin1.py")).unwrap()).unwrap();
    assert!(latin1.contains("def café(naïve='é')"), "{latin1}");
    let cp1252 = stability_lens::parse::decode(&std::fs::read(root.join("cp1252.py")).unwrap()).unwrap();
    assert!(cp1252.contains("text='\u{201c}x\u{201d}'"), "{cp1252}");
    let bom = stability_lens::parse::decode(&std::fs::read(root.join("bom.py")).unwrap()).unwrap();
    assert!(bom.starts_with("def with_bom"));
}

#[test]
fn a_50_mb_python_file_is_analysed() {
    let mut text = String::with_capacity(51 << 20);
    let mut index = 0;
    while text.len() < 50 << 20 {
        text.push_str(&format!(
            "def function_{index}(a, b=None, *args, key: int = 0, **kwargs):\n    return a\n\n"
        ));
        index += 1;
    }
    let mut baseline = SourceTree::new("baseline");
    baseline.insert("big.py", b"def function_0(a):\n    return a\n".to_vec());
    let mut current = SourceTree::new("current");
    current.insert("big.py", text.into_bytes());
    let report = stability_lens::analyse(&baseline, &current);
    assert!(report.problems.is_empty(), "{:#?}", report.problems);
    let added = report.api_changes.iter().filter(|c| c.kind.as_str() == "object_added").count();
    assert_eq!(added, index - 1, "every new function is found");
}

#[test]
fn a_hundred_thousand_tiny_files_are_analysed() {
    let tree = |label: &str, extra: bool| {
        let mut tree = SourceTree::new(label);
        tree.insert("pkg/__init__.py", Vec::new());
        for index in 0..100_000 {
            let body = if extra && index == 99_999 { "def g(): pass\n" } else { "X = 1\n" };
            tree.insert(&format!("pkg/m{}/f{index}.py", index / 1000), body.as_bytes().to_vec());
        }
        tree
    };
    let report = stability_lens::analyse(&tree("baseline", false), &tree("current", true));
    assert_eq!(report.current.python_files, 100_001);
    assert!(report.problems.is_empty());
    assert_eq!(report.files.len(), 1);
}

#[test]
fn an_empty_side_and_a_tree_without_python_give_a_report() {
    let empty = SourceTree::new("empty");
    let mut no_python = SourceTree::new("docs");
    no_python.insert("README.md", b"# Just docs\n".to_vec());
    no_python.insert("data/values.csv", b"a,b\n1,2\n".to_vec());
    let mut package = SourceTree::new("package");
    package.insert("pkg/__init__.py", b"def f(a): pass\n".to_vec());

    let removed = stability_lens::analyse(&package, &empty);
    assert_eq!(removed.verdict.as_str(), "breaking");
    assert_eq!(removed.current.files, 0);
    let added = stability_lens::analyse(&empty, &package);
    assert_eq!(added.verdict.as_str(), "compatible");
    let docs = stability_lens::analyse(&no_python, &no_python);
    assert_eq!((docs.baseline.python_files, docs.api_changes.len(), docs.problems.len()), (0, 0, 0));
    let both_empty = stability_lens::analyse(&empty, &empty);
    assert_eq!(both_empty.verdict.as_str(), "compatible");
}

fn cli(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_stability-lens"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs")
}

#[test]
fn in_the_cli_per_file_problems_keep_the_usual_exit_code() {
    let output = cli(&[
        "diff",
        "tests/fixtures/hostile/baseline",
        "tests/fixtures/hostile/current",
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(1), "breaking, as the real change says");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["problems"].as_array().map(Vec::len), Some(5));
}

#[test]
fn in_the_cli_unreadable_inputs_exit_2_with_one_line() {
    for args in [
        vec!["diff", "--bundle", "tests/fixtures/bundles/truncated.bundle"],
        vec!["diff", "--bundle", "tests/fixtures/bundles/flipped.bundle"],
        vec!["diff", "--bundle", "tests/fixtures/bundles/delta-out-of-range.bundle"],
        vec![
            "diff",
            "tests/fixtures/archives/truncated.tar.gz",
            "tests/fixtures/archives/payments-2.0.0.zip",
        ],
        vec!["diff", "tests/fixtures/archives/corrupt.zip", "tests/fixtures/archives/payments-2.0.0.zip"],
        vec!["diff", "tests/fixtures/archives/bomb.tar.gz", "tests/fixtures/archives/payments-2.0.0.zip"],
        vec!["diff", "no/such/dir", "tests/fixtures/hostile/current"],
    ] {
        let output = cli(&args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{args:?}: one line, got {stderr}");
        assert!(output.stdout.is_empty(), "{args:?}: no report");
    }
}
