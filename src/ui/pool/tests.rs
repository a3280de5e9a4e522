//! The pool's recovery paths and report routing, each as the sequence of events the browser
//! would give (see the browser tests for the same paths end to end).

use super::*;

/// A picked side in the tests: its name.
struct Fake;
impl Handles for Fake {
    type Picked = &'static str;
    type Partial = usize;
    type File = &'static str;
    type Reply = u32;
}

const WORKERS: usize = 3;

fn ready_pool() -> Pool<Fake> {
    let mut pool = Pool::new(WORKERS);
    for index in 0..WORKERS {
        pool.worker_ready(index);
    }
    pool
}

/// Both sides picked as folders of `files` files, `analysed` of them read first per worker.
fn picked(pool: &mut Pool<Fake>, files: usize, analysed: usize) -> [u32; 2] {
    let kind = SideKind::Folder { files, analysed_per_worker: vec![analysed; WORKERS] };
    [pool.side_sent(Side::Baseline, "old", &kind), pool.side_sent(Side::Current, "new", &kind)]
}

/// Every worker processed `done` files of both sides (`finished`: its whole share).
fn processed(pool: &mut Pool<Fake>, generations: [u32; 2], done: usize, finished: bool) {
    for index in 0..WORKERS {
        for (side, generation) in [(Side::Baseline, generations[0]), (Side::Current, generations[1])] {
            pool.side_progress(index, side, generation, done);
            if finished {
                pool.side_done(index, side, generation);
            }
        }
    }
}

/// Collects and assembles what the pool asks for; returns whether it was a first report.
fn collect(pool: &mut Pool<Fake>) -> Option<bool> {
    let first = pool.next_collection()?;
    pool.collecting(first);
    let mut assembled = None;
    for index in 0..WORKERS {
        assembled = pool.partial_arrived(index, index, first);
    }
    assert_eq!(assembled, Some((0..WORKERS).collect()), "every worker's partial, in order");
    Some(first)
}

fn report(name: &str) -> Result<Arrived, String> {
    Ok((name.to_owned(), String::new()))
}

#[test]
fn a_report_computed_before_analyze_is_held_and_shown_at_the_click() {
    let mut pool = ready_pool();
    let generations = picked(&mut pool, 10, 2);
    processed(&mut pool, generations, 10, true);
    assert_eq!(collect(&mut pool), Some(false), "both sides processed: the complete report");
    assert_eq!(pool.next_collection(), None, "once");
    assert_eq!(pool.report_arrived(report("r"), 0.0), Route::Nothing, "held: Analyze was not clicked");
    assert_eq!(pool.analyze(), Some(report("r")));
    assert_eq!(pool.source_asked().map(|(_, origin)| origin), Ok(Origin::Trees([Some("old"), Some("new")])));
}

#[test]
fn a_report_for_a_replaced_pick_is_dropped() {
    let mut pool = ready_pool();
    let generations = picked(&mut pool, 10, 2);
    processed(&mut pool, generations, 10, true);
    collect(&mut pool);
    pool.side_sent(Side::Current, "newer", &SideKind::Archive { reader: 1 });
    assert_eq!(pool.analyze(), None, "the new pick is not processed yet");
    assert_eq!(pool.report_arrived(report("stale"), 0.0), Route::Nothing);
    assert_eq!(pool.side_progress(0, Side::Current, generations[1], 5), None, "old generation ignored");
}

#[test]
fn a_first_report_then_the_complete_one_in_its_place() {
    let mut pool = ready_pool();
    let generations = picked(&mut pool, 2000, 100);
    assert_eq!(pool.analyze(), None);
    processed(&mut pool, generations, 50, false);
    assert_eq!(pool.next_collection(), None, "analysed files not all processed");
    processed(&mut pool, generations, 100, false);
    assert!(pool.others_wait(Side::Baseline, 0.0), "other files wait while a first report comes");
    assert_eq!(collect(&mut pool), Some(true), "a first report");
    assert_eq!(
        pool.report_arrived(report("first"), 1000.0),
        Route::Show { result: report("first"), completes: false }
    );
    assert_eq!(pool.others_pending(), 2 * (2000 - 3 * 100));
    assert!(pool.first_in_progress(1200.0) && !pool.first_in_progress(1500.0), "quiet for 400 ms");
    processed(&mut pool, generations, 2000 / 3 + 1, true);
    assert_eq!(collect(&mut pool), Some(false));
    assert_eq!(
        pool.report_arrived(report("complete"), 2000.0),
        Route::Show { result: report("complete"), completes: true }
    );
}

