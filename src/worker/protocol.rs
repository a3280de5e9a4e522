//! The messages between the page and the worker, and small helpers to read JS objects.
//! Both `ui/` and `worker/` use these, so the two sides cannot drift apart.

use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

/// A message from the worker to the page.
#[derive(Debug, Clone, PartialEq)]
pub enum Outgoing {
    Ready,
    Progress {
        phase: String,
        done: usize,
        total: usize,
    },
    Report {
        json: String,
    },
    Error {
        message: String,
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
            Outgoing::Report { json } => ("report", vec![("json", JsValue::from_str(json))]),
            Outgoing::Error { message } => ("error", vec![("message", JsValue::from_str(message))]),
            Outgoing::Bundle { json } => ("bundle", vec![("json", JsValue::from_str(json))]),
            Outgoing::Range { json } => ("range", vec![("json", JsValue::from_str(json))]),
            Outgoing::RangeError { message } => {
                ("range-error", vec![("message", JsValue::from_str(message))])
            }
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
            "report" => Some(Outgoing::Report { json: get_string(value, "json")? }),
            "error" => Some(Outgoing::Error { message: get_string(value, "message").unwrap_or_default() }),
            "bundle" => Some(Outgoing::Bundle { json: get_string(value, "json")? }),
            "range" => Some(Outgoing::Range { json: get_string(value, "json")? }),
            "range-error" => {
                Some(Outgoing::RangeError { message: get_string(value, "message").unwrap_or_default() })
            }
            _ => None,
        }
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
