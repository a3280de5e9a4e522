//! The messages between the page and the worker, and small helpers to read JS objects.
//! Both `ui/` and `worker/` use these, so the two sides cannot drift apart.

use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::problem::Side;

/// A message from the worker to the page.
#[derive(Debug, Clone)]
pub enum Outgoing {
    Ready,
    Progress {
        phase: String,
        done: usize,
        total: usize,
    },
    /// A report, and the text of the current tree's own policy file (empty without one).
    Report {
        json: String,
        policy: String,
    },
    /// A policy given to `policy` was refused: where and why.
    PolicyError {
        line: u32,
        column: u32,
        message: String,
    },
    /// A request failed; `request` is its type (`assemble`, `bundle-open`, …).
    Error {
        message: String,
        request: String,
    },
    /// A bundle was opened: its [`crate::intake::bundle::BundleSummary`] as JSON.
    Bundle {
        json: String,
    },
    /// The commits between two revisions of the open bundle (JSON list), or why not.
    Range {
        json: String,
    },
    RangeError {
        message: String,
    },
    /// A worker has processed `done` files of its share of a side.
    SideProgress {
        side: Side,
        generation: u32,
        done: usize,
    },
    /// In careful mode (after a worker crashed), sent before each Python file is parsed: if the
    /// worker dies now, this file is the one that killed it.
    Parsing {
        side: Side,
        path: String,
    },
    /// A worker has processed its whole share of a side.
    SideDone {
        side: Side,
        generation: u32,
    },
    /// A worker's results for both sides ([`crate::pipeline::Partial`], postcard-encoded: a
    /// third of JSON's size, four times faster to decode). Its buffer is transferred, not copied.
    /// `first`: asked for the first report (see [`crate::pipeline::Partial::only_analysed_files`]).
    Partial {
        bytes: js_sys::Uint8Array,
        first: bool,
    },
    /// The evidence for a finding ([`crate::evidence::SourceEvidence`] as JSON), or why there is
    /// none, for the page's request number `request`.
    Source {
        request: u32,
        result: Result<String, String>,
    },
    /// A side could not be read at all (a corrupt archive).
    SideFailed {
        side: Side,
        generation: u32,
        message: String,
    },
}

impl Outgoing {
    pub fn to_js(&self) -> JsValue {
        let object = Object::new();
        let (kind, fields): (&str, Vec<(&str, JsValue)>) = match self {
            Outgoing::Ready => ("ready", vec![]),
            Outgoing::Progress { phase, done, total } => (
                "progress",
                vec![
                    ("phase", JsValue::from_str(phase)),
                    ("done", JsValue::from_f64(*done as f64)),
                    ("total", JsValue::from_f64(*total as f64)),
                ],
            ),
            Outgoing::Report { json, policy } => {
                ("report", vec![("json", JsValue::from_str(json)), ("policy", JsValue::from_str(policy))])
            }
            Outgoing::PolicyError { line, column, message } => (
                "policy-error",
                vec![
                    ("line", JsValue::from_f64(f64::from(*line))),
                    ("column", JsValue::from_f64(f64::from(*column))),
                    ("message", JsValue::from_str(message)),
                ],
            ),
            Outgoing::Error { message, request } => (
                "error",
                vec![("message", JsValue::from_str(message)), ("request", JsValue::from_str(request))],
            ),
            Outgoing::Bundle { json } => ("bundle", vec![("json", JsValue::from_str(json))]),
            Outgoing::Range { json } => ("range", vec![("json", JsValue::from_str(json))]),
            Outgoing::RangeError { message } => {
                ("range-error", vec![("message", JsValue::from_str(message))])
            }
            Outgoing::SideProgress { side, generation, done } => (
                "side-progress",
                vec![
                    ("side", JsValue::from_str(side.as_str())),
                    ("generation", JsValue::from_f64(f64::from(*generation))),
                    ("done", JsValue::from_f64(*done as f64)),
                ],
            ),
            Outgoing::SideDone { side, generation } => (
                "side-done",
                vec![
                    ("side", JsValue::from_str(side.as_str())),
                    ("generation", JsValue::from_f64(f64::from(*generation))),
                ],
            ),
            Outgoing::Parsing { side, path } => (
                "parsing",
                vec![("side", JsValue::from_str(side.as_str())), ("path", JsValue::from_str(path))],
            ),
            Outgoing::Partial { bytes, first } => {
                ("partial", vec![("bytes", bytes.into()), ("first", JsValue::from_bool(*first))])
            }
            Outgoing::Source { request, result } => (
                "source",
                vec![
                    ("request", JsValue::from_f64(f64::from(*request))),
                    match result {
                        Ok(json) => ("json", JsValue::from_str(json)),
                        Err(message) => ("message", JsValue::from_str(message)),
                    },
                ],
            ),
            Outgoing::SideFailed { side, generation, message } => (
                "side-failed",
                vec![
                    ("side", JsValue::from_str(side.as_str())),
                    ("generation", JsValue::from_f64(f64::from(*generation))),
                    ("message", JsValue::from_str(message)),
                ],
            ),
        };
        set(&object, "type", &JsValue::from_str(kind));
        for (key, value) in fields {
            set(&object, key, &value);
        }
        object.into()
    }

