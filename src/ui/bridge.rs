//! The page's side of the worker protocol ([`crate::worker`]): a pool of web workers — as many as
//! the machine has cores, up to four — that process each side as soon as it is picked, and
//! worker 0, which assembles the report and handles the sample and git bundles.
//!
//! A picked folder is read here with `file.arrayBuffer()` (see `crate::worker` for why), Python
//! files first, a few hundred reads in flight; each file's bytes go, transferred, to the worker
//! its path hashes to — so both versions of a path meet in the same worker, which parses a file
//! identical on both sides once. Work starts at the pick, not at the click: by the time the
//! reviewer clicks Analyze, most of it is done. A worker that dies is replaced and the sides are
//! sent again, so the page stays usable.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ErrorEvent, MessageEvent, Worker, WorkerOptions, WorkerType};
use yew::{Callback, UseReducerDispatcher};

use super::picked::{Picked, PickedFolder};
use super::state::{Action, AppState};
use crate::pipeline::{read_first, PolicyText};
use crate::problem::Side;
use crate::worker::protocol::{self, Reply, Request, Skip, SourceAt, SourceFrom};

/// Where trunk puts the worker's loader (named after the `worker` binary, never hashed).
const WORKER_URL: &str = "./worker_loader.js";

/// Files read per step, and steps kept in flight. Chromium reads a folder's files at the same
/// pace with 8 or 512 reads in flight (Django's 6,720 files: ~2.2 s); but reads already asked
/// for go on while the page's thread is busy (Chromium blocks it ~1.6 s while it takes in a
/// second folder of that size), so the analysed files are asked for many at a time, the others
/// few at a time so the other side's analysed files can overtake them. One step of the page's
/// work stays far below a long task.
const READ_CHUNK: usize = 50;
const ANALYSED_CHUNKS_IN_FLIGHT: usize = 40;
const OTHER_CHUNKS_IN_FLIGHT: usize = 10;

/// A running worker and the handlers attached to it (kept alive as long as the worker).
///
/// Raw `onmessage`/`onerror` handlers, not gloo's `EventListener`: a dead worker's handlers are
/// detached while one of them is running (see `lost`), and an `EventListener` detaches only by
/// being dropped, which would free the running closure.
struct Running {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

/// What the pool knows about one side's processing.
#[derive(Default)]
struct SideState {
    picked: Option<Rc<Picked>>,
    generation: u32,
    processed: Vec<usize>,
    finished: Vec<bool>,
    /// A picked folder: how many files read first ([`read_first`]) each worker gets. They are
    /// sent first, so a worker that processed that many has them all.
    analysed: Option<Vec<usize>>,
    /// Analysed files of a picked folder not read yet: the other side's remaining files wait.
    analysed_unread: usize,
    /// Files of a picked folder only the file-level comparison reads.
    others: usize,
}

impl SideState {
    fn ready(&self) -> bool {
        self.picked.is_some() && self.finished.iter().all(|f| *f)
    }

    /// Every file the API and the rules read is processed (others may still be on their way).
    fn analysable(&self) -> bool {
        self.ready()
            || self.analysed.as_ref().is_some_and(|analysed| {
                self.picked.is_some()
                    && self.processed.iter().zip(analysed).all(|(done, wanted)| done >= wanted)
            })
    }

