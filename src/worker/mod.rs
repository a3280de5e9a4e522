//! The web workers: one of a pool (as many as the machine has cores, up to four) that digest,
//! parse and model the picked files off the page's main thread; worker 0 also assembles the
//! report and handles the sample, archives' reading and git bundles.
//!
//! Protocol (plain JS objects; both ends use [`protocol`]). For two folders, the page posts to
//! every worker, as soon as a side is picked:
//! - `{type: "side-begin", side, generation, label, paths, expected}` — the side's paths (every
//!   worker plans the side from them) and how many files this worker will get;
//! - `{type: "side-files", side, generation, paths, buffers}` — this worker's share of the files'
//!   bytes (ArrayBuffers, transferred), Python files first;
//!
//! or, for an archive side, `{type: "side-archive", side, generation, file}` to one worker and
//! `{type: "side-clear", side}` to the others. When Analyze is clicked: `{type: "collect",
//! generations, first}` to every worker, which answer `{type: "partial", bytes, first}`, and
//! `{type: "assemble", partials, first}` to worker 0, which answers `{type: "report", json}` — the
//! report JSON, byte for byte what the CLI prints. `first`: the first report, asked for when every
//! Python and project file is processed but other files are still on their way; it compares the
//! analysed files alone, and the complete report follows. Also: `{type: "sample"}`; `{type: "bundle-open", file}`,
//! `{type: "bundle-range", baseline, current}`, `{type: "bundle-analyze", baseline, current}`.
//!
//! Workers answer `{type: "ready"}` at start, `{type: "side-progress", side, generation, done}`
//! while they work, `{type: "side-done", side, generation}` when their share is processed,
//! `{type: "progress", …}` in single-worker analyses, `{type: "bundle", json}`,
//! `{type: "range", json}` / `{type: "range-error", message}`, and `{type: "error", message}`.
//!
//! Why the page reads the bytes: a `File` from a folder input carries no metadata until first
//! used; cloning it into a message makes Chromium stat it synchronously on the page's thread
//! (~0.3–0.5 ms a file), while `file.arrayBuffer()` costs the page ~0.15 ms and reads off-thread.

pub mod protocol;

use std::cell::RefCell;

use js_sys::{Array, ArrayBuffer, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, File, FileReaderSync, MessageEvent};

use crate::intake::archive::{self, Limits};
use crate::intake::bundle::Bundle;
use crate::intake::{ProjectFile, SourceTree};
use crate::pipeline::{
    is_python, process_trees, Partial, Phase, Plan, PolicyText, Processing, SidePlan, SideWork, TreeInfo,
};
use crate::problem::Side;
use protocol::{get, get_string, side_from, Outgoing};

/// Progress messages are sent at most this often (milliseconds), and at every phase change.
const PROGRESS_INTERVAL_MS: f64 = 50.0;

/// Commits listed when a bundle is opened.
const BUNDLE_HISTORY_LIMIT: usize = 300;

/// This worker's share of each side, and how many files it expects.
#[derive(Default)]
struct Shares {
    sides: [Option<(SideWork, usize)>; 2],
    /// Per side: announce each Python file before parsing it (see `Outgoing::Parsing`).
    careful: [bool; 2],
}

thread_local! {
    static SHARES: RefCell<Shares> = RefCell::new(Shares::default());
    /// The bundle opened last, with its file name.
    static BUNDLE: RefCell<Option<(String, Bundle)>> = const { RefCell::new(None) };
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
    fn run(self, policy: Option<&PolicyText>) -> Outgoing {
        let tree_policy = self.partial.policy_file().map(|file| file.text.clone()).unwrap_or_default();
        let mut report = self.plan.assemble(self.partial.clone(), policy);
        if let Some(history) = self.history.clone() {
            report.set_history(history);
        }
        LAST.with(|last| *last.borrow_mut() = Some(self));
        Outgoing::Report { json: crate::render::json::render(&report), policy: tree_policy }
    }
}

