//! One step-2 path: the CLI, the native tests, `analyse_parallel` and every web worker process a
//! side through [`SideWork`]. This test drives it the way the browser does — each side's files
//! dealt to three workers in an order of their own, each worker planning its side from the paths
//! and build files alone ([`TreeInfo`]), the current side reusing a baseline outcome only where
//! that worker holds it, the partials merged — and checks the JSON equals [`analyse`]'s for every
//! fixture pair and every corpus pair that has been fetched.

mod common;

use std::path::{Path, PathBuf};

use stability_lens::intake::{folder, SourceTree};
use stability_lens::pipeline::{analyse_parallel, Partial, Plan, SideWork, TreeInfo};
use stability_lens::problem::Side;
use stability_lens::render::json;

const WORKERS: usize = 3;

/// The report as the app's pool of workers makes it.
fn as_the_workers_do(baseline: &SourceTree, current: &SourceTree) -> String {
    let infos = [TreeInfo::of(baseline), TreeInfo::of(current)];
    let mut workers: Vec<[SideWork; 2]> = (0..WORKERS)
        .map(|_| {
            [
                SideWork::new(Side::Baseline, 1, infos[0].plan()),
                SideWork::new(Side::Current, 1, infos[1].plan()),
            ]
        })
        .collect();
    // The page hands files over in reading order, not sorted: deal them out from the end.
    for (side, tree) in [baseline, current].into_iter().enumerate() {
        let files: Vec<(&str, &[u8])> = tree.files().collect();
        for (index, (path, bytes)) in files.into_iter().rev().enumerate() {
            let [old, new] = &mut workers[index % WORKERS];
            if side == 0 {
                old.add(path, bytes, None);
            } else {
                new.add(path, bytes, Some(old));
            }
        }
    }
    let mut partial = Partial::default();
    for [old, new] in workers {
        let mut mine = Partial::default();
        old.into_partial(&mut mine);
        new.into_partial(&mut mine);
        partial.merge(mine);
    }
    let plan = Plan::new(infos[0].plan(), infos[1].plan());
    json::render(&plan.assemble(partial, None))
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

fn read(path: &Path) -> SourceTree {
    let label = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    folder::read(path, &label).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn check(baseline: &Path, current: &Path) {
    let (old, new) = (read(baseline), read(current));
    let reference = json::render(&stability_lens::analyse(&old, &new));
    assert_eq!(as_the_workers_do(&old, &new), reference, "workers: {}", baseline.display());
    assert_eq!(
        json::render(&analyse_parallel(&old, &new, 3, None)),
        reference,
        "threads: {}",
        baseline.display()
    );
}

#[test]
fn every_fixture_pair_gives_the_same_json_by_every_path() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut pairs = vec![(root.join("www/sample/payments-1.4.0"), root.join("www/sample/payments-2.0.0"))];
    pairs_under(&root.join("tests/fixtures"), &mut pairs);
    assert!(pairs.len() > 60, "only {} fixture pairs found", pairs.len());
    for (baseline, current) in &pairs {
        check(baseline, current);
    }
}

/// The corpus pairs (`PAIRS` and `EXTRA_PAIRS` of `scripts/fetch-corpus.py`, which the README's
/// test command runs).
#[test]
fn every_corpus_pair_gives_the_same_json_by_every_path() {
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
    let mut checked = 0;
    for pair in &pairs {
        let [name, old, new] = pair.as_slice() else { continue };
        let (old, new) = (corpus.join(name).join(old), corpus.join(name).join(new));
        if old.is_dir() && new.is_dir() {
            check(&old, &new);
            checked += 1;
        } else {
            eprintln!("skipped {name}: not in {} (run scripts/fetch-corpus.py)", corpus.display());
        }
    }
    eprintln!("{checked} of {} corpus pairs checked", pairs.len());
}
