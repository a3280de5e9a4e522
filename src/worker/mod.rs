//! The web worker: reads the picked files and runs the analysis off the page's main thread, so
//! the page stays responsive.
//!
//! Protocol (plain JS objects; both ends use [`protocol`]). The page posts:
//! - `{type: "begin", baseline, current}`, each side `{label, count}` (a folder, whose files
//!   follow) or `{label, archive: File}`; then
//! - `{type: "files", side: "baseline"|"current", paths: string[], files: File[]}` in batches, then
//! - `{type: "end"}` — or `{type: "sample"}` for the sample pair built into the worker;
//! - `{type: "bundle-open", file: File}`, then `{type: "bundle-range", baseline, current}` as
//!   the reviewer picks revisions, and `{type: "bundle-analyze", baseline, current}`.
//!
//! The worker answers `{type: "ready"}` once at start, `{type: "progress", phase, done, total}`
//! while it works, then `{type: "report", json}` — the report JSON, byte for byte what the CLI
//! prints — or `{type: "error", message}`; `{type: "bundle", json}` with the bundle's summary;
//! `{type: "range", json}` or `{type: "range-error", message}`.
//!
//! Why batches: a `File` from a folder input carries no metadata until first used, and cloning it
//! into a message makes Chromium stat it synchronously on the sending thread (~0.25 ms a file:
//! 3.2 s for Django's two trees in one message, one long freeze). Posted in batches of a few
//! hundred, the page stays responsive, and the worker reads each batch while the page posts the
//! next one.

pub mod protocol;

use std::cell::RefCell;

use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, File, FileReaderSync, MessageEvent};

use crate::intake::archive::{self, Limits};
use crate::intake::bundle::Bundle;
use crate::intake::{Skipped, SourceTree};
use crate::pipeline::{analyse_with_progress, Phase};
use crate::problem::Side;
use protocol::{get, get_string, Outgoing};

/// Progress messages are sent at most this often (milliseconds), and at every phase change.
const PROGRESS_INTERVAL_MS: f64 = 50.0;

/// Chromium pays about 0.2 ms per read call on a picked file, whatever its size; reading a batch
/// as one `Blob` made of its files costs one call. Per-file reads took 7.3 s for Django's trees.
const READ_BATCH_FILES: usize = 256;

/// The trees being received for the current analysis.
struct Incoming {
    baseline: SourceTree,
    current: SourceTree,
    expected: usize,
    received: usize,
    reader: FileReaderSync,
    throttle: Throttle,
}

thread_local! {
    static INCOMING: RefCell<Option<Incoming>> = const { RefCell::new(None) };
    /// The bundle opened last, with its file name.
    static BUNDLE: RefCell<Option<(String, Bundle)>> = const { RefCell::new(None) };
    /// The analysis being received failed already (its error was sent): ignore its other parts.
    static ABORTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

pub fn start() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let handler = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let reply = match handle(&event.data()) {
            Ok(Some(reply)) => reply,
            Ok(None) => return,
            Err(message) => Outgoing::Error { message },
        };
        post(&reply);
    });
    scope.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    handler.forget();
    post(&Outgoing::Ready);
}

fn post(message: &Outgoing) {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    // Posting a plain object of strings and numbers cannot fail in practice; if it did there is
    // no one else to tell.
    let _ = scope.post_message(&message.to_js());
}

/// Handles one message; returns the reply, if it has one.
fn handle(data: &JsValue) -> Result<Option<Outgoing>, String> {
    let kind = get_string(data, "type").unwrap_or_default();
    let aborted = ABORTED.with(|aborted| aborted.get());
    if aborted && matches!(kind.as_str(), "files" | "end") {
        return Ok(None); // the rest of an analysis whose failure was already reported
    }
    let result = handle_kind(&kind, data);
    let failed = result.is_err() && matches!(kind.as_str(), "begin" | "files");
    if kind == "begin" || failed {
        ABORTED.with(|aborted| aborted.set(failed));
    }
    if failed {
        INCOMING.with(|slot| slot.borrow_mut().take());
    }
    result
}

