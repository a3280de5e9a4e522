//! The web worker: runs the analysis off the page's main thread so the page stays responsive.
//!
//! Protocol (plain JS objects, see [`protocol`]): the page posts `{type: "analyze", baseline,
//! current}` (each side `{label, paths: string[], files: File[]}`) or `{type: "sample"}`. The
//! worker answers `{type: "ready"}` once at start, `{type: "progress", phase, done, total}` while it
//! works, then `{type: "report", json}` — the report JSON, byte for byte what the CLI prints — or
//! `{type: "error", message}`.
//!
//! Files travel as `File` handles (structured-cloned without copying their bytes) and are read here
//! with `FileReaderSync`, which only workers may use.

pub mod protocol;

use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, File, FileReaderSync, MessageEvent};

use crate::intake::SourceTree;
use crate::pipeline::{analyse_with_progress, Phase};
use protocol::{get, get_string, Outgoing};

/// Progress messages are sent at most this often (milliseconds), and at every phase change.
const PROGRESS_INTERVAL_MS: f64 = 50.0;

pub fn start() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let handler = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let reply = match handle(&event.data()) {
            Ok(json) => Outgoing::Report { json },
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

fn handle(data: &JsValue) -> Result<String, String> {
    let kind = get_string(data, "type").unwrap_or_default();
    let (baseline, current) = match kind.as_str() {
        "sample" => crate::sample::trees(),
        "analyze" => {
            let mut throttle = Throttle::default();
            let sides = [get(data, "baseline"), get(data, "current")];
            let total: u32 = sides.iter().map(|side| Array::from(&get(side, "files")).length()).sum();
            let mut done = 0;
            let mut read = |side: &JsValue| -> Result<SourceTree, String> {
                read_side(side, &mut |_| {
                    done += 1;
                    throttle.report("read", done, total as usize);
                })
            };
            let baseline = read(&sides[0])?;
            let current = read(&sides[1])?;
            (baseline, current)
        }
        other => return Err(format!("unknown request '{other}'")),
    };
    let mut throttle = Throttle::default();
    let report = analyse_with_progress(&baseline, &current, &mut |progress| {
        throttle.report(progress.phase.as_str(), progress.done, progress.total);
        if progress.phase == Phase::Done {
            throttle.flush();
        }
    });
    Ok(crate::render::json::render(&report))
}

/// Reads one side's files into a tree. A file that cannot be read is recorded as skipped.
fn read_side(side: &JsValue, on_file: &mut dyn FnMut(usize)) -> Result<SourceTree, String> {
    let label = get_string(side, "label").unwrap_or_default();
    let paths = Array::from(&get(side, "paths"));
    let files = Array::from(&get(side, "files"));
    let reader = FileReaderSync::new().map_err(|_| "this browser cannot read files in a worker".to_owned())?;
    let mut tree = SourceTree::new(label);
    for (index, (path, file)) in paths.iter().zip(files.iter()).enumerate() {
        let path = path.as_string().unwrap_or_default();
        let Ok(file) = file.dyn_into::<File>() else { continue };
        match reader.read_as_array_buffer(&file) {
            Ok(buffer) => {
                tree.insert(&path, Uint8Array::new(&buffer).to_vec());
            }
            Err(error) => {
                let reason = error.as_string().unwrap_or_else(|| "the browser could not read this file".to_owned());
                tree.skipped.push(crate::intake::Skipped { path, reason });
            }
        }
        on_file(index + 1);
    }
    Ok(tree)
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
