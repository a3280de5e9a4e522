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

    fn post(&self, message: &JsValue) {
        let sent = self.slot.borrow().as_ref().map(|running| running.worker.post_message(message));
        match sent {
            Some(Ok(())) => self.dispatch.dispatch(Action::Started { now_ms: now() }),
            _ => self.dispatch.dispatch(Action::Failed { message: "the analysis worker is not running".into() }),
        }
    }

    /// Analyses two picked folders.
    pub fn analyze(&self, baseline: &Picked, current: &Picked) {
        let message = js_sys::Object::new();
        set(&message, "type", &JsValue::from_str("analyze"));
        set(&message, "baseline", &side(baseline));
        set(&message, "current", &side(current));
        self.post(&message);
    }

    /// Analyses the sample pair built into the worker.
    pub fn sample(&self) {
        let message = js_sys::Object::new();
        set(&message, "type", &JsValue::from_str("sample"));
        self.post(&message);
    }
}

fn side(picked: &Picked) -> JsValue {
    let object = js_sys::Object::new();
    set(&object, "label", &JsValue::from_str(&picked.label));
    let paths: Array = picked.paths.iter().map(|path| JsValue::from_str(path)).collect();
    let files: Array = picked.files.iter().map(JsValue::from).collect();
    set(&object, "paths", &paths);
    set(&object, "files", &files);
    object.into()
}

pub fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or_else(js_sys::Date::now)
}