    pub fn from_js(value: &JsValue) -> Option<Outgoing> {
        let number = |key| get(value, key).as_f64().unwrap_or(0.0) as usize;
        match get_string(value, "type")?.as_str() {
            "ready" => Some(Outgoing::Ready),
            "progress" => Some(Outgoing::Progress {
                phase: get_string(value, "phase").unwrap_or_default(),
                done: number("done"),
                total: number("total"),
            }),
            "report" => Some(Outgoing::Report {
                json: get_string(value, "json")?,
                policy: get_string(value, "policy").unwrap_or_default(),
            }),
            "policy-error" => Some(Outgoing::PolicyError {
                line: number("line") as u32,
                column: number("column") as u32,
                message: get_string(value, "message").unwrap_or_default(),
            }),
            "error" => Some(Outgoing::Error {
                message: get_string(value, "message").unwrap_or_default(),
                request: get_string(value, "request").unwrap_or_default(),
            }),
            "bundle" => Some(Outgoing::Bundle { json: get_string(value, "json")? }),
            "range" => Some(Outgoing::Range { json: get_string(value, "json")? }),
            "range-error" => {
                Some(Outgoing::RangeError { message: get_string(value, "message").unwrap_or_default() })
            }
            "side-progress" => Some(Outgoing::SideProgress {
                side: side_from(value).ok()?,
                generation: number("generation") as u32,
                done: number("done"),
            }),
            "side-done" => Some(Outgoing::SideDone {
                side: side_from(value).ok()?,
                generation: number("generation") as u32,
            }),
            "parsing" => {
                Some(Outgoing::Parsing { side: side_from(value).ok()?, path: get_string(value, "path")? })
            }
            "partial" => Some(Outgoing::Partial {
                bytes: get(value, "bytes").dyn_into().ok()?,
                first: get(value, "first").as_bool().unwrap_or(false),
            }),
            "source" => Some(Outgoing::Source {
                request: number("request") as u32,
                result: get_string(value, "json")
                    .ok_or_else(|| get_string(value, "message").unwrap_or_default()),
            }),
            "side-failed" => Some(Outgoing::SideFailed {
                side: side_from(value).ok()?,
                generation: number("generation") as u32,
                message: get_string(value, "message").unwrap_or_default(),
            }),
            _ => None,
        }
    }
}

/// The `side` field of a message.
pub fn side_from(value: &JsValue) -> Result<Side, String> {
    match get_string(value, "side").as_deref() {
        Some("baseline") => Ok(Side::Baseline),
        Some("current") => Ok(Side::Current),
        other => Err(format!("unknown side {other:?}")),
    }
}

/// `object[key]`, or `undefined`.
pub fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

pub fn get_string(object: &JsValue, key: &str) -> Option<String> {
    get(object, key).as_string()
}

/// `object[key] = value`; setting a property on a plain object does not fail.
pub fn set(object: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(object, &JsValue::from_str(key), value);
}
