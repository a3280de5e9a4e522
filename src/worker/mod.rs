//! The web workers: one of a pool (as many as the machine has cores, up to four) that digest,
//! parse and model the picked files off the page's main thread; worker 0 also assembles the
//! report and handles the sample, archives' reading and git bundles.
//!
//! Protocol ([`protocol::Request`] and [`protocol::Reply`], serde enums both ends share). For two
//! folders, the page posts to every worker, as soon as a side is picked, `SideBegin` — the side's
//! paths and build files (every worker plans the side from them) and how many files this worker
//! will get — then `SideFiles`, this worker's share of the files' bytes (ArrayBuffers,
//! transferred), Python files first; or, for an archive side, `SideArchive` to one worker and
//! `SideClear` to the others. When Analyze is clicked: `Collect` to every worker, which answer
//! `Partial`, and `Assemble` to worker 0, which answers `Report` — the report JSON, byte for byte
//! what the CLI prints. `first`: the first report, asked for when every analysed file is
//! processed but other files are still on their way; it compares the analysed files alone, and
//! the complete report follows. Also: `Sample`, `BundleOpen`, `BundleRange`, `BundleAnalyze`,
//! `Policy` and `Source` (a finding's evidence).
//!
//! Workers answer `Ready` at start, `SideProgress` while they work, `SideDone` when their share
//! is processed, `Progress` in single-worker analyses, `Parsing` before each Python file after a
//! crash, and `Error` when a request fails.
//!
//! Why the page reads the bytes: a `File` from a folder input carries no metadata until first
//! used; cloning it into a message makes Chromium stat it synchronously on the page's thread
//! (~0.3–0.5 ms a file), while `file.arrayBuffer()` costs the page ~0.15 ms and reads off-thread.

mod history;
pub mod protocol;

use std::cell::RefCell;
use std::collections::BTreeMap;

use js_sys::{Array, ArrayBuffer, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, File, FileReaderSync, MessageEvent};

use crate::intake::archive::{self, Limits};
use crate::intake::bundle::Bundle;
use crate::intake::input::InputError;
use crate::intake::SourceTree;
use crate::pipeline::{
    is_python, process_trees, Partial, Phase, Plan, PolicyText, Processing, SidePlan, SideWork, TreeInfo,
};
use crate::problem::Side;
use history::{Checkout, Opened};
use protocol::{Reply, Request, Skip, SourceAt, SourceFrom};

/// Progress messages are sent at most this often (milliseconds), and at every phase change.
const PROGRESS_INTERVAL_MS: f64 = 50.0;

/// Commits listed when a bundle is opened.
const BUNDLE_HISTORY_LIMIT: usize = 300;

/// This worker's share of each side, and how many files it expects.
#[derive(Default)]
struct Shares {
    sides: [Option<(SideWork, usize)>; 2],
    /// Per side: announce each Python file before parsing it (see `Reply::Parsing`).
    careful: [bool; 2],
}

thread_local! {
    static SHARES: RefCell<Shares> = RefCell::new(Shares::default());
    /// The bundle opened last, with its file name.
    /// The bundle or repository folder open (worker 0).
    static OPENED: RefCell<Option<Opened>> = const { RefCell::new(None) };
    /// A repository folder's files as its chunks arrive (see `Request::RepositoryOpen`).
    static PICKED_CHECKOUT: RefCell<Vec<(String, File)>> = const { RefCell::new(Vec::new()) };
    /// Archive sides read again to show their files' source (see `source_evidence`), per side,
    /// with the archive's name, size and date: opening findings one after another reads the
    /// archive once.
    static ARCHIVES: RefCell<[Option<(String, SourceTree)>; 2]> = const { RefCell::new([None, None]) };
    /// The last analysis before assembly, so a new policy only re-runs step 3.
    static LAST: RefCell<Option<Assembly>> = const { RefCell::new(None) };
}

/// What step 3 needs to run again.
struct Assembly {
    plan: Plan,
    partial: Partial,
    history: Option<crate::report::History>,
}

