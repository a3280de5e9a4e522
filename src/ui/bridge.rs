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
//!
//! What to do when is decided by [`Pool`] (`ui/pool.rs`, native and unit-tested); this module is
//! the shell that holds the workers and the browser objects, posts what the pool decides and
//! tells the page.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ErrorEvent, MessageEvent, Worker, WorkerOptions, WorkerType};
use yew::{Callback, UseReducerDispatcher};

use super::picked::{Picked, PickedFolder};
use super::pool::{Handles, Origin, Pool, Route, SideKind, Single};
use super::state::{Action, AppState, Mode};
use crate::pipeline::{read_first, PolicyText};
use crate::problem::Side;
use crate::worker::protocol::{self, Reply, Request, SourceAt, SourceFrom};

/// Where trunk puts the worker's loader (named after the `worker` binary, never hashed).
const WORKER_URL: &str = "./worker_loader.js";

/// The worker's address: the single-file build (`scripts/single-file.mjs`) makes the worker
/// from a blob and names it in `globalThis.STABILITY_LENS_WORKER_URL`; else trunk's loader.
fn worker_url() -> String {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("STABILITY_LENS_WORKER_URL"))
        .ok()
        .and_then(|url| url.as_string())
        .unwrap_or_else(|| WORKER_URL.to_owned())
}

/// Files read per step, and steps kept in flight. Chromium reads a folder's files at the same
/// pace with 8 or 512 reads in flight (Django's 6,720 files: ~2.2 s); but reads already asked
/// for go on while the page's thread is busy (Chromium blocks it ~1.6 s while it takes in a
/// second folder of that size), so the analysed files are asked for many at a time, the others
/// few at a time so the other side's analysed files can overtake them. One step of the page's
/// work stays far below a long task.
const READ_CHUNK: usize = 50;
const ANALYSED_CHUNKS_IN_FLIGHT: usize = 40;
const OTHER_CHUNKS_IN_FLIGHT: usize = 10;

/// How often a side's other files look again whether the other side's analysed files are read.
const OTHER_SIDE_FIRST_MS: u32 = 15;

/// The name a policy edited in the page goes by in reports and errors.
pub const EDITED_POLICY: &str = "policy edited in the page";

/// The browser objects the pool holds.
struct Browser;

impl Handles for Browser {
    type Picked = Rc<Picked>;
    type Partial = js_sys::Uint8Array;
    type File = Reopen;
    type Reply = Callback<Result<String, String>>;
}

/// What worker 0 holds open, to open again in a replacement worker after a crash.
#[derive(Clone)]
pub enum Reopen {
    Bundle(web_sys::File),
    Repository(Rc<PickedFolder>),
}

/// Files of a repository folder posted per message: each `File` posted costs the page a
/// synchronous stat (~0.25 ms in Chromium), so a chunk holds the page ~60 ms.
const REPOSITORY_CHUNK: usize = 256;

impl Reopen {
    /// The requests that open it in worker 0, in order.
    fn requests(&self) -> Vec<Request> {
        match self {
            Reopen::Bundle(file) => vec![Request::BundleOpen { file: file.clone() }],
            Reopen::Repository(folder) => {
                let count = folder.paths.len();
                let chunks = count.div_ceil(REPOSITORY_CHUNK).max(1);
                (0..chunks)
                    .map(|index| {
                        let range = index * REPOSITORY_CHUNK..((index + 1) * REPOSITORY_CHUNK).min(count);
                        Request::RepositoryOpen {
                            name: folder.label.clone(),
                            paths: folder.paths.get(range.clone()).unwrap_or_default().to_vec(),
                            files: folder
                                .files
                                .get(range)
                                .unwrap_or_default()
                                .iter()
                                .map(JsValue::from)
                                .collect(),
                            first: index == 0,
                            last: index + 1 == chunks,
                        }
                    })
                    .collect()
            }
        }
    }
}

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

/// The workers themselves.
#[derive(Default)]
struct Workers {
    running: Vec<Option<Running>>,
    /// Workers replaced after a crash, kept until a replacement is ready (see [`Bridge::lost`]).
    retired: Vec<Running>,
}