#[test]
fn a_crash_while_parsing_leaves_that_file_out_and_sends_the_sides_again() {
    let mut pool = ready_pool();
    let generations = picked(&mut pool, 10, 2);
    let first = pool.worker_lost(1, "out of memory");
    assert!(first.recovering && first.message.contains("restarted"), "{}", first.message);
    assert_eq!(
        pool.containment(Side::Current),
        (true, Vec::new()),
        "careful from now on, nothing skipped yet"
    );
    let ready = pool.worker_ready(1);
    assert!(ready.all && ready.reopen_bundle.is_none());
    assert_eq!(ready.resend, vec![(Side::Baseline, "old"), (Side::Current, "new")]);
    let again = picked(&mut pool, 10, 2);
    assert!(again[0] > generations[0] && again[1] > generations[1]);
    pool.parsing(1, Side::Current, "pkg/deep.py".into());
    let second = pool.worker_lost(1, "too much recursion");
    assert!(second.message.contains("pkg/deep.py (current)"), "{}", second.message);
    let (careful, skip) = pool.containment(Side::Current);
    assert!(careful);
    assert_eq!(skip.len(), 1);
    assert_eq!(skip[0].0, "pkg/deep.py");
    assert!(skip[0].1.contains("too much recursion"), "{}", skip[0].1);
    assert!(pool.containment(Side::Baseline).1.is_empty());
    // A worker that finished its share parses nothing more: its next crash blames no file.
    pool.worker_ready(1);
    let again = picked(&mut pool, 10, 2);
    pool.parsing(2, Side::Baseline, "pkg/a.py".into());
    pool.side_done(2, Side::Baseline, again[0]);
    pool.worker_lost(2, "");
    assert!(pool.containment(Side::Baseline).1.is_empty());
    // Picking the side again starts over: nothing left out, no care needed.
    pool.picked_again(Side::Current);
    assert_eq!(pool.containment(Side::Current), (false, Vec::new()));
}

#[test]
fn analyze_clicked_while_a_worker_is_replaced_waits_for_the_sides_processed_again() {
    let mut pool = ready_pool();
    let generations = picked(&mut pool, 10, 2);
    processed(&mut pool, generations, 10, true);
    pool.worker_lost(1, "crashed");
    // The page keeps Analyze enabled while the pool recovers: the click is not lost.
    assert_eq!(pool.analyze(), None);
    assert_eq!(pool.next_collection(), None, "nothing is collected from a worker still loading");
    let ready = pool.worker_ready(1);
    assert_eq!(ready.resend.len(), 2);
    let again = picked(&mut pool, 10, 2);
    processed(&mut pool, again, 10, true);
    assert_eq!(collect(&mut pool), Some(false));
    assert_eq!(pool.report_arrived(report("r"), 0.0), Route::Show { result: report("r"), completes: false });
}

#[test]
fn a_crash_after_a_first_report_makes_the_report_again() {
    let mut pool = ready_pool();
    let generations = picked(&mut pool, 2000, 100);
    pool.analyze();
    processed(&mut pool, generations, 100, false);
    collect(&mut pool);
    pool.report_arrived(report("first"), 0.0);
    assert!(pool.others_pending() > 0);
    pool.worker_lost(2, "gone");
    assert_eq!(pool.others_pending(), 0, "no complete report is coming for the one shown");
    let ready = pool.worker_ready(2);
    assert_eq!(ready.resend.len(), 2);
    let again = picked(&mut pool, 2000, 100);
    processed(&mut pool, again, 100, false);
    assert_eq!(collect(&mut pool), Some(true), "Analyze still waits: a first report again");
    assert_eq!(
        pool.report_arrived(report("first again"), 0.0),
        Route::Show { result: report("first again"), completes: false }
    );
}

#[test]
fn a_crash_with_a_bundle_open_opens_it_again_quietly_and_runs_the_analysis_again() {
    let mut pool = ready_pool();
    pool.bundle_opening("repo.bundle");
    assert!(pool.bundle_opened(), "the page hears of the first opening");
    pool.fresh();
    pool.single_started(Single::Bundle { baseline: "v1".into(), current: "v2".into() });
    pool.parsing(0, Side::Current, "pkg/bad.py".into());
    let lost = pool.worker_lost(0, "crashed");
    assert!(lost.recovering);
    let ready = pool.worker_ready(0);
    assert_eq!(ready.reopen_bundle, Some("repo.bundle"));
    assert_eq!(ready.single, Some(Single::Bundle { baseline: "v1".into(), current: "v2".into() }));
    assert!(ready.resend.is_empty(), "no trees were picked");
    let (careful, skip) = pool.single_containment();
    assert!(careful && skip[1].len() == 1 && skip[0].is_empty(), "the bundle's file, not a picked side's");
    assert!(pool.containment(Side::Current).1.is_empty());
    assert!(!pool.bundle_opened(), "opened again quietly");
    pool.single_started(Single::Bundle { baseline: "v1".into(), current: "v2".into() });
    assert_eq!(
        pool.report_arrived(report("bundle"), 0.0),
        Route::Show { result: report("bundle"), completes: false }
    );
    assert_eq!(pool.source_asked().map(|(_, origin)| origin), Ok(Origin::Bundle));
}