impl Assembly {
    /// Assembles the report under `policy` (`None`: the tree's own) and keeps what it needs to do
    /// it again.
    fn run(self, policy: Option<&PolicyText>) -> Reply {
        let tree_policy = self.partial.policy_file().map(|file| file.text.clone()).unwrap_or_default();
        let mut report = self.plan.assemble(self.partial.clone(), policy);
        if let Some(history) = self.history.clone() {
            report.set_history(history);
        }
        LAST.with(|last| *last.borrow_mut() = Some(self));
        Reply::Report { json: crate::render::json::render(&report), policy: tree_policy }
    }
}

pub fn start() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    // A raw handler for the worker's lifetime (forgotten below): gloo's EventListener would only
    // add a listener object to forget.
    let handler = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let request: Request = match protocol::from_js(event.data()) {
            Ok(request) => request,
            Err(message) => return post(&Reply::Error { message, request: String::new() }),
        };
        let name = request.name();
        let reply = match handle(request) {
            Ok(Some(reply)) => reply,
            Ok(None) => return,
            Err(message) => Reply::Error { message, request: name.to_owned() },
        };
        post(&reply);
    });
    scope.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    handler.forget();
    post(&Reply::Ready);
}

fn post(message: &Reply) {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    // Posting a plain object of strings, numbers and bytes cannot fail in practice; if it did
    // there is no one else to tell. Byte buffers are transferred, not copied.
    let _ = match message {
        Reply::Partial { bytes, .. } => {
            scope.post_message_with_transfer(&protocol::to_js(message), &Array::of1(&bytes.buffer()))
        }
        _ => scope.post_message(&protocol::to_js(message)),
    };
}

/// A skip list as the step-2 code takes it.
fn skip_map(skip: Skip) -> BTreeMap<String, String> {
    skip.into_iter().collect()
}

