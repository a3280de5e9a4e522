//! The page's side of the worker protocol ([`crate::worker::protocol`]): starts the worker, sends
//! it work, and turns its messages into [`Action`]s. A worker that dies (a crash, a failed load)
//! is reported and replaced, so the page stays usable.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, MessageEvent, Worker, WorkerOptions, WorkerType};
use yew::UseReducerDispatcher;

use super::picked::Picked;
use super::state::{Action, AppState};
use crate::worker::protocol::{set, Outgoing};

/// Where trunk puts the worker's loader (named after the `worker` binary, never hashed).
const WORKER_URL: &str = "./worker_loader.js";

/// A running worker and the handlers attached to it (kept alive as long as the worker).
struct Running {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

#[derive(Clone)]
pub struct Bridge {
    slot: Rc<RefCell<Option<Running>>>,
    dispatch: UseReducerDispatcher<AppState>,
}

impl PartialEq for Bridge {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.slot, &other.slot)
    }
}

impl Bridge {
    pub fn new(dispatch: UseReducerDispatcher<AppState>) -> Bridge {
        let bridge = Bridge { slot: Rc::new(RefCell::new(None)), dispatch };
        bridge.start();
        bridge
    }

    fn start(&self) {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Classic);
        let worker = match Worker::new_with_options(WORKER_URL, &options) {
            Ok(worker) => worker,
            Err(_) => {
                let message = "the analysis worker could not be started".to_owned();
                self.dispatch.dispatch(Action::WorkerLost { message });
                return;
            }
        };
        let dispatch = self.dispatch.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let Some(message) = Outgoing::from_js(&event.data()) else { return };
            dispatch.dispatch(match message {
                Outgoing::Ready => Action::WorkerReady,
                Outgoing::Progress { phase, done, total } => Action::Progress { phase, done, total },
                Outgoing::Report { json } => Action::Finished { json, now_ms: now() },
                Outgoing::Error { message } => Action::Failed { message },
                Outgoing::Bundle { json } => Action::BundleOpened { json },
                Outgoing::Range { json } => Action::Range { json },
                Outgoing::RangeError { message } => Action::RangeError { message },
            });
        });
        let restart = self.clone();
        let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
            event.prevent_default();
            let detail = event.message();
            let message = if detail.is_empty() {
                "the analysis worker stopped unexpectedly".to_owned()
            } else {
                format!("the analysis worker stopped: {detail}")
            };
            restart.dispatch.dispatch(Action::WorkerLost { message });
            if let Some(old) = restart.slot.borrow_mut().take() {
                old.worker.terminate();
            }
            restart.start();
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        *self.slot.borrow_mut() = Some(Running { worker, _on_message: on_message, _on_error: on_error });
    }

    /// Posts a message to the worker; on failure reports it and returns `false`.
    fn post(&self, message: &JsValue) -> bool {
        let sent = self.slot.borrow().as_ref().map(|running| running.worker.post_message(message));
        let ok = matches!(sent, Some(Ok(())));
        if !ok {
            self.dispatch.dispatch(Action::Failed { message: "the analysis worker is not running".into() });
        }
        ok
    }

    /// Analyses two picked sides: archives travel as one `File`; folders are posted to the
    /// worker in batches (see `crate::worker` for why), yielding to the browser between batches
    /// so the page stays responsive.
    pub fn analyze(&self, baseline: Rc<Picked>, current: Rc<Picked>) {
        let begin = js_sys::Object::new();
        set(&begin, "type", &JsValue::from_str("begin"));
        for (key, picked) in [("baseline", &baseline), ("current", &current)] {
            let side = js_sys::Object::new();
            set(&side, "label", &JsValue::from_str(picked.label()));
            match picked.as_ref() {
                Picked::Folder(folder) => set(&side, "count", &JsValue::from_f64(folder.files.len() as f64)),
                Picked::Archive { file, .. } => set(&side, "archive", file),
            }
            set(&begin, key, &side);
        }
        if !self.post(&begin) {
            return;
        }
        self.dispatch.dispatch(Action::Started { now_ms: now() });
        let bridge = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            for (key, picked) in [("baseline", &baseline), ("current", &current)] {
                let Picked::Folder(folder) = picked.as_ref() else { continue };
                for (paths, files) in
                    folder.paths.chunks(POST_BATCH_FILES).zip(folder.files.chunks(POST_BATCH_FILES))
                {
                    let batch = js_sys::Object::new();
                    set(&batch, "type", &JsValue::from_str("files"));
                    set(&batch, "side", &JsValue::from_str(key));
                    set(&batch, "paths", &paths.iter().map(|p| JsValue::from_str(p)).collect::<Array>());
                    set(&batch, "files", &files.iter().map(JsValue::from).collect::<Array>());
                    if !bridge.post(&batch) {
                        return;
                    }
                    yield_to_browser().await;
                }
            }
            let end = js_sys::Object::new();
            set(&end, "type", &JsValue::from_str("end"));
            bridge.post(&end);
        });
    }

    /// Opens a git bundle in the worker; its summary comes back as [`Action::BundleOpened`].
    pub fn bundle_open(&self, file: &web_sys::File) {
        let message = js_sys::Object::new();
        set(&message, "type", &JsValue::from_str("bundle-open"));
        set(&message, "file", file);
        if self.post(&message) {
            self.dispatch.dispatch(Action::BundleOpening { name: file.name() });
        }
    }

    /// Asks for the commits between two revisions of the open bundle.
    pub fn bundle_range(&self, baseline: &str, current: &str) {
        self.post(&revisions("bundle-range", baseline, current));
    }

    /// Analyses two revisions of the open bundle.
    pub fn bundle_analyze(&self, baseline: &str, current: &str) {
        if self.post(&revisions("bundle-analyze", baseline, current)) {
            self.dispatch.dispatch(Action::Started { now_ms: now() });
        }
    }

    /// Analyses the sample pair built into the worker.
    pub fn sample(&self) {
        let message = js_sys::Object::new();
        set(&message, "type", &JsValue::from_str("sample"));
        if self.post(&message) {
            self.dispatch.dispatch(Action::Started { now_ms: now() });
        }
    }
}

fn revisions(kind: &str, baseline: &str, current: &str) -> js_sys::Object {
    let message = js_sys::Object::new();
    set(&message, "type", &JsValue::from_str(kind));
    set(&message, "baseline", &JsValue::from_str(baseline));
    set(&message, "current", &JsValue::from_str(current));
    message
}

/// Files per message: cloning a never-used `File` stats it on this thread (~0.3 ms), so 200 keep
/// each step well under the 50 ms that makes a long task.
const POST_BATCH_FILES: usize = 200;

/// Lets the browser handle input and paint before the next step (a `setTimeout(0)`).
async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback(&resolve);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

pub fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or_else(js_sys::Date::now)
}