    fn progress(&self) -> (usize, usize) {
        let total = match self.picked.as_deref() {
            Some(Picked::Folder(folder)) => folder.files.len(),
            _ => self.processed.iter().sum::<usize>().max(1),
        };
        (self.processed.iter().sum(), total)
    }
}

/// What a report that worker 0 will send is for, in the order they were asked for.
enum ReportFor {
    /// The two trees, as picked in these generations.
    Trees([u32; 2]),
    /// The first report of the two trees: every analysed file, the others still being read.
    First([u32; 2]),
    /// The sample, or a bundle.
    Other(Origin),
    /// The last analysis under a policy edited in the page (`None`: the tree's own again).
    Policy(Option<String>),
}

/// Where the report shown was analysed from: where a finding's source is read again from.
#[derive(Clone)]
enum Origin {
    Trees([Option<Rc<Picked>>; 2]),
    Sample,
    /// A bundle: the commits come with each request, from the report (ids are content hashes, so
    /// even another bundle holding them gives the same files).
    Bundle,
}

/// An analysis worker 0 runs alone (the sample, a bundle), kept so it can run again — carefully,
/// without the file it died on — if the worker crashes.
#[derive(Clone)]
enum Single {
    Sample,
    Bundle { baseline: String, current: String },
}

/// A report as worker 0 sends it: the JSON and the text of the current tree's policy file.
type Arrived = (String, String);

/// The partials of one assembly, as the workers send them.
struct Collecting {
    generations: [u32; 2],
    partials: Vec<Option<js_sys::Uint8Array>>,
}

/// Files still to process below which Analyze waits for the complete report rather than show a
/// first one (at ~0.3–1 ms a file the rest is due in well under a second, and two reports in a
/// row cost the page a long task on flask).
const FIRST_REPORT_MIN_FILES_LEFT: usize = 1000;

/// How long reading other files waits once a first report is shown ([`Pool::quiet_until`]).
const FIRST_REPORT_QUIET_MS: f64 = 400.0;

/// Crashes after which the pool stops resending the sides (each crash leaves one file out).
const MAX_CRASHES: usize = 25;

/// The name a policy edited in the page goes by in reports and errors.
pub const EDITED_POLICY: &str = "policy edited in the page";

#[derive(Default)]
struct Pool {
    workers: Vec<Option<Running>>,
    /// Workers replaced after a crash, kept until a replacement is ready (see [`Bridge::lost`]).
    retired: Vec<Running>,
    ready: Vec<bool>,
    sides: [SideState; 2],
    /// Analyze was clicked and waits for the trees' report.
    analyze_pending: bool,
    /// Partials being collected for the complete report, and for a first report.
    partials: Option<Collecting>,
    first_partials: Option<Collecting>,
    /// A first report is shown (for these generations): the complete one replaces it on arrival.
    completing: Option<[u32; 2]>,
    /// Until when (`now()`, ms) reading other files waits after a first report is shown, so its
    /// first render and first rows have the CPU (on two cores the busy workers and Chromium's
    /// reading stretched its first task past 100 ms).
    quiet_until: f64,
    reports: VecDeque<ReportFor>,
    /// The trees' report computed before Analyze was clicked (the work starts at the pick).
    speculative: Option<([u32; 2], Result<Arrived, String>)>,
    /// The policy edited in the page, used for every analysis until it is reset.
    policy: Option<String>,
    /// Crash containment. After a worker dies, workers announce each Python file before parsing
    /// it (`careful`); when one dies again, the file it announced last is left out of that side
    /// (`skipped`, with the reason) and everything else is analysed again.
    careful: bool,
    crashes: usize,
    last_parsing: Vec<Option<(Side, String)>>,
    skipped: [Vec<(String, String)>; 2],
    /// The same for the sample or a bundle, run by worker 0 alone (their paths are not the picked
    /// trees').
    single_skipped: [Vec<(String, String)>; 2],
    /// Sides to send again once every worker is ready (after a crash), and a sample or bundle
    /// analysis to run again.
    resend: Vec<(Side, Rc<Picked>)>,
    resend_single: Option<Single>,
    /// The bundle being opened, then the bundle open in worker 0 (opened again, quietly, in a
    /// replacement worker), and the analysis it runs alone, if any.
    opening_bundle: Option<web_sys::File>,
    bundle_file: Option<web_sys::File>,
    single: Option<Single>,
    /// A bundle is being opened again after a crash: its summary is not news to the page.
    reopening: bool,
    /// Where the report shown came from (`None`: nothing analysed here, or a saved report).
    shown: Option<Origin>,
    /// Evidence requests waiting for worker 0, by number.
    sources: Vec<(u32, Callback<Result<String, String>>)>,
    next_source: u32,
}

impl Pool {
    fn generations(&self) -> [u32; 2] {
        [self.sides[0].generation, self.sides[1].generation]
    }

    fn both_ready(&self) -> bool {
        self.sides.iter().all(SideState::ready)
    }

    /// Whether the trees' report for the current picks is computed or being computed.
    fn picked(&self) -> Origin {
        Origin::Trees([self.sides[0].picked.clone(), self.sides[1].picked.clone()])
    }

    fn assembling_current(&self) -> bool {
        let current = self.generations();
        self.speculative.as_ref().is_some_and(|(g, _)| *g == current)
            || self.partials.as_ref().is_some_and(|c| c.generations == current)
            || self.reports.iter().any(|r| matches!(r, ReportFor::Trees(g) if *g == current))
    }

    /// Whether a first report for the current picks will be shown: Analyze waits, enough files
    /// are left, and none is shown yet. Meanwhile other files wait, so the analysed ones (and
    /// then the first report's assembly) have the CPU.
    fn first_coming(&self) -> bool {
        let left: usize = self
            .sides
            .iter()
            .map(|side| {
                let (done, total) = side.progress();
                total.saturating_sub(done)
            })
            .sum();
        self.analyze_pending
            && !self.both_ready()
            && left >= FIRST_REPORT_MIN_FILES_LEFT
            && self.completing != Some(self.generations())
    }

    /// Whether a first report for the current picks is wanted: one is coming, every analysed
    /// file is processed, and none was asked for yet.
    fn first_wanted(&self) -> bool {
        let current = self.generations();
        self.first_coming()
            && self.sides.iter().all(SideState::analysable)
            && self.first_partials.as_ref().is_none_or(|c| c.generations != current)
            && !self.reports.iter().any(|r| matches!(r, ReportFor::First(g) if *g == current))
    }

    /// A first report is coming, being collected or assembled, or was just shown: reading other
    /// files waits meanwhile (on two cores it slowed the assembly threefold).
    fn first_in_progress(&self) -> bool {
        self.first_coming()
            || self.first_partials.is_some()
            || self.reports.iter().any(|r| matches!(r, ReportFor::First(_)))
            || now() < self.quiet_until
    }