/// Handles one message; returns the reply, if it has one.
fn handle(request: Request) -> Result<Option<Reply>, String> {
    match request {
        Request::Sample { policy, careful, skip } => {
            let (baseline, current) = crate::sample::trees();
            Ok(Some(analyse(&baseline, &current, None, policy.as_ref(), careful, skip)))
        }
        Request::Policy { policy } => {
            if let Some(given) = &policy {
                if let Err(error) = given.check() {
                    let (line, column, message) = (error.line, error.column, error.message);
                    return Ok(Some(Reply::PolicyError { line, column, message }));
                }
            }
            let last = LAST.with(|last| last.borrow_mut().take()).ok_or("nothing has been analysed yet")?;
            Ok(Some(last.run(policy.as_ref())))
        }
        Request::SideBegin { side, generation, label, paths, build, expected, careful, skip } => {
            let plan = SidePlan::new(&label, paths.iter().map(String::as_str), Vec::new(), &build);
            let mut work = SideWork::new(side, generation, plan);
            work.skip = skip_map(skip);
            SHARES.with(|shares| {
                let mut shares = shares.borrow_mut();
                *side.of_mut(&mut shares.sides) = Some((work, expected));
                *side.of_mut(&mut shares.careful) = careful;
            });
            Ok(done_if_complete(side))
        }
        Request::SideClear { side } => {
            SHARES.with(|shares| *side.of_mut(&mut shares.borrow_mut().sides) = None);
            Ok(None)
        }
        Request::SideFiles { side, generation, paths, buffers } => {
            let done = SHARES.with(|shares| {
                let mut shares = shares.borrow_mut();
                let announce = *side.of(&shares.careful);
                let [baseline, current] = &mut shares.sides;
                let (mine, other) = match side {
                    Side::Baseline => (baseline, current.as_ref()),
                    Side::Current => (current, baseline.as_ref()),
                };
                let (work, _) = mine.as_mut().filter(|(work, _)| work.generation == generation)?;
                for (path, buffer) in paths.iter().zip(buffers.iter()) {
                    let Ok(buffer) = buffer.dyn_into::<ArrayBuffer>() else { continue };
                    let bytes = Uint8Array::new(&buffer).to_vec();
                    if announce && (is_python(path) || path.ends_with(".pyi")) {
                        post(&Reply::Parsing { side, path: path.clone() });
                    }
                    work.add(path, &bytes, other.map(|(work, _)| work));
                }
                Some(work.len())
            });
            // None: files of a pick that was replaced meanwhile.
            let Some(done) = done else { return Ok(None) };
            post(&Reply::SideProgress { side, generation, done });
            Ok(done_if_complete(side))
        }
        Request::SideArchive { side, generation, label, file, careful, skip } => {
            let reader = file_reader()?;
            let tree = match read_archive(&reader, &file, &label) {
                Ok(tree) => tree,
                Err(message) => return Ok(Some(Reply::SideFailed { side, generation, message })),
            };
            let info = TreeInfo::of(&tree);
            let mut work = SideWork::new(side, generation, info.plan());
            work.tree = Some(info);
            work.skip = skip_map(skip);
            for (index, (path, bytes)) in tree.files().enumerate() {
                if careful && (is_python(path) || path.ends_with(".pyi")) {
                    post(&Reply::Parsing { side, path: path.to_owned() });
                }
                work.add(path, bytes, None);
                if index % 200 == 199 {
                    post(&Reply::SideProgress { side, generation, done: index + 1 });
                }
            }
            let count = work.len();
            SHARES.with(|shares| *side.of_mut(&mut shares.borrow_mut().sides) = Some((work, count)));
            Ok(done_if_complete(side))
        }
        Request::Collect { generations, first } => {
            let bytes = SHARES.with(|shares| {
                let shares = shares.borrow();
                let mut partial = Partial::default();
                for (entry, wanted) in shares.sides.iter().zip(generations) {
                    if let Some((work, _)) = entry.as_ref().filter(|(work, _)| work.generation == wanted) {
                        work.contribute(&mut partial);
                    }
                }
                postcard::to_allocvec(&partial).map_err(|error| error.to_string())
            })?;
            Ok(Some(Reply::Partial { bytes: Uint8Array::from(bytes.as_slice()), first }))
        }
        Request::Assemble { partials, first, policy } => {
            let mut merged = Partial::default();
            for bytes in partials.iter() {
                let bytes = Uint8Array::new(&bytes).to_vec();
                let partial: Partial = postcard::from_bytes(&bytes)
                    .map_err(|error| format!("a worker's results are unreadable: {error}"))?;
                merged.merge(partial);
            }
            let plan_of = |side: Side| -> Result<SidePlan, String> {
                if let Some(tree) = merged.trees.get(side as usize).and_then(Option::as_ref) {
                    return Ok(tree.plan());
                }
                SHARES
                    .with(|shares| {
                        side.of(&shares.borrow().sides).as_ref().map(|(work, _)| work.plan.clone())
                    })
                    .ok_or_else(|| format!("no {} side was picked", side.as_str()))
            };
            let plan = Plan::new(plan_of(Side::Baseline)?, plan_of(Side::Current)?);
            if first {
                merged.only_analysed_files(&plan);
            }
            Ok(Some(Assembly { plan, partial: merged, history: None }.run(policy.as_ref())))
        }
        Request::BundleOpen { file } => {
            let reader = file_reader()?;
            post(&Reply::Progress { phase: "bundle".into(), done: 0, total: 1 });
            let bytes = read_whole(&reader, &file)?;
            let bundle = Bundle::open(&bytes, &Limits::default())
                .map_err(|source| InputError::bundle(&file.name(), source).to_string())?;
            hold_open(Opened::Bundle { name: file.name(), bundle })
        }
        Request::RepositoryOpen { name, paths, files, first, last } => {
            let chunk = paths
                .into_iter()
                .zip(files.iter())
                .filter_map(|(path, file)| file.dyn_into::<File>().ok().map(|file| (path, file)));
            let picked = PICKED_CHECKOUT.with(|pending| {
                let mut pending = pending.borrow_mut();
                if first {
                    pending.clear();
                }
                pending.extend(chunk);
                last.then(|| std::mem::take(&mut *pending))
            });
            let Some(picked) = picked else { return Ok(None) };
            let reader = file_reader()?;
            post(&Reply::Progress { phase: "bundle".into(), done: 0, total: 1 });
            // The one open before goes first: its objects and this one's are not held at once.
            OPENED.with(|slot| *slot.borrow_mut() = None);
            hold_open(Opened::Repository(Checkout::open(&reader, &name, picked)?))
        }
        Request::BundleRange { baseline, current } => OPENED.with(|slot| {
            let slot = slot.borrow();
            let opened = slot.as_ref().ok_or("no bundle or repository is open")?;
            Ok(Some(match opened.range(&baseline, &current) {
                Ok(rows) => {
                    Reply::Range { json: serde_json::to_string(&rows).map_err(|error| error.to_string())? }
                }
                Err(message) => Reply::RangeError { message },
            }))
        }),
        Request::BundleAnalyze { baseline, current, policy, careful, skip } => OPENED.with(|slot| {
            let slot = slot.borrow();
            let opened = slot.as_ref().ok_or("no bundle or repository is open")?;
            let reader = file_reader()?;
            let sides = opened.sides(&reader, &baseline, &current)?;
            Ok(Some(analyse(
                &sides.baseline,
                &sides.current,
                Some(sides.history),
                policy.as_ref(),
                careful,
                skip,
            )))
        }),
        Request::Source { request, baseline, current } => {
            Ok(Some(Reply::Source { request, result: source_evidence([baseline, current]) }))
        }
    }
}

