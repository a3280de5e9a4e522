//! Phase timings of the pipeline on real code: `cargo bench --bench pipeline [-- NAME…]`.
//!
//! For each corpus pair (from `scripts/fetch-corpus.py`, in `$STABILITY_LENS_CORPUS` or
//! `/tmp/corpus`) and each release-history bundle there: read, plan (discovery), process (digest,
//! parse, extract — one thread and all threads), assemble (compare, report), render JSON; bundles:
//! open and index, materialise two trees. Prints a table; the best of `RUNS` (default 3) runs.
//! A bench binary rather than criterion: whole-corpus runs take seconds, and what matters is the
//! phase breakdown, not nanosecond statistics.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use stability_lens::intake::archive::Limits;
use stability_lens::intake::bundle::Bundle;
use stability_lens::intake::{folder, SourceTree};
use stability_lens::pipeline::{self, Partial, Plan};

const PAIRS: &[(&str, &str, &str)] = &[
    ("requests", "2.28.2", "2.32.3"),
    ("click", "7.1.2", "8.1.7"),
    ("flask", "2.3.3", "3.0.3"),
    ("attrs", "22.2.0", "23.2.0"),
    ("django", "4.2.11", "5.0.4"),
];

fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best: Option<(Duration, T)> = None;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        let value = f();
        let elapsed = start.elapsed();
        if best.as_ref().is_none_or(|(b, _)| elapsed < *b) {
            best = Some((elapsed, value));
        }
    }
    best.expect("at least one run")
}

fn ms(d: Duration) -> String {
    format!("{:>8.1}", d.as_secs_f64() * 1000.0)
}

fn python_bytes(tree: &SourceTree) -> usize {
    tree.files().filter(|(p, _)| p.ends_with(".py")).map(|(_, b)| b.len()).sum()
}

fn main() {
    let filters: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let corpus =
        PathBuf::from(std::env::var("STABILITY_LENS_CORPUS").unwrap_or_else(|_| "/tmp/corpus".into()));
    let runs: usize = std::env::var("RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(3);
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    println!("pipeline phases, best of {runs} (ms); {threads} threads for the parallel column");
    println!(
        "{:<22} {:>8} {:>9} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>9}",
        "pair", "py MB", "files", "read", "plan", "process", "proc‖", "assemble", "json", "MB/s (‖)"
    );
    for (name, old, new) in PAIRS {
        if !filters.is_empty() && !filters.iter().any(|f| name.contains(f.as_str())) {
            continue;
        }
        let (root_old, root_new) = (corpus.join(name).join(old), corpus.join(name).join(new));
        if !root_old.is_dir() || !root_new.is_dir() {
            println!("{name:<22} skipped: run scripts/fetch-corpus.py");
            continue;
        }
        let (read, (baseline, current)) = best(runs, || {
            (folder::read(&root_old, old).expect("baseline"), folder::read(&root_new, new).expect("current"))
        });
        let (plan_time, plan) = best(runs, || Plan::for_trees(&baseline, &current));
        let (process, partial) = best(runs, || {
            let plans = [plan.baseline.clone(), plan.current.clone()];
            let works = pipeline::process_share(
                plans,
                [&baseline, &current],
                (0, 1),
                Default::default(),
                &mut |_| {},
            );
            let mut partial = Partial::default();
            for work in works {
                work.into_partial(&mut partial);
            }
            partial
        });
        let (parallel, _) = best(runs, || pipeline::analyse_parallel(&baseline, &current, threads, None));
        let (assemble, report) = best(runs, || plan.assemble(partial.clone(), None));
        let (json, _) = best(runs, || stability_lens::render::json::render(&report));
        let mb = (python_bytes(&baseline) + python_bytes(&current)) as f64 / 1e6;
        println!(
            "{:<22} {:>8.1} {:>9} {} {} {} {} {} {} {:>4.0} ({:.0})",
            format!("{name} {old}→{new}"),
            mb,
            baseline.len() + current.len(),
            ms(read),
            ms(plan_time),
            ms(process),
            ms(parallel),
            ms(assemble),
            ms(json),
            mb / process.as_secs_f64(),
            mb / parallel.as_secs_f64()
        );
    }
    let bundles = corpus.join("bundles");
    for entry in std::fs::read_dir(&bundles).into_iter().flatten().flatten() {
        let path = entry.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if !filters.is_empty() && !filters.iter().any(|f| name.contains(f.as_str())) {
            continue;
        }
        let bytes = std::fs::read(&path).expect("bundle");
        let (open, bundle) = best(runs, || Bundle::open(&bytes, &Limits::default()).expect("bundle opens"));
        let Some((old_rev, new_rev)) = bundle.default_revisions() else { continue };
        let (old, new) = (bundle.resolve(&old_rev).expect("rev"), bundle.resolve(&new_rev).expect("rev"));
        let (trees, _) =
            best(runs, || (bundle.tree(old, "a").expect("tree"), bundle.tree(new, "b").expect("tree")));
        println!(
            "bundle {name}: {:.1} MB, {} objects — open+index {} ms, two trees ({old_rev}, {new_rev}) {} ms",
            bytes.len() as f64 / 1e6,
            bundle.object_count(),
            ms(open).trim(),
            ms(trees).trim()
        );
    }
}
