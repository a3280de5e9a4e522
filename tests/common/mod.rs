//! Shared by the integration tests: two folders of the repository read and analysed.
#![allow(dead_code)] // each test crate uses its own part

use std::path::{Path, PathBuf};

use stability_lens::intake::{folder, SourceTree};
use stability_lens::report::Report;

/// Reads two folders given relative to the crate root, each labelled with its last component.
pub fn folders(baseline: &str, current: &str) -> (SourceTree, SourceTree) {
    let read = |relative: &str| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
        let label = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        folder::read(&path, &label).unwrap_or_else(|error| panic!("{relative}: {error}"))
    };
    (read(baseline), read(current))
}

/// Analyses two folders given relative to the crate root (see [`folders`]).
pub fn analyse_folders(baseline: &str, current: &str) -> Report {
    let (baseline, current) = folders(baseline, current);
    stability_lens::analyse(&baseline, &current)
}

/// A folder read as a tree labelled with its last component.
pub fn read(path: &Path) -> SourceTree {
    let label = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    folder::read(path, &label).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn pairs_under(root: &Path, found: &mut Vec<(PathBuf, PathBuf)>) {
    let (baseline, current) = (root.join("baseline"), root.join("current"));
    if baseline.is_dir() && current.is_dir() {
        found.push((baseline, current));
        return;
    }
    let Ok(entries) = std::fs::read_dir(root) else { return };
    let mut children: Vec<PathBuf> = entries.flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
    children.sort();
    for child in children {
        pairs_under(&child, found);
    }
}

/// The sample pair and every fixture pair under `tests/fixtures` (API, compliance, reading).
pub fn fixture_pairs() -> Vec<(PathBuf, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut pairs = vec![(root.join("www/sample/payments-1.4.0"), root.join("www/sample/payments-2.0.0"))];
    pairs_under(&root.join("tests/fixtures"), &mut pairs);
    assert!(pairs.len() > 60, "only {} fixture pairs found", pairs.len());
    pairs
}

/// The corpus pairs that have been fetched (`PAIRS` and `EXTRA_PAIRS` of
/// `scripts/fetch-corpus.py`, which the README's test command runs, into
/// `$STABILITY_LENS_CORPUS` or `/tmp/corpus`); a pair not fetched is skipped with a note.
pub fn corpus_pairs() -> Vec<(PathBuf, PathBuf)> {
    let corpus =
        PathBuf::from(std::env::var("STABILITY_LENS_CORPUS").unwrap_or_else(|_| "/tmp/corpus".into()));
    let script =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/fetch-corpus.py"))
            .expect("scripts/fetch-corpus.py");
    let pairs: Vec<Vec<&str>> = script
        .lines()
        .filter_map(|line| line.trim().strip_prefix("(\"").and_then(|rest| rest.split_once(')')))
        .map(|(inside, _)| {
            inside.split('"').filter(|part| !part.trim().is_empty() && *part != ", ").collect()
        })
        .filter(|parts: &Vec<&str>| parts.len() == 3)
        .collect();
    assert!(pairs.len() >= 24, "{} pairs read from scripts/fetch-corpus.py", pairs.len());
    let mut found = Vec::new();
    for pair in &pairs {
        let [name, old, new] = pair.as_slice() else { continue };
        let (old, new) = (corpus.join(name).join(old), corpus.join(name).join(new));
        if old.is_dir() && new.is_dir() {
            found.push((old, new));
        } else {
            eprintln!("skipped {name}: not in {} (run scripts/fetch-corpus.py)", corpus.display());
        }
    }
    found
}