    /// Files still being compared while a first report is shown.
    fn others_pending(&self) -> usize {
        if self.completing.is_some() {
            self.sides.iter().map(|side| side.others).sum()
        } else {
            0
        }
    }
}

#[derive(Clone)]
pub struct Bridge {
    pool: Rc<RefCell<Pool>>,
    dispatch: UseReducerDispatcher<AppState>,
}

impl PartialEq for Bridge {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.pool, &other.pool)
    }
}

fn pool_size() -> usize {
    let cores = web_sys::window().map(|w| w.navigator().hardware_concurrency()).unwrap_or(2.0);
    (cores as usize).clamp(1, 4)
}

/// Which worker a path goes to: the same for both sides (FNV-1a of the path).
fn worker_for(path: &str, workers: usize) -> usize {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in path.bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash as usize % workers.max(1)
}

/// The policy a request carries: the one edited in the page, if any.
fn edited_policy(text: Option<&str>) -> Option<PolicyText> {
    text.map(|text| PolicyText { name: EDITED_POLICY.to_owned(), text: text.to_owned() })
}

impl Bridge {
    pub fn new(dispatch: UseReducerDispatcher<AppState>) -> Bridge {
        let size = pool_size();
        let bridge = Bridge { pool: Rc::new(RefCell::new(Pool::default())), dispatch };
        {
            let mut pool = bridge.pool.borrow_mut();
            pool.workers = (0..size).map(|_| None).collect();
            pool.ready = vec![false; size];
            pool.last_parsing = vec![None; size];
        }
        for index in 0..size {
            bridge.start(index);
        }
        bridge
    }

    fn size(&self) -> usize {
        self.pool.borrow().workers.len()
    }