#[derive(Clone)]
pub struct Bridge {
    pool: Rc<RefCell<Pool<Browser>>>,
    workers: Rc<RefCell<Workers>>,
    dispatch: UseReducerDispatcher<AppState>,
    /// Openings of a bundle or repository folder so far (a newer one stops an older one).
    opens: Rc<Cell<u32>>,
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
        let bridge = Bridge {
            pool: Rc::new(RefCell::new(Pool::new(size))),
            workers: Rc::new(RefCell::new(Workers {
                running: (0..size).map(|_| None).collect(),
                retired: Vec::new(),
            })),
            dispatch,
            opens: Rc::default(),
        };
        for index in 0..size {
            bridge.start(index);
        }
        bridge
    }

    fn size(&self) -> usize {
        self.pool.borrow().size()
    }

    fn start(&self, index: usize) {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Classic);
        let Ok(worker) = Worker::new_with_options(&worker_url(), &options) else {
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
        if let Some(slot) = self.workers.borrow_mut().running.get_mut(index) {
            *slot = Some(Running { worker, _on_message: on_message, _on_error: on_error });
        }
    }

    /// A worker died: the pool decides what is left out and what runs again; the worker is
    /// replaced here.
    fn lost(&self, index: usize, detail: String) {
        let lost = self.pool.borrow_mut().worker_lost(index, &detail);
        let detail = if detail.is_empty() { "it stopped unexpectedly".to_owned() } else { detail };
        for reply in lost.failed_sources {
            reply.emit(Err(format!("the analysis worker stopped ({detail}); open the finding again")));
        }
        {
            let mut workers = self.workers.borrow_mut();
            if let Some(Some(old)) = workers.running.get_mut(index).map(Option::take) {
                // Detached first: events the dead worker queued must not reach its handlers, and
                // the handler running now (this error's) is dropped only once it has returned.
                old.worker.set_onmessage(None);
                old.worker.set_onerror(None);
                old.worker.terminate();
                workers.retired.push(old);
            }
        }
        self.dispatch.dispatch(Action::WorkerLost { message: lost.message, recovering: lost.recovering });
        self.start(index);
    }

    /// Posts a request to worker `index`, moving the buffers in `transfer` rather than copying.
    fn post_to(&self, index: usize, message: &Request, transfer: Option<&Array>) -> bool {
        let workers = self.workers.borrow();
        let Some(Some(running)) = workers.running.get(index) else { return false };
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
                self.workers.borrow_mut().retired.clear();
                let ready = self.pool.borrow_mut().worker_ready(index);
                if let Some(opened) = ready.reopen_bundle {
                    for request in opened.requests() {
                        self.post(&request);
                    }
                }
                if ready.all {
                    self.dispatch.dispatch(Action::WorkerReady);
                    for (side, picked) in ready.resend {
                        self.send_side(side, picked);
                    }
                    if let Some(single) = ready.single {
                        self.run_single(single);
                    }
                }
            }
            Reply::SideProgress { side, generation, done } => {
                let progress = self.pool.borrow_mut().side_progress(index, side, generation, done);
                let Some((done, total)) = progress else { return };
                self.dispatch.dispatch(Action::SideProgress { side, done, total });
                self.advance();
            }
            Reply::Parsing { side, path } => self.pool.borrow_mut().parsing(index, side, path),
            Reply::SideDone { side, generation } => {
                let ready = self.pool.borrow_mut().side_done(index, side, generation);
                if ready {
                    self.dispatch.dispatch(Action::SideReady { side });
                    self.advance();
                }
            }
            Reply::Partial { bytes, first } => {
                let partials = self.pool.borrow_mut().partial_arrived(index, bytes, first);
                if let Some(partials) = partials {
                    self.assemble(partials, first);
                }
            }
            Reply::SideFailed { side, generation, message } => {
                let current = self.pool.borrow_mut().side_failed(side, generation);
                if current {
                    self.dispatch.dispatch(Action::SideFailed { side, message });
                }
            }
            Reply::Progress { phase, done, total } => {
                self.dispatch.dispatch(Action::Progress { phase, done, total })
            }
            Reply::Report { json, policy } => self.report_arrived(Ok((json, policy))),
            Reply::PolicyError { line, column, message } => {
                self.pool.borrow_mut().policy_refused();
                self.dispatch.dispatch(Action::PolicyError { line, column, message });
            }
            Reply::Error { message, request }
                if matches!(request.as_str(), "assemble" | "sample" | "bundle-analyze" | "policy") =>
            {
                self.report_arrived(Err(message))
            }
            Reply::Error { message, .. } => self.dispatch.dispatch(Action::Failed { message }),
            Reply::Bundle { json } => {
                let news = self.pool.borrow_mut().bundle_opened();
                if news {
                    self.dispatch.dispatch(Action::BundleOpened { json });
                }
            }
            Reply::Range { json } => self.dispatch.dispatch(Action::Range { json }),
            Reply::RangeError { message } => self.dispatch.dispatch(Action::RangeError { message }),
            Reply::Source { request, result } => {
                let reply = self.pool.borrow_mut().source_answered(request);
                if let Some(reply) = reply {
                    reply.emit(result);
                }
            }
        }
    }

    /// Asks worker 0 to assemble the report from every worker's results (transferred).
    fn assemble(&self, partials: Vec<js_sys::Uint8Array>, first: bool) {
        let transfer: Array = partials.iter().map(|bytes| JsValue::from(bytes.buffer())).collect();
        let list: Array = partials.into_iter().map(JsValue::from).collect();
        let policy = edited_policy(self.pool.borrow().policy.as_deref());
        let message = Request::Assemble { partials: list, first, policy };
        if !self.post_to(0, &message, Some(&transfer)) {
            self.dispatch.dispatch(Action::Failed { message: "the analysis worker is not running".into() });
        }
    }

    /// A side was picked: start processing it in the pool at once, with nothing left out.
    pub fn pick(&self, side: Side, picked: Rc<Picked>) {
        self.pool.borrow_mut().picked_again(side);
        self.send_side(side, picked);
    }

    /// Sends a side to the workers (as a new generation), with the pool's crash containment.
    fn send_side(&self, side: Side, picked: Rc<Picked>) {
        let size = self.size();
        let (careful, skip) = self.pool.borrow().containment(side);
        // Which of a folder's files the findings read (sent first).
        let analysed: Rc<Vec<bool>> = Rc::new(match picked.as_ref() {
            Picked::Folder(folder) => read_first(&folder.paths),
            Picked::Archive { .. } => Vec::new(),
        });
        let kind = match picked.as_ref() {
            Picked::Folder(folder) => {
                let mut per_worker = vec![0usize; size];
                for (path, _) in folder.paths.iter().zip(analysed.iter()).filter(|(_, read)| **read) {
                    if let Some(count) = per_worker.get_mut(worker_for(path, size)) {
                        *count += 1;
                    }
                }
                SideKind::Folder { files: folder.files.len(), analysed_per_worker: per_worker }
            }
            Picked::Archive { .. } => SideKind::Archive { reader: side as usize % size },
        };
        let generation = self.pool.borrow_mut().side_sent(side, picked.clone(), &kind);
        match picked.as_ref() {
            Picked::Archive { label, file } => {
                for index in 0..size {
                    let message = if matches!(kind, SideKind::Archive { reader } if reader == index) {
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
        self.pool.borrow().current(side, generation)
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
                let waits = !analysed_chunk && self.pool.borrow().others_wait(side, now());
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
                    self.pool.borrow_mut().reading_failed(side);
                    self.dispatch.dispatch(Action::Failed { message });
                    return;
                }
            };
            if !self.current(side, generation) {
                return; // the side was picked again meanwhile
            }
            let read_analysed = indices.iter().filter(|&&index| analysed(index)).count();
            self.pool.borrow_mut().analysed_read(side, read_analysed);
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
    fn report_arrived(&self, result: Result<(String, String), String>) {
        let route = self.pool.borrow_mut().report_arrived(result, now());
        match route {
            Route::Show { result, completes } => self.show(result, completes),
            Route::PolicyFailed(message) => {
                self.dispatch.dispatch(Action::PolicyError { line: 0, column: 0, message })
            }
            Route::Nothing => {}
        }
    }

    /// Shows a report (`completes`: the complete version of the first report shown).
    fn show(&self, result: Result<(String, String), String>, completes: bool) {
        match result {
            Ok((json, tree_policy)) => {
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
            Err(message) => self.dispatch.dispatch(Action::Failed { message }),
        }
    }

    /// Analyses the two picked sides: shows the report if it is computed already, else waits for
    /// it (starting the assembly if both sides are processed).
    pub fn analyze(&self) {
        self.dispatch.dispatch(Action::Started { now_ms: now() });
        let ready = self.pool.borrow_mut().analyze();
        match ready {
            Some(result) => self.show(result, false),
            None => self.advance(),
        }
    }

    /// Starts the collection the picks' processing allows ([`Pool::next_collection`]).
    fn advance(&self) {
        let next = self.pool.borrow().next_collection();
        if let Some(first) = next {
            self.collect(first);
        }
    }

    fn collect(&self, first: bool) {
        let (generations, waiting) = self.pool.borrow_mut().collecting(first);
        if waiting {
            self.dispatch.dispatch(Action::Progress { phase: "compare".into(), done: 0, total: 1 });
        }
        for index in 0..self.size() {
            self.post_to(index, &Request::Collect { generations, first }, None);
        }
    }

    /// Opens a git bundle in worker 0; its summary comes back as [`Action::BundleOpened`].
    pub fn bundle_open(&self, file: &web_sys::File) {
        self.open(Reopen::Bundle(file.clone()), file.name(), Mode::Bundle);
    }

    /// Opens a repository folder (a checkout, `.git` included) in worker 0; its summary comes
    /// back as a bundle's does.
    pub fn repository_open(&self, folder: Rc<PickedFolder>) {
        let name = folder.label.clone();
        self.open(Reopen::Repository(folder), name, Mode::Repository);
    }

    /// Posts what opens it, a chunk at a time with the page free between them; a newer opening
    /// stops an older one's chunks.
    fn open(&self, opened: Reopen, name: String, mode: Mode) {
        let requests = opened.requests();
        self.opens.set(self.opens.get() + 1);
        let serial = self.opens.get();
        self.pool.borrow_mut().bundle_opening(opened);
        self.dispatch.dispatch(Action::BundleOpening { name, mode });
        let bridge = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            for (index, request) in requests.iter().enumerate() {
                if bridge.opens.get() != serial || !bridge.post(request) {
                    return;
                }
                if index + 1 < requests.len() {
                    yield_to_browser().await;
                }
            }
        });
    }

    /// Asks for the commits between two revisions of the open bundle.
    pub fn bundle_range(&self, baseline: &str, current: &str) {
        self.post(&Request::BundleRange { baseline: baseline.to_owned(), current: current.to_owned() });
    }

    /// Analyses two revisions of the open bundle.
    pub fn bundle_analyze(&self, baseline: &str, current: &str) {
        self.pool.borrow_mut().fresh();
        self.run_single(Single::Bundle { baseline: baseline.to_owned(), current: current.to_owned() });
    }

    /// Runs the sample or a bundle analysis in worker 0, with the pool's crash containment.
    fn run_single(&self, single: Single) {
        let message = {
            let pool = self.pool.borrow();
            let policy = edited_policy(pool.policy.as_deref());
            let (careful, skip) = pool.single_containment();
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
        if self.post(&message) {
            self.pool.borrow_mut().single_started(single);
            self.dispatch.dispatch(Action::Started { now_ms: now() });
        }
    }

    /// Analyses the sample pair built into the worker.
    pub fn sample(&self) {
        self.pool.borrow_mut().fresh();
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
        let asked = self.pool.borrow_mut().source_asked();
        let (number, origin) = match asked {
            Ok(asked) => asked,
            Err(message) => return reply.emit(Err(message)),
        };
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
        self.pool.borrow_mut().source_waiting(number, reply);
        if !self.post_to(0, &request, None) {
            let reply = self.pool.borrow_mut().source_unsent(number);
            if let Some(reply) = reply {
                reply.emit(Err("the analysis worker is not running".into()));
            }
        }
    }

    /// Assembles the last analysis again under a policy edited in the page (`None`: the tree's
    /// own policy again). The policy then holds for later analyses too; a policy with a mistake
    /// comes back as [`Action::PolicyError`] and changes nothing.
    pub fn apply_policy(&self, text: Option<String>) {
        if self.post(&Request::Policy { policy: edited_policy(text.as_deref()) }) {
            self.pool.borrow_mut().policy_applying(text);
            self.dispatch.dispatch(Action::PolicyApplying);
        }
    }
}

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
