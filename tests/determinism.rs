//! Determinism: the same inputs give byte-identical JSON whatever the order files arrive in and
//! however many threads share the work (the browser's worker count is checked in
//! `tests/browser/safety.test.mjs`, the browser-vs-CLI equality in the other browser tests).

mod common;

use stability_lens::intake::SourceTree;
use stability_lens::pipeline::analyse_parallel;
use stability_lens::render::json;

/// A tree with the same files inserted in reverse order.
fn reversed(tree: &SourceTree) -> SourceTree {
    let mut files: Vec<(&str, &[u8])> = tree.files().collect();
    files.reverse();
    let mut copy = SourceTree::new(tree.label.clone());
    for (path, bytes) in files {
        copy.insert(path, bytes.to_vec());
    }
    copy
}

#[test]
fn the_same_json_for_any_thread_count_and_file_order() {
    for (baseline, current) in [
        ("www/sample/payments-1.4.0", "www/sample/payments-2.0.0"),
        ("tests/fixtures/hostile/baseline", "tests/fixtures/hostile/current"),
        ("tests/fixtures/injection/baseline", "tests/fixtures/injection/current"),
    ] {
        let (baseline, current) = common::folders(baseline, current);
        let reference = json::render(&stability_lens::analyse(&baseline, &current));
        for threads in [1, 2, 3, 8] {
            let parallel = json::render(&analyse_parallel(&baseline, &current, threads, None));
            assert_eq!(parallel, reference, "{threads} threads");
        }
        let shuffled = json::render(&stability_lens::analyse(&reversed(&baseline), &reversed(&current)));
        assert_eq!(shuffled, reference, "files in reverse order");
        let again = json::render(&stability_lens::analyse(&baseline, &current));
        assert_eq!(again, reference, "a second run");
    }
}