fn handle_kind(kind: &str, data: &JsValue) -> Result<Option<Outgoing>, String> {
    let report = |json| Ok(Some(Outgoing::Report { json }));
    match kind {
        "sample" => {
            let (baseline, current) = crate::sample::trees();
            report(analyse(&baseline, &current, None))
        }
        "begin" => {
            let reader =
                FileReaderSync::new().map_err(|_| "this browser cannot read files in a worker".to_owned())?;
            let mut expected = 0;
            let mut side = |key| -> Result<SourceTree, String> {
                let side = get(data, key);
                let label = get_string(&side, "label").unwrap_or_default();
                match get(&side, "archive").dyn_into::<File>() {
                    Ok(file) => read_archive(&reader, &file, &label),
                    Err(_) => {
                        expected += get(&side, "count").as_f64().unwrap_or(0.0) as usize;
                        Ok(SourceTree::new(label))
                    }
                }
            };
            let (baseline, current) = (side("baseline")?, side("current")?);
            let incoming =
                Incoming { baseline, current, expected, received: 0, reader, throttle: Throttle::default() };
            INCOMING.with(|slot| *slot.borrow_mut() = Some(incoming));
            Ok(None)
        }
        "files" => INCOMING.with(|slot| {
            let mut slot = slot.borrow_mut();
            let incoming = slot.as_mut().ok_or("files arrived before the analysis began")?;
            let side = match get_string(data, "side").as_deref() {
                Some("baseline") => Side::Baseline,
                Some("current") => Side::Current,
                _ => return Err("files for an unknown side".to_owned()),
            };
            receive(incoming, side, data)?;
            Ok(None)
        }),
        "end" => {
            let incoming =
                INCOMING.with(|slot| slot.borrow_mut().take()).ok_or("the analysis never began")?;
            report(analyse(&incoming.baseline, &incoming.current, None))
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
            let (baseline, current) = (
                get_string(data, "baseline").unwrap_or_default(),
                get_string(data, "current").unwrap_or_default(),
            );
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
            let (baseline, current) = (
                get_string(data, "baseline").unwrap_or_default(),
                get_string(data, "current").unwrap_or_default(),
            );
            let resolve = |rev: &str| bundle.resolve(rev).map_err(|error| format!("{name}: {error}"));
            let (old, new) = (resolve(&baseline)?, resolve(&current)?);
            let tree = |rev: &str, id: crate::intake::bundle::ObjectId| {
                bundle
                    .tree(id, &format!("{name}@{rev} ({})", id.short()))
                    .map_err(|error| format!("{name}: {error}"))
            };
            let (old_tree, new_tree) = (tree(&baseline, old)?, tree(&current, new)?);
            let history = bundle.report_history(name, (&baseline, old), (&current, new));
            report(analyse(&old_tree, &new_tree, Some(history)))
        }),
        other => Err(format!("unknown request '{other}'")),
    }
}

/// Commits listed when a bundle is opened.
const BUNDLE_HISTORY_LIMIT: usize = 300;

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

fn analyse(baseline: &SourceTree, current: &SourceTree, history: Option<crate::report::History>) -> String {
    let mut throttle = Throttle::default();
    let mut report = analyse_with_progress(baseline, current, &mut |progress| {
        throttle.report(progress.phase.as_str(), progress.done, progress.total);
        if progress.phase == Phase::Done {
            throttle.flush();
        }
    });
    report.history = history;
    crate::render::json::render(&report)
}

/// Reads one batch of files into its side's tree. A batch that cannot be read is retried file by
/// file; a file that still cannot be read is recorded as skipped with the browser's reason.
fn receive(incoming: &mut Incoming, side: Side, data: &JsValue) -> Result<(), String> {
    let paths: Vec<String> =
        Array::from(&get(data, "paths")).iter().map(|p| p.as_string().unwrap_or_default()).collect();
    let files: Vec<File> =
        Array::from(&get(data, "files")).iter().filter_map(|f| f.dyn_into::<File>().ok()).collect();
    if paths.len() != files.len() {
        return Err("the page sent a malformed batch (paths and files differ in number)".into());
    }
    let tree = match side {
        Side::Baseline => &mut incoming.baseline,
        Side::Current => &mut incoming.current,
    };
    for (batch_paths, batch_files) in paths.chunks(READ_BATCH_FILES).zip(files.chunks(READ_BATCH_FILES)) {
        match read_batch(&incoming.reader, batch_files) {
            Ok(contents) => {
                for (path, bytes) in batch_paths.iter().zip(contents) {
                    tree.insert(path, bytes);
                }
            }
            Err(_) => {
                for (path, file) in batch_paths.iter().zip(batch_files) {
                    match read_batch(&incoming.reader, std::slice::from_ref(file)) {
                        Ok(mut contents) => {
                            tree.insert(path, contents.pop().unwrap_or_default());
                        }
                        Err(reason) => tree.skipped.push(Skipped { path: path.clone(), reason }),
                    }
                }
            }
        }
    }
    incoming.received += files.len();
    incoming.throttle.report("read", incoming.received, incoming.expected);
    Ok(())
}

/// Reads several files with one read of a Blob made of them, and splits the bytes again.
fn read_batch(reader: &FileReaderSync, files: &[File]) -> Result<Vec<Vec<u8>>, String> {
    let parts: Array = files.iter().collect();
    let blob = web_sys::Blob::new_with_blob_sequence(&parts)
        .map_err(|_| "the browser could not read this file".to_owned())?;
    let buffer = reader.read_as_array_buffer(&blob).map_err(|error| {
        js_sys::Reflect::get(&error, &JsValue::from_str("message"))
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_else(|| "the browser could not read this file".to_owned())
    })?;
    let all = Uint8Array::new(&buffer);
    let mut contents = Vec::with_capacity(files.len());
    let mut offset = 0u32;
    for file in files {
        let end = u32::try_from(file.size() as u64)
            .ok()
            .and_then(|size| offset.checked_add(size))
            .filter(|end| *end <= all.length())
            .ok_or_else(|| "a file changed while it was being read, or is larger than 4 GB".to_owned())?;
        contents.push(all.subarray(offset, end).to_vec());
        offset = end;
    }
    if offset != all.length() {
        return Err("a file changed while it was being read".to_owned());
    }
    Ok(contents)
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
