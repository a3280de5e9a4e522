//! One step-2 path: the CLI, the native tests, `analyse_parallel` and every web worker process a
//! side through [`SideWork`]. This test drives it the way the browser does — each side's files
//! dealt to three workers in an order of their own, each worker planning its side from the paths
//! and build files alone ([`TreeInfo`]), the current side reusing a baseline outcome only where
//! that worker holds it, the partials merged — and checks the JSON equals [`analyse`]'s for every
//! fixture pair and every corpus pair that has been fetched.

mod common;

use std::path::Path;

use common::{corpus_pairs, fixture_pairs, read};
use stability_lens::intake::SourceTree;
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
    let pairs = fixture_pairs();
    for (baseline, current) in &pairs {
        check(baseline, current);
    }
}

/// The corpus pairs (`PAIRS` and `EXTRA_PAIRS` of `scripts/fetch-corpus.py`, which the README's
/// test command runs).
#[test]
fn every_corpus_pair_gives_the_same_json_by_every_path() {
    let pairs = corpus_pairs();
    for (old, new) in &pairs {
        check(old, new);
    }
    eprintln!("{} corpus pairs checked", pairs.len());
}