    fn start(&self, index: usize) {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Classic);
        let Ok(worker) = Worker::new_with_options(WORKER_URL, &options) else {
            self.dispatch.dispatch(Action::WorkerLost {
                message: "the analysis worker could not be started".into(),
                recovering: false,
            });
            return;
        };
        let bridge = self.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            // A message that does not read as a reply comes from no worker of ours: ignored.
            if let Ok(message) = protocol::from_js::<Reply>(event.data()) {
                bridge.receive(index, message);
            }
        });
        let restart = self.clone();
        let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
            event.prevent_default();
            restart.lost(index, event.message());
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let mut pool = self.pool.borrow_mut();
        if let Some(slot) = pool.workers.get_mut(index) {
            *slot = Some(Running { worker, _on_message: on_message, _on_error: on_error });
        }
    }

    /// A worker died: replace it and send the sides again — the first time announcing each file
    /// before parsing it, then without the file it died on (reported as a problem instead).
    fn lost(&self, index: usize, detail: String) {
        let detail = if detail.is_empty() { "it stopped unexpectedly".to_owned() } else { detail };
        let (picked, culprit, gave_up) = {
            let mut pool = self.pool.borrow_mut();
            pool.crashes += 1;
            let culprit = pool.last_parsing.get_mut(index).and_then(Option::take);
            let single = index == 0 && pool.reports.iter().any(|r| matches!(r, ReportFor::Other(_)));
            if let Some((side, path)) = &culprit {
                let reason = format!("the analyser crashed on this file ({detail}); it was left out and everything else analysed");
                let list = if single { &mut pool.single_skipped } else { &mut pool.skipped };
                side.of_mut(list).push((path.clone(), reason));
            }
            pool.careful = true;
            let waiting = if index == 0 { std::mem::take(&mut pool.sources) } else { Vec::new() };
            for (_, reply) in waiting {
                reply.emit(Err(format!("the analysis worker stopped ({detail}); open the finding again")));
            }
            if let Some(Some(old)) = pool.workers.get_mut(index).map(Option::take) {
                // Detached first: events the dead worker queued must not reach its handlers, and
                // the handler running now (this error's) is dropped only once it has returned.
                old.worker.set_onmessage(None);
                old.worker.set_onerror(None);
                old.worker.terminate();
                pool.retired.push(old);
            }
            if let Some(ready) = pool.ready.get_mut(index) {
                *ready = false;
            }
            // A pending Analyze stays pending: the report shows once the sides are processed again.
            // So does a pending sample or bundle analysis: worker 0 runs it again once replaced.
            if index == 0 {
                pool.resend_single = if single { pool.single.clone() } else { None };
            }
            pool.partials = None;
            pool.first_partials = None;
            pool.reports.clear();
            pool.speculative = None;
            // A first report shown waits for its complete version: the sides processed again
            // give a new report (first, then complete), shown in its place.
            if pool.completing.take().is_some() {
                pool.analyze_pending = true;
            }
            let picked: Vec<(Side, Rc<Picked>)> = [Side::Baseline, Side::Current]
                .into_iter()
                .filter_map(|side| side.of(&pool.sides).picked.clone().map(|p| (side, p)))
                .collect();
            (picked, culprit, pool.crashes > MAX_CRASHES)
        };
        let single = self.pool.borrow().resend_single.is_some();
        let message = match (&culprit, gave_up) {
            (_, true) => format!("the analysis workers crashed {MAX_CRASHES} times ({detail}); pick the folders again to retry"),
            (Some((side, path)), _) => format!("an analysis worker crashed on {} ({side}) and was restarted; the file is left out and listed as a problem", path, side = side.as_str()),
            (None, _) => format!("an analysis worker stopped ({detail}); it was restarted and the files are read again"),
        };
        self.dispatch
            .dispatch(Action::WorkerLost { message, recovering: !gave_up && (!picked.is_empty() || single) });
        // A new worker drops what is posted before it has loaded: resend once it says it is ready.
        if gave_up {
            self.pool.borrow_mut().resend_single = None;
        } else {
            self.pool.borrow_mut().resend = picked;
        }
        self.start(index);
    }

    /// Posts a request to worker `index`, moving the buffers in `transfer` rather than copying.
    fn post_to(&self, index: usize, message: &Request, transfer: Option<&Array>) -> bool {
        let pool = self.pool.borrow();
        let Some(Some(running)) = pool.workers.get(index) else { return false };
        let message = protocol::to_js(message);
        let sent = match transfer {
            Some(transfer) => running.worker.post_message_with_transfer(&message, transfer),
            None => running.worker.post_message(&message),
        };
        sent.is_ok()
    }

    /// Posts to worker 0; on failure reports it and returns `false`.
    fn post(&self, message: &Request) -> bool {
        let ok = self.post_to(0, message, None);
        if !ok {
            self.dispatch.dispatch(Action::Failed { message: "the analysis worker is not running".into() });
        }
        ok
    }

    fn receive(&self, index: usize, incoming: Reply) {
        match incoming {
            Reply::Ready => {
                let all = {
                    let mut pool = self.pool.borrow_mut();
                    pool.retired.clear();
                    if let Some(ready) = pool.ready.get_mut(index) {
                        *ready = true;
                    }
                    pool.ready.iter().all(|r| *r)
                };
                if index == 0 {
                    // A replacement worker 0 has no bundle open: open it again, quietly.
                    let file = {
                        let mut pool = self.pool.borrow_mut();
                        let file = pool.bundle_file.clone().filter(|_| pool.crashes > 0);
                        pool.reopening = file.is_some();
                        file
                    };
                    if let Some(file) = file {
                        self.post(&Request::BundleOpen { file });
                    }
                }
                if all {
                    self.dispatch.dispatch(Action::WorkerReady);
                    let (resend, single) = {
                        let mut pool = self.pool.borrow_mut();
                        (std::mem::take(&mut pool.resend), pool.resend_single.take())
                    };
                    for (side, picked) in resend {
                        self.send_side(side, picked);
                    }
                    if let Some(single) = single {
                        self.run_single(single);
                    }
                }
            }
            Reply::SideProgress { side, generation, done } => {
                let progress = {
                    let mut pool = self.pool.borrow_mut();
                    let state = side.of_mut(&mut pool.sides);
                    if state.generation != generation {
                        return;
                    }
                    if let Some(slot) = state.processed.get_mut(index) {
                        *slot = done;
                    }
                    state.progress()
                };
                self.dispatch.dispatch(Action::SideProgress { side, done: progress.0, total: progress.1 });
                self.advance();
            }
            Reply::Parsing { side, path } => {
                if let Some(slot) = self.pool.borrow_mut().last_parsing.get_mut(index) {
                    *slot = Some((side, path));
                }
            }
            Reply::SideDone { side, generation } => {
                let ready = {
                    let mut pool = self.pool.borrow_mut();
                    // Its parsing is over: a later crash (serving evidence, say) is no file's fault.
                    if let Some(slot) = pool.last_parsing.get_mut(index) {
                        *slot = None;
                    }
                    let state = side.of_mut(&mut pool.sides);
                    if state.generation != generation {
                        return;
                    }
                    if let Some(slot) = state.finished.get_mut(index) {
                        *slot = true;
                    }
                    state.ready()
                };
                if ready {
                    self.dispatch.dispatch(Action::SideReady { side });
                    self.advance();
                }
            }
            Reply::Partial { bytes, first } => {
                let assemble = {
                    let mut pool = self.pool.borrow_mut();
                    let current = pool.generations();
                    let collecting = if first { &mut pool.first_partials } else { &mut pool.partials };
                    let Some(collection) = collecting.as_mut() else { return };
                    if collection.generations != current {
                        return;
                    }
                    if let Some(slot) = collection.partials.get_mut(index) {
                        *slot = Some(bytes);
                    }
                    if collection.partials.iter().all(Option::is_some) {
                        let Some(Collecting { generations, partials }) = collecting.take() else { return };
                        pool.reports.push_back(if first {
                            ReportFor::First(generations)
                        } else {
                            ReportFor::Trees(generations)
                        });
                        Some(partials)
                    } else {
                        None
                    }
                };
                if let Some(partials) = assemble {
                    let list: Array = partials.into_iter().flatten().map(JsValue::from).collect();
                    let transfer: Array = list
                        .iter()
                        .map(|bytes| JsValue::from(js_sys::Uint8Array::from(bytes).buffer()))
                        .collect();
                    let policy = edited_policy(self.pool.borrow().policy.as_deref());
                    let message = Request::Assemble { partials: list, first, policy };
                    if !self.post_to(0, &message, Some(&transfer)) {
                        self.dispatch.dispatch(Action::Failed {
                            message: "the analysis worker is not running".into(),
                        });
                    }
                }
            }
            Reply::SideFailed { side, generation, message } => {
                let current = {
                    let mut pool = self.pool.borrow_mut();
                    let current = side.of(&pool.sides).generation == generation;
                    if current {
                        pool.analyze_pending = false;
                    }
                    current
                };
                if current {
                    self.dispatch.dispatch(Action::SideFailed { side, message });
                }
            }
            Reply::Progress { phase, done, total } => {
                self.dispatch.dispatch(Action::Progress { phase, done, total })
            }
            Reply::Report { json, policy } => self.report_arrived(Ok((json, policy))),
            Reply::PolicyError { line, column, message } => {
                self.pool.borrow_mut().reports.pop_front();
                self.dispatch.dispatch(Action::PolicyError { line, column, message });
            }
            Reply::Error { message, request }
                if matches!(request.as_str(), "assemble" | "sample" | "bundle-analyze" | "policy") =>
            {
                self.report_arrived(Err(message))
            }
            Reply::Error { message, .. } => self.dispatch.dispatch(Action::Failed { message }),
            Reply::Bundle { json } => {
                let quiet = {
                    let mut pool = self.pool.borrow_mut();
                    let quiet = std::mem::take(&mut pool.reopening);
                    if !quiet {
                        pool.bundle_file = pool.opening_bundle.take();
                    }
                    quiet
                };
                if !quiet {
                    self.dispatch.dispatch(Action::BundleOpened { json });
                }
            }
            Reply::Range { json } => self.dispatch.dispatch(Action::Range { json }),
            Reply::RangeError { message } => self.dispatch.dispatch(Action::RangeError { message }),
            Reply::Source { request, result } => {
                let reply = {
                    let mut pool = self.pool.borrow_mut();
                    let found = pool.sources.iter().position(|(number, _)| *number == request);
                    found.map(|at| pool.sources.remove(at).1)
                };
                if let Some(reply) = reply {
                    reply.emit(result);
                }
            }
        }
    }

    /// A side was picked: start processing it in the pool at once.
    /// A side was picked: start processing it, with nothing left out.
    pub fn pick(&self, side: Side, picked: Rc<Picked>) {
        {
            let mut pool = self.pool.borrow_mut();
            side.of_mut(&mut pool.skipped).clear();
            pool.crashes = 0;
            pool.careful = false;
        }
        self.send_side(side, picked);
    }

    /// Sends a side to the workers (as a new generation), with the pool's crash containment.
    fn send_side(&self, side: Side, picked: Rc<Picked>) {
        let size = self.size();
        let (careful, skip): (bool, Skip) = {
            let pool = self.pool.borrow();
            (pool.careful, side.of(&pool.skipped).clone())
        };
        // Which of a folder's files the findings read (sent first).
        let analysed: Rc<Vec<bool>> = Rc::new(match picked.as_ref() {
            Picked::Folder(folder) => read_first(&folder.paths),
            Picked::Archive { .. } => Vec::new(),
        });
        let generation = {
            let mut pool = self.pool.borrow_mut();
            pool.partials = None;
            pool.first_partials = None;
            pool.completing = None;
            pool.speculative = None;
            let state = side.of_mut(&mut pool.sides);
            state.generation += 1;
            state.picked = Some(picked.clone());
            state.processed = vec![0; size];
            state.finished = vec![false; size];
            (state.analysed, state.analysed_unread, state.others) = match picked.as_ref() {
                Picked::Folder(folder) => {
                    let mut per_worker = vec![0usize; size];
                    for (path, _) in folder.paths.iter().zip(analysed.iter()).filter(|(_, read)| **read) {
                        if let Some(count) = per_worker.get_mut(worker_for(path, size)) {
                            *count += 1;
                        }
                    }
                    let total = per_worker.iter().sum::<usize>();
                    (Some(per_worker), total, folder.paths.len() - total)
                }
                Picked::Archive { .. } => (None, 0, 0),
            };
            state.generation
        };
        match picked.as_ref() {
            Picked::Archive { label, file } => {
                let reader = side as usize % size;
                for index in 0..size {
                    let message = if index == reader {
                        Request::SideArchive {
                            side,
                            generation,
                            label: label.clone(),
                            file: file.clone(),
                            careful,
                            skip: skip.clone(),
                        }
                    } else {
                        Request::SideClear { side }
                    };
                    self.post_to(index, &message, None);
                    if index != reader {
                        if let Some(slot) =
                            side.of_mut(&mut self.pool.borrow_mut().sides).finished.get_mut(index)
                        {
                            *slot = true;
                        }
                    }
                }
            }
            Picked::Folder(folder) => {
                let mut expected = vec![0usize; size];
                for path in &folder.paths {
                    if let Some(count) = expected.get_mut(worker_for(path, size)) {
                        *count += 1;
                    }
                }
                for (index, count) in expected.iter().enumerate() {
                    let message = Request::SideBegin {
                        side,
                        generation,
                        label: folder.label.clone(),
                        paths: folder.paths.clone(),
                        build: folder.build.clone(),
                        expected: *count,
                        careful,
                        skip: skip.clone(),
                    };
                    self.post_to(index, &message, None);
                }
                let bridge = self.clone();
                let folder = picked.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    if let Picked::Folder(folder) = folder.as_ref() {
                        bridge.read_folder(side, generation, folder, &analysed).await;
                    }
                });
            }
        }
    }

    fn current(&self, side: Side, generation: u32) -> bool {
        side.of(&self.pool.borrow().sides).generation == generation
    }

    /// Reads a folder's files and sends each worker its share: the analysed files
    /// ([`read_first`]) first, and the others only once the other side's analysed files are read
    /// too — so a first report can be shown without them.
    async fn read_folder(&self, side: Side, generation: u32, folder: &PickedFolder, analysed: &[bool]) {
        let size = self.size();
        let analysed = |index: usize| analysed.get(index).copied().unwrap_or(false);
        let mut order: Vec<usize> = (0..folder.files.len()).collect();
        order.sort_by_key(|&index| !analysed(index));
        let mut chunks = order.chunks(READ_CHUNK).peekable();
        let mut in_flight: VecDeque<(Vec<usize>, JsFuture)> = VecDeque::new();
        loop {
            while let Some(&chunk) = chunks.peek() {
                let analysed_chunk = chunk.iter().any(|&index| analysed(index));
                let limit = if analysed_chunk { ANALYSED_CHUNKS_IN_FLIGHT } else { OTHER_CHUNKS_IN_FLIGHT };
                if in_flight.len() >= limit {
                    break;
                }
                let waits = !analysed_chunk && {
                    let pool = self.pool.borrow();
                    side.other().of(&pool.sides).analysed_unread > 0 || pool.first_in_progress()
                };
                if waits {
                    if !in_flight.is_empty() {
                        break;
                    }
                    sleep(OTHER_SIDE_FIRST_MS).await;
                    if !self.current(side, generation) {
                        return;
                    }
                    continue;
                }
                chunks.next();
                let reads: Array = chunk
                    .iter()
                    .filter_map(|&index| folder.files.get(index))
                    .map(|file| JsValue::from(file.array_buffer()))
                    .collect();
                in_flight.push_back((chunk.to_vec(), JsFuture::from(Promise::all(&reads))));
                yield_to_browser().await;
            }
            let Some((indices, reads)) = in_flight.pop_front() else { break };
            let buffers = match reads.await {
                Ok(buffers) => Array::from(&buffers),
                Err(error) => {
                    let detail = js_sys::Reflect::get(&error, &JsValue::from_str("message"))
                        .ok()
                        .and_then(|m| m.as_string());
                    let message = format!(
                        "{}: a file could not be read ({})",
                        folder.label,
                        detail.unwrap_or_default()
                    );
                    // Nothing more of this side will be read: the other side's files go on.
                    side.of_mut(&mut self.pool.borrow_mut().sides).analysed_unread = 0;
                    self.dispatch.dispatch(Action::Failed { message });
                    return;
                }
            };
            if !self.current(side, generation) {
                return; // the side was picked again meanwhile
            }
            let read_analysed = indices.iter().filter(|&&index| analysed(index)).count();
            {
                let mut pool = self.pool.borrow_mut();
                let state = side.of_mut(&mut pool.sides);
                state.analysed_unread = state.analysed_unread.saturating_sub(read_analysed);
            }
            let mut batches: Vec<(Vec<String>, Array)> =
                (0..size).map(|_| (Vec::new(), Array::new())).collect();
            for (index, buffer) in indices.iter().zip(buffers.iter()) {
                let Some(path) = folder.paths.get(*index) else { continue };
                if let Some((paths, buffers)) = batches.get_mut(worker_for(path, size)) {
                    paths.push(path.clone());
                    buffers.push(&buffer);
                }
            }
            for (worker, (paths, buffers)) in batches.into_iter().enumerate() {
                if paths.is_empty() {
                    continue;
                }
                let transfer = buffers.clone();
                let message = Request::SideFiles { side, generation, paths, buffers };
                self.post_to(worker, &message, Some(&transfer));
            }
        }
    }

    /// A report (or a failure) from worker 0, for the oldest request still waiting.
    fn report_arrived(&self, result: Result<Arrived, String>) {
        let mut completes = false;
        let show = {
            let mut pool = self.pool.borrow_mut();
            if let Some(slot) = pool.last_parsing.first_mut() {
                *slot = None; // worker 0's analysis is over
            }
            match pool.reports.pop_front() {
                Some(ReportFor::Policy(text)) => match result {
                    Ok(arrived) => {
                        pool.policy = text;
                        Some(Ok(arrived)) // from where the report it re-scores came
                    }
                    Err(message) => {
                        drop(pool);
                        self.dispatch.dispatch(Action::PolicyError { line: 0, column: 0, message });
                        return;
                    }
                },
                Some(ReportFor::First(generations))
                    if generations == pool.generations() && pool.analyze_pending =>
                {
                    pool.analyze_pending = false;
                    pool.shown = Some(pool.picked());
                    if result.is_ok() {
                        pool.completing = Some(generations);
                        pool.quiet_until = now() + FIRST_REPORT_QUIET_MS;
                    }
                    Some(result)
                }
                Some(ReportFor::Trees(generations)) if generations == pool.generations() => {
                    if pool.analyze_pending {
                        pool.analyze_pending = false;
                        pool.shown = Some(pool.picked());
                        Some(result)
                    } else if pool.completing == Some(generations) {
                        // The first report shown is complete now.
                        completes = true;
                        Some(result)
                    } else {
                        pool.speculative = Some((generations, result));
                        None
                    }
                }
                // For picks replaced meanwhile, or a first report overtaken by the complete one.
                Some(ReportFor::Trees(_) | ReportFor::First(_)) => None,
                Some(ReportFor::Other(origin)) => {
                    pool.shown = Some(origin);
                    Some(result)
                }
                None => Some(result),
            }
        };
        if completes {
            self.pool.borrow_mut().completing = None;
        }
        self.show(show, completes);
    }

    /// Shows a report (`completes`: the complete version of the first report shown).
    fn show(&self, result: Option<Result<Arrived, String>>, completes: bool) {
        match result {
            Some(Ok((json, tree_policy))) => {
                let (custom, pending_files) = {
                    let pool = self.pool.borrow();
                    (pool.policy.clone(), pool.others_pending())
                };
                self.dispatch.dispatch(Action::Finished {
                    json,
                    now_ms: now(),
                    tree_policy,
                    custom,
                    pending_files,
                    completes,
                })
            }
            Some(Err(message)) => self.dispatch.dispatch(Action::Failed { message }),
            None => {}
        }
    }

    /// Analyses the two picked sides: shows the report if it is computed already, else waits for
    /// it (starting the assembly if both sides are processed).
    pub fn analyze(&self) {
        self.dispatch.dispatch(Action::Started { now_ms: now() });
        let ready = {
            let mut pool = self.pool.borrow_mut();
            let current = pool.generations();
            pool.completing = None;
            match pool.speculative.take() {
                Some((generations, result)) if generations == current => {
                    pool.shown = Some(pool.picked());
                    Some(result)
                }
                _ => {
                    pool.analyze_pending = true;
                    None
                }
            }
        };
        match ready {
            Some(result) => self.show(Some(result), false),
            None => self.advance(),
        }
    }

    /// Starts the assembly the picks' processing allows: the complete report once both sides are
    /// processed (before Analyze is clicked, too), or — Analyze waiting — a first report once
    /// every analysed file is.
    fn advance(&self) {
        let first = {
            let pool = self.pool.borrow();
            if pool.both_ready() && !pool.assembling_current() {
                false
            } else if pool.first_wanted() {
                true
            } else {
                return;
            }
        };
        self.collect(first);
    }

    fn collect(&self, first: bool) {
        let (size, generations, waiting) = {
            let mut pool = self.pool.borrow_mut();
            let size = pool.workers.len();
            let generations = pool.generations();
            let collecting = Some(Collecting { generations, partials: vec![None; size] });
            if first {
                pool.first_partials = collecting;
            } else {
                pool.partials = collecting;
            }
            (size, generations, pool.analyze_pending)
        };
        if waiting {
            self.dispatch.dispatch(Action::Progress { phase: "compare".into(), done: 0, total: 1 });
        }
        for index in 0..size {
            self.post_to(index, &Request::Collect { generations, first }, None);
        }
    }

    /// Opens a git bundle in worker 0; its summary comes back as [`Action::BundleOpened`].
    pub fn bundle_open(&self, file: &web_sys::File) {
        if self.post(&Request::BundleOpen { file: file.clone() }) {
            self.pool.borrow_mut().opening_bundle = Some(file.clone());
            self.dispatch.dispatch(Action::BundleOpening { name: file.name() });
        }
    }

    /// Asks for the commits between two revisions of the open bundle.
    pub fn bundle_range(&self, baseline: &str, current: &str) {
        self.post(&Request::BundleRange { baseline: baseline.to_owned(), current: current.to_owned() });
    }

    /// Analyses two revisions of the open bundle.
    pub fn bundle_analyze(&self, baseline: &str, current: &str) {
        self.fresh();
        self.run_single(Single::Bundle { baseline: baseline.to_owned(), current: current.to_owned() });
    }

    /// A new analysis asked for by the reviewer: nothing left out, no care needed yet.
    fn fresh(&self) {
        let mut pool = self.pool.borrow_mut();
        pool.single_skipped = Default::default();
        pool.crashes = 0;
        pool.careful = false;
    }

    /// Runs the sample or a bundle analysis in worker 0, with the pool's crash containment.
    fn run_single(&self, single: Single) {
        let message = {
            let pool = self.pool.borrow();
            let policy = edited_policy(pool.policy.as_deref());
            let (careful, skip) = (pool.careful, pool.single_skipped.clone());
            match &single {
                Single::Sample => Request::Sample { policy, careful, skip },
                Single::Bundle { baseline, current } => Request::BundleAnalyze {
                    baseline: baseline.clone(),
                    current: current.clone(),
                    policy,
                    careful,
                    skip,
                },
            }
        };
        let origin = match &single {
            Single::Sample => Origin::Sample,
            Single::Bundle { .. } => Origin::Bundle,
        };
        if self.post(&message) {
            let mut pool = self.pool.borrow_mut();
            pool.single = Some(single);
            pool.reports.push_back(ReportFor::Other(origin));
            drop(pool);
            self.dispatch.dispatch(Action::Started { now_ms: now() });
        }
    }

    /// Analyses the sample pair built into the worker.
    pub fn sample(&self) {
        self.fresh();
        self.run_single(Single::Sample);
    }

    /// Asks worker 0 for the evidence of a finding — the source around `(path, line)` on each side
    /// it has and the file's diff ([`crate::evidence`]) — read from where the report shown was
    /// analysed (`commits`: the report's bundle commits). `reply` gets the evidence as JSON, or
    /// why there is none.
    pub fn source(
        &self,
        baseline: Option<(&str, u32)>,
        current: Option<(&str, u32)>,
        commits: Option<[&str; 2]>,
        reply: Callback<Result<String, String>>,
    ) {
        let (origin, number) = {
            let mut pool = self.pool.borrow_mut();
            pool.next_source += 1;
            (pool.shown.clone(), pool.next_source)
        };
        let Some(origin) = origin else {
            reply.emit(Err("The code is not included in a saved or shared report: analyse the two trees in this page to see it.".into()));
            return;
        };
        if !self.pool.borrow().ready.first().copied().unwrap_or(false) {
            // A worker that has not loaded yet drops what is posted to it.
            reply.emit(Err("the analysis worker is restarting; open the finding again in a moment".into()));
            return;
        }
        let at = |side: Side, wanted: Option<(&str, u32)>| {
            let (path, line) = wanted?;
            let from = match &origin {
                Origin::Sample => SourceFrom::Sample,
                Origin::Bundle => SourceFrom::Bundle {
                    revision: commits.map(|pair| *side.of(&pair)).unwrap_or_default().to_owned(),
                },
                Origin::Trees(picked) => match side.of(picked).as_deref() {
                    Some(Picked::Archive { file, .. }) => SourceFrom::Archive { file: file.clone() },
                    Some(Picked::Folder(folder)) => {
                        let at = folder.paths.iter().position(|p| p == path);
                        let file = at.and_then(|at| folder.files.get(at)).map(JsValue::from);
                        SourceFrom::File { file: file.unwrap_or(JsValue::UNDEFINED) }
                    }
                    None => SourceFrom::Nowhere,
                },
            };
            Some(SourceAt { path: path.to_owned(), line, from })
        };
        let request = Request::Source {
            request: number,
            baseline: at(Side::Baseline, baseline),
            current: at(Side::Current, current),
        };
        self.pool.borrow_mut().sources.push((number, reply.clone()));
        if !self.post_to(0, &request, None) {
            self.pool.borrow_mut().sources.retain(|(n, _)| *n != number);
            reply.emit(Err("the analysis worker is not running".into()));
        }
    }

    /// Assembles the last analysis again under a policy edited in the page (`None`: the tree's
    /// own policy again). The policy then holds for later analyses too; a policy with a mistake
    /// comes back as [`Action::PolicyError`] and changes nothing.
    pub fn apply_policy(&self, text: Option<String>) {
        if self.post(&Request::Policy { policy: edited_policy(text.as_deref()) }) {
            self.pool.borrow_mut().reports.push_back(ReportFor::Policy(text));
            self.dispatch.dispatch(Action::PolicyApplying);
        }
    }
}

/// How often a side's other files look again whether the other side's analysed files are read.
const OTHER_SIDE_FIRST_MS: u32 = 15;

async fn sleep(ms: u32) {
    gloo_timers::future::TimeoutFuture::new(ms).await;
}

/// Lets the browser handle input and paint before the next step (a `setTimeout(0)`).
async fn yield_to_browser() {
    sleep(0).await;
}

pub fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or_else(js_sys::Date::now)
}