/// The `policy` field of a request: `{name, text}`, when the page sends one.
fn policy_of(data: &JsValue) -> Option<PolicyText> {
    let policy = get(data, "policy");
    Some(PolicyText { name: get_string(&policy, "name")?, text: get_string(&policy, "text")? })
}

pub fn start() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let handler = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let data = event.data();
        let reply = match handle(&data) {
            Ok(Some(reply)) => reply,
            Ok(None) => return,
            Err(message) => {
                Outgoing::Error { message, request: get_string(&data, "type").unwrap_or_default() }
            }
        };
        post(&reply);
    });
    scope.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    handler.forget();
    post(&Outgoing::Ready);
}

fn post(message: &Outgoing) {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    // Posting a plain object of strings, numbers and bytes cannot fail in practice; if it did
    // there is no one else to tell. Byte buffers are transferred, not copied.
    let _ = match message {
        Outgoing::Partial { bytes, .. } => {
            scope.post_message_with_transfer(&message.to_js(), &Array::of1(&bytes.buffer()))
        }
        _ => scope.post_message(&message.to_js()),
    };
}

/// Whether the page asks to be told each Python file before it is parsed (after a crash).
fn careful(data: &JsValue) -> bool {
    get(data, "careful").as_bool().unwrap_or(false)
}

/// The files the page asks not to parse (a worker crashed on them), with the reason to report:
/// `skip: [[path, reason], …]` (for the sample and bundles, one list per side: `skip_baseline`,
/// `skip_current`).
fn skipped(data: &JsValue) -> std::collections::BTreeMap<String, String> {
    skip_list(data, "skip")
}