#[test]
fn a_crash_while_a_bundle_opens_opens_it_in_the_replacement() {
    let mut pool = ready_pool();
    pool.bundle_opening("first.bundle");
    assert!(pool.bundle_opened());
    pool.bundle_opening("second.bundle");
    pool.worker_lost(0, "crashed");
    // The open bundle is opened again; the page's request for the second one failed with
    // the worker and is asked again by the reviewer.
    assert_eq!(pool.worker_ready(0).reopen_bundle, Some("first.bundle"));
}

#[test]
fn after_25_crashes_the_pool_gives_up() {
    let mut pool = ready_pool();
    picked(&mut pool, 10, 2);
    for crash in 1..=MAX_CRASHES {
        let lost = pool.worker_lost(1, "boom");
        assert!(lost.recovering, "crash {crash}");
        pool.worker_ready(1);
        picked(&mut pool, 10, 2);
    }
    let lost = pool.worker_lost(1, "boom");
    assert!(!lost.recovering);
    assert!(lost.message.contains("crashed 25 times"), "{}", lost.message);
    let ready = pool.worker_ready(1);
    assert!(ready.all && ready.resend.is_empty() && ready.single.is_none(), "nothing is sent again");
}

#[test]
fn evidence_asked_of_a_restarting_worker_is_refused_and_waiting_requests_fail() {
    let mut pool = ready_pool();
    assert!(pool.source_asked().is_err_and(|e| e.contains("saved or shared")), "nothing analysed here");
    pool.single_started(Single::Sample);
    pool.report_arrived(report("sample"), 0.0);
    let (number, origin) = pool.source_asked().unwrap();
    assert_eq!(origin, Origin::Sample);
    pool.source_waiting(number, 7);
    let (other, _) = pool.source_asked().unwrap();
    pool.source_waiting(other, 8);
    assert_eq!(pool.source_answered(other), Some(8));
    assert_eq!(pool.source_answered(other), None, "answered once");
    let lost = pool.worker_lost(0, "crashed");
    assert_eq!(lost.failed_sources, vec![7], "the request still waiting gets an error");
    assert!(pool.source_asked().is_err_and(|e| e.contains("restarting")));
    pool.worker_ready(0);
    assert!(pool.source_asked().is_ok());
    // Another worker's crash does not touch worker 0's requests.
    let (number, _) = pool.source_asked().unwrap();
    pool.source_waiting(number, 9);
    assert!(pool.worker_lost(2, "x").failed_sources.is_empty());
    assert_eq!(pool.source_unsent(number), Some(9));
}

#[test]
fn a_policy_edit_applies_only_when_worker_0_accepts_it() {
    let mut pool = ready_pool();
    pool.policy_applying(Some("[rules]".into()));
    assert_eq!(pool.report_arrived(Err("bad".into()), 0.0), Route::PolicyFailed("bad".into()));
    assert_eq!(pool.policy, None);
    pool.policy_applying(Some("exclude = []".into()));
    assert!(matches!(pool.report_arrived(report("rescored"), 0.0), Route::Show { .. }));
    assert_eq!(pool.policy.as_deref(), Some("exclude = []"));
    pool.policy_applying(None);
    pool.policy_refused();
    assert!(matches!(pool.report_arrived(report("late"), 0.0), Route::Show { .. }), "nothing waits");
}

#[test]
fn a_side_that_cannot_be_read_stops_analyze_waiting() {
    let mut pool = ready_pool();
    let generations = picked(&mut pool, 10, 2);
    pool.analyze();
    assert!(!pool.side_failed(Side::Baseline, generations[0] - 1), "an older pick");
    assert!(pool.side_failed(Side::Baseline, generations[0]));
    processed(&mut pool, generations, 10, true);
    collect(&mut pool);
    assert_eq!(pool.report_arrived(report("r"), 0.0), Route::Nothing, "held, as if not clicked");
}

#[test]
fn an_archive_side_is_read_by_one_worker() {
    let mut pool = ready_pool();
    let old = pool.side_sent(Side::Baseline, "old.tar.gz", &SideKind::Archive { reader: 0 });
    let new = pool.side_sent(Side::Current, "new.whl", &SideKind::Archive { reader: 1 });
    assert_eq!(pool.next_collection(), None);
    assert!(pool.side_done(0, Side::Baseline, old), "the other workers had nothing to do");
    assert!(pool.side_done(1, Side::Current, new));
    assert_eq!(pool.next_collection(), Some(false));
    assert!(!pool.others_wait(Side::Current, 0.0), "no folder side holds anything back");
}