/// The evidence for a finding ([`crate::evidence`]), each side read again from where it came
/// from ([`SourceFrom`]).
fn source_evidence(sides: [Option<SourceAt>; 2]) -> Result<String, String> {
    /// A side's path, line, and the file's bytes or why not.
    type Read = (String, u32, Result<Vec<u8>, String>);
    let [baseline, current] = sides;
    let read = |side: Side, at: Option<SourceAt>| -> Option<Read> {
        let at = at?;
        let bytes = side_file(side, &at.from, &at.path);
        Some((at.path, at.line, bytes))
    };
    let sides = [read(Side::Baseline, baseline), read(Side::Current, current)];
    let source = |index: usize| {
        sides.get(index).and_then(Option::as_ref).map(|(path, line, bytes)| crate::evidence::SideSource {
            path,
            line: *line,
            bytes: bytes.as_deref().map_err(Clone::clone),
        })
    };
    let evidence = crate::evidence::build(source(0), source(1));
    serde_json::to_string(&evidence).map_err(|error| error.to_string())
}

/// One file of an analysed side, read again from where the side came from.
fn side_file(side: Side, from: &SourceFrom, path: &str) -> Result<Vec<u8>, String> {
    let missing = || format!("{path} is not on this side");
    match from {
        SourceFrom::File { file } => {
            let file =
                file.clone().dyn_into::<File>().map_err(|_| "the file is no longer available".to_owned())?;
            read_whole(&file_reader()?, &file)
        }
        SourceFrom::Archive { file } => {
            let key = format!("{}\n{}\n{}", file.name(), file.size(), file.last_modified());
            ARCHIVES.with(|archives| {
                let mut archives = archives.borrow_mut();
                let slot = side.of_mut(&mut archives);
                if slot.as_ref().is_none_or(|(cached, _)| *cached != key) {
                    *slot = None; // the old tree goes before the new one is read
                    *slot = Some((key, read_archive(&file_reader()?, file, &file.name())?));
                }
                let tree = slot.as_ref().map(|(_, tree)| tree);
                tree.and_then(|tree| tree.get(path)).map(<[u8]>::to_vec).ok_or_else(missing)
            })
        }
        SourceFrom::Sample => {
            let (baseline, current) = crate::sample::trees();
            let tree = match side {
                Side::Baseline => baseline,
                Side::Current => current,
            };
            tree.get(path).map(<[u8]>::to_vec).ok_or_else(missing)
        }
        SourceFrom::Bundle { revision } => OPENED.with(|slot| {
            let slot = slot.borrow();
            let opened = slot.as_ref().ok_or("the bundle or repository is no longer open")?;
            opened.file(&file_reader()?, revision, path)?.ok_or_else(missing)
        }),
        SourceFrom::Nowhere => Err("the code is not included in a saved or shared report".into()),
    }
}