fn skip_list(data: &JsValue, key: &str) -> std::collections::BTreeMap<String, String> {
    Array::from(&get(data, key))
        .iter()
        .filter_map(|pair| {
            let pair = Array::from(&pair);
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .collect()
}

fn generation(data: &JsValue) -> u32 {
    get(data, "generation").as_f64().unwrap_or(0.0) as u32
}

/// Handles one message; returns the reply, if it has one.
fn handle(data: &JsValue) -> Result<Option<Outgoing>, String> {
    let policy = policy_of(data);
    match get_string(data, "type").unwrap_or_default().as_str() {
        "sample" => {
            let (baseline, current) = crate::sample::trees();
            Ok(Some(analyse(&baseline, &current, None, policy.as_ref(), data)))
        }
        "policy" => {
            if let Some(given) = &policy {
                if let Err(error) = given.check() {
                    let (line, column, message) = (error.line, error.column, error.message);
                    return Ok(Some(Outgoing::PolicyError { line, column, message }));
                }
            }
            let last = LAST.with(|last| last.borrow_mut().take()).ok_or("nothing has been analysed yet")?;
            Ok(Some(last.run(policy.as_ref())))
        }
        "side-begin" => {
            let side = side_from(data)?;
            let paths: Vec<String> =
                Array::from(&get(data, "paths")).iter().filter_map(|p| p.as_string()).collect();
            let build: Vec<ProjectFile> = Array::from(&get(data, "build"))
                .iter()
                .filter_map(|entry| {
                    Some(ProjectFile { path: get_string(&entry, "path")?, text: get_string(&entry, "text")? })
                })
                .collect();
            let plan = SidePlan::new(
                &get_string(data, "label").unwrap_or_default(),
                paths.iter().map(String::as_str),
                Vec::new(),
                &build,
            );
            let expected = get(data, "expected").as_f64().unwrap_or(0.0) as usize;
            let mut work = SideWork::new(side, generation(data), plan);
            work.skip = skipped(data);
            SHARES.with(|shares| {
                let mut shares = shares.borrow_mut();
                *side.of_mut(&mut shares.sides) = Some((work, expected));
                *side.of_mut(&mut shares.careful) = careful(data);
            });
            Ok(done_if_complete(side))
        }
        "side-clear" => {
            let side = side_from(data)?;
            SHARES.with(|shares| *side.of_mut(&mut shares.borrow_mut().sides) = None);
            Ok(None)
        }
        "side-files" => {
            let side = side_from(data)?;
            let paths = Array::from(&get(data, "paths"));
            let buffers = Array::from(&get(data, "buffers"));
            let generation = generation(data);
            let done = SHARES.with(|shares| -> Result<Option<usize>, String> {
                let mut shares = shares.borrow_mut();
                let announce = *side.of(&shares.careful);
                let [baseline, current] = &mut shares.sides;
                let (mine, other) = match side {
                    Side::Baseline => (baseline, current.as_ref()),
                    Side::Current => (current, baseline.as_ref()),
                };
                let Some((work, _)) = mine.as_mut().filter(|(work, _)| work.generation == generation) else {
                    return Ok(None); // files of a pick that was replaced meanwhile
                };
                for (path, buffer) in paths.iter().zip(buffers.iter()) {
                    let (Some(path), Ok(buffer)) = (path.as_string(), buffer.dyn_into::<ArrayBuffer>())
                    else {
                        continue;
                    };
                    let bytes = Uint8Array::new(&buffer).to_vec();
                    if announce && (is_python(&path) || path.ends_with(".pyi")) {
                        post(&Outgoing::Parsing { side, path: path.clone() });
                    }
                    work.add(&path, &bytes, other.map(|(work, _)| work));
                }
                Ok(Some(work.len()))
            })?;
            let Some(done) = done else { return Ok(None) };
            post(&Outgoing::SideProgress { side, generation, done });
            Ok(done_if_complete(side))
        }
        "side-archive" => {
            let side = side_from(data)?;
            let generation = generation(data);
            let file =
                get(data, "file").dyn_into::<File>().map_err(|_| "no archive file was sent".to_owned())?;
            let reader =
                FileReaderSync::new().map_err(|_| "this browser cannot read files in a worker".to_owned())?;
            let label = get_string(data, "label").unwrap_or_else(|| file.name());
            let tree = match read_archive(&reader, &file, &label) {
                Ok(tree) => tree,
                Err(message) => return Ok(Some(Outgoing::SideFailed { side, generation, message })),
            };
            let info = TreeInfo::of(&tree);
            let mut work = SideWork::new(side, generation, info.plan());
            work.tree = Some(info);
            work.skip = skipped(data);
            let announce = careful(data);
            for (index, (path, bytes)) in tree.files().enumerate() {
                if announce && (is_python(path) || path.ends_with(".pyi")) {
                    post(&Outgoing::Parsing { side, path: path.to_owned() });
                }
                work.add(path, bytes, None);
                if index % 200 == 199 {
                    post(&Outgoing::SideProgress { side, generation, done: index + 1 });
                }
            }
            let count = work.len();
            SHARES.with(|shares| *side.of_mut(&mut shares.borrow_mut().sides) = Some((work, count)));
            Ok(done_if_complete(side))
        }
        "collect" => {
            let generations = Array::from(&get(data, "generations"));
            let wanted = |index: u32| generations.get(index).as_f64().unwrap_or(-1.0) as i64;
            let json = SHARES.with(|shares| {
                let shares = shares.borrow();
                let mut partial = Partial::default();
                for (index, entry) in shares.sides.iter().enumerate() {
                    if let Some((work, _)) =
                        entry.as_ref().filter(|(work, _)| i64::from(work.generation) == wanted(index as u32))
                    {
                        work.contribute(&mut partial);
                    }
                }
                postcard::to_allocvec(&partial).map_err(|error| error.to_string())
            })?;
            let first = get(data, "first").as_bool().unwrap_or(false);
            Ok(Some(Outgoing::Partial { bytes: Uint8Array::from(json.as_slice()), first }))
        }
        "assemble" => {
            let mut merged = Partial::default();
            for bytes in Array::from(&get(data, "partials")).iter() {
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
            if get(data, "first").as_bool().unwrap_or(false) {
                merged.only_analysed_files(&plan);
            }
            Ok(Some(Assembly { plan, partial: merged, history: None }.run(policy.as_ref())))
        }
        "bundle-open" => {
            let file =
                get(data, "file").dyn_into::<File>().map_err(|_| "no bundle file was sent".to_owned())?;
            let reader =
                FileReaderSync::new().map_err(|_| "this browser cannot read files in a worker".to_owned())?;
            post(&Outgoing::Progress { phase: "bundle".into(), done: 0, total: 1 });
            let bytes = read_whole(&reader, &file)?;
            let bundle = Bundle::open(&bytes, &Limits::default())
                .map_err(|error| format!("{}: {error}", file.name()))?;
            let summary = bundle.summary(&file.name(), BUNDLE_HISTORY_LIMIT);
            BUNDLE.with(|slot| *slot.borrow_mut() = Some((file.name(), bundle)));
            let json = serde_json::to_string(&summary).map_err(|error| error.to_string())?;
            Ok(Some(Outgoing::Bundle { json }))
        }
        "bundle-range" => BUNDLE.with(|slot| {
            let slot = slot.borrow();
            let (_, bundle) = slot.as_ref().ok_or("no bundle is open")?;
            let (baseline, current) = revisions(data);
            Ok(Some(match bundle.range_rows(&baseline, &current) {
                Ok(rows) => {
                    Outgoing::Range { json: serde_json::to_string(&rows).map_err(|error| error.to_string())? }
                }
                Err(error) => Outgoing::RangeError { message: error.to_string() },
            }))
        }),
        "bundle-analyze" => BUNDLE.with(|slot| {
            let slot = slot.borrow();
            let (name, bundle) = slot.as_ref().ok_or("no bundle is open")?;
            let (baseline, current) = revisions(data);
            let resolve = |rev: &str| bundle.resolve(rev).map_err(|error| format!("{name}: {error}"));
            let (old, new) = (resolve(&baseline)?, resolve(&current)?);
            let tree = |rev: &str, id: crate::intake::bundle::ObjectId| {
                bundle
                    .tree(id, &format!("{name}@{rev} ({})", id.short()))
                    .map_err(|error| format!("{name}: {error}"))
            };
            let (old_tree, new_tree) = (tree(&baseline, old)?, tree(&current, new)?);
            let history = bundle.report_history(name, (&baseline, old), (&current, new));
            Ok(Some(analyse(&old_tree, &new_tree, Some(history), policy.as_ref(), data)))
        }),
        "source" => {
            let request = get(data, "request").as_f64().unwrap_or(0.0) as u32;
            Ok(Some(Outgoing::Source { request, result: source_evidence(data) }))
        }
        other => Err(format!("unknown request '{other}'")),
    }
}

/// The evidence for a finding ([`crate::evidence`]): `{baseline, current}`, each absent or
/// `{path, line, from, …}` saying where the analysed side came from — `from: "file"` with the
/// picked `file`, `"archive"` with the archive `file`, `"sample"`, or `"bundle"` with a `revision`
/// of the open bundle.
fn source_evidence(data: &JsValue) -> Result<String, String> {
    /// A side's path, line, and the file's bytes or why not.
    type Read = (String, u32, Result<Vec<u8>, String>);
    let sides: Vec<Option<Read>> = [Side::Baseline, Side::Current]
        .into_iter()
        .map(|side| {
            let entry = get(data, side.as_str());
            let path = get_string(&entry, "path")?;
            let line = get(&entry, "line").as_f64().unwrap_or(1.0) as u32;
            let bytes = side_file(side, &entry, &path);
            Some((path, line, bytes))
        })
        .collect();
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
fn side_file(side: Side, entry: &JsValue, path: &str) -> Result<Vec<u8>, String> {
    let missing = || format!("{path} is not on this side");
    let reader =
        || FileReaderSync::new().map_err(|_| "this browser cannot read files in a worker".to_owned());
    let file =
        || get(entry, "file").dyn_into::<File>().map_err(|_| "the file is no longer available".to_owned());
    match get_string(entry, "from").as_deref() {
        Some("file") => read_whole(&reader()?, &file()?),
        Some("archive") => {
            let file = file()?;
            let key = format!("{}\n{}\n{}", file.name(), file.size(), file.last_modified());
            ARCHIVES.with(|archives| {
                let mut archives = archives.borrow_mut();
                let slot = side.of_mut(&mut archives);
                if slot.as_ref().is_none_or(|(cached, _)| *cached != key) {
                    *slot = None; // the old tree goes before the new one is read
                    *slot = Some((key, read_archive(&reader()?, &file, &file.name())?));
                }
                let tree = slot.as_ref().map(|(_, tree)| tree);
                tree.and_then(|tree| tree.get(path)).map(<[u8]>::to_vec).ok_or_else(missing)
            })
        }
        Some("sample") => {
            let (baseline, current) = crate::sample::trees();
            let tree = match side {
                Side::Baseline => baseline,
                Side::Current => current,
            };
            tree.get(path).map(<[u8]>::to_vec).ok_or_else(missing)
        }
        Some("bundle") => BUNDLE.with(|slot| {
            let slot = slot.borrow();
            let (name, bundle) = slot.as_ref().ok_or("the bundle is no longer open")?;
            let revision = get_string(entry, "revision").unwrap_or_default();
            let commit = bundle.resolve(&revision).map_err(|error| format!("{name}: {error}"))?;
            bundle.file(commit, path).map_err(|error| format!("{name}: {error}"))?.ok_or_else(missing)
        }),
        _ => Err("the code is not included in a saved or shared report".into()),
    }
}

/// `side-done` once this worker has processed every file of its share of a side.
fn done_if_complete(side: Side) -> Option<Outgoing> {
    SHARES.with(|shares| {
        let shares = shares.borrow();
        let (work, expected) = side.of(&shares.sides).as_ref()?;
        (work.len() >= *expected).then(|| Outgoing::SideDone { side, generation: work.generation })
    })
}

fn revisions(data: &JsValue) -> (String, String) {
    (get_string(data, "baseline").unwrap_or_default(), get_string(data, "current").unwrap_or_default())
}

/// Analyses two trees in this worker (the sample, a bundle), with progress messages — through
/// [`process_trees`], the step-2 path of the CLI, so the crash containment of picked sides holds
/// here too: in careful mode each Python file is announced before it is parsed, and the files the
/// request's `skip_baseline`/`skip_current` name are reported instead of parsed.
fn analyse(
    baseline: &SourceTree,
    current: &SourceTree,
    history: Option<crate::report::History>,
    policy: Option<&PolicyText>,
    request: &JsValue,
) -> Outgoing {
    let announce = careful(request);
    let mut throttle = Throttle::default();
    let skip =
        [Side::Baseline, Side::Current].map(|side| skip_list(request, &format!("skip_{}", side.as_str())));
    let (plan, partial) = process_trees(baseline, current, skip, &mut |step| match step {
        Processing::Parsing(side, path) if announce => {
            post(&Outgoing::Parsing { side, path: path.to_owned() })
        }
        Processing::Parsing(..) => {}
        Processing::Parsed { done, total } => throttle.report(Phase::Parse.as_str(), done, total),
    });
    throttle.report(Phase::Compare.as_str(), 0, 1);
    let reply = Assembly { plan, partial, history }.run(policy);
    throttle.report(Phase::Done.as_str(), 1, 1);
    throttle.flush();
    reply
}

fn read_whole(reader: &FileReaderSync, file: &File) -> Result<Vec<u8>, String> {
    let buffer = reader
        .read_as_array_buffer(file)
        .map_err(|_| format!("{}: the browser could not read the file", file.name()))?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

fn read_archive(reader: &FileReaderSync, file: &File, label: &str) -> Result<SourceTree, String> {
    let bytes = read_whole(reader, file)?;
    archive::read(&bytes, label, &Limits::default()).map_err(|error| format!("{}: {error}", file.name()))
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
            post(&Outgoing::Progress { phase: phase.to_owned(), done, total });
        } else {
            self.pending = Some((phase.to_owned(), done, total));
        }
    }

    fn flush(&mut self) {
        if let Some((phase, done, total)) = self.pending.take() {
            post(&Outgoing::Progress { phase, done, total });
        }
    }
}