/// `side-done` once this worker has processed every file of its share of a side.
fn done_if_complete(side: Side) -> Option<Reply> {
    SHARES.with(|shares| {
        let shares = shares.borrow();
        let (work, expected) = side.of(&shares.sides).as_ref()?;
        (work.len() >= *expected).then(|| Reply::SideDone { side, generation: work.generation })
    })
}

/// Analyses two trees in this worker (the sample, a bundle), with progress messages — through
/// [`process_trees`], the step-2 path of the CLI, so the crash containment of picked sides holds
/// here too: in careful mode (`announce`) each Python file is announced before it is parsed, and
/// the files `skip` names (per side) are reported instead of parsed.
fn analyse(
    baseline: &SourceTree,
    current: &SourceTree,
    history: Option<crate::report::History>,
    policy: Option<&PolicyText>,
    announce: bool,
    skip: [Skip; 2],
) -> Reply {
    let mut throttle = Throttle::default();
    let skip = skip.map(skip_map);
    let (plan, partial) = process_trees(baseline, current, skip, &mut |step| match step {
        Processing::Parsing(side, path) if announce => post(&Reply::Parsing { side, path: path.to_owned() }),
        Processing::Parsing(..) => {}
        Processing::Parsed { done, total } => throttle.report(Phase::Parse.as_str(), done, total),
    });
    throttle.report(Phase::Compare.as_str(), 0, 1);
    let reply = Assembly { plan, partial, history }.run(policy);
    throttle.report(Phase::Done.as_str(), 1, 1);
    throttle.flush();
    reply
}

/// Keeps a bundle or repository folder open in this worker; its summary is the reply.
fn hold_open(opened: Opened) -> Result<Option<Reply>, String> {
    let json =
        serde_json::to_string(&opened.summary(BUNDLE_HISTORY_LIMIT)).map_err(|error| error.to_string())?;
    OPENED.with(|slot| *slot.borrow_mut() = Some(opened));
    Ok(Some(Reply::Bundle { json }))
}

/// The synchronous file reader only workers have.
fn file_reader() -> Result<FileReaderSync, String> {
    FileReaderSync::new().map_err(|_| "this browser cannot read files in a worker".to_owned())
}

fn read_whole(reader: &FileReaderSync, file: &File) -> Result<Vec<u8>, String> {
    let buffer = reader
        .read_as_array_buffer(file)
        .map_err(|_| format!("{}: the browser could not read the file", file.name()))?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

fn read_archive(reader: &FileReaderSync, file: &File, label: &str) -> Result<SourceTree, String> {
    let bytes = read_whole(reader, file)?;
    archive::read(&bytes, label, &Limits::default())
        .map_err(|source| InputError::archive(&file.name(), source).to_string())
}

/// Sends progress at most every [`PROGRESS_INTERVAL_MS`], and always on a phase change.
#[derive(Default)]
struct Throttle {
    last_sent: f64,
    last_phase: String,
    pending: Option<(String, usize, usize)>,
}

impl Throttle {
    fn report(&mut self, phase: &str, done: usize, total: usize) {
        let now = js_sys::Date::now();
        if phase != self.last_phase || now - self.last_sent >= PROGRESS_INTERVAL_MS || done == total {
            self.last_sent = now;
            self.last_phase = phase.to_owned();
            self.pending = None;
            post(&Reply::Progress { phase: phase.to_owned(), done, total });
        } else {
            self.pending = Some((phase.to_owned(), done, total));
        }
    }

    fn flush(&mut self) {
        if let Some((phase, done, total)) = self.pending.take() {
            post(&Reply::Progress { phase, done, total });
        }
    }
}
