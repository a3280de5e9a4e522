//! What the reviewer has narrowed the report to — the filters, the sort and the open finding —
//! and its mirror in the page address's fragment (`#q=…&severity=…&finding=…`), so reloading
//! keeps the view and a shared link can point at one finding. A shared report's own data
//! (`#report=…`) comes first in the fragment and is kept. The address is updated with
//! `history.replaceState`, which navigates nowhere and fetches nothing.

use wasm_bindgen::JsValue;

use super::share::PREFIX;

/// The view; every field is empty when unset.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct View {
    /// Words every shown change must contain.
    pub text: String,
    /// `breaking`, `warning` or `additive`.
    pub severity: String,
    /// A change kind (`parameter_removed`, …).
    pub kind: String,
    /// A module (`payments.client`).
    pub module: String,
    /// A compliance rule id.
    pub rule: String,
    /// `object`, `kind` or `module`; empty: by severity, as the report orders changes.
    pub sort: String,
    /// The open finding's id (`api/…`, `rule/…`).
    pub finding: String,
}

const KEYS: [&str; 7] = ["q", "severity", "kind", "module", "rule", "sort", "finding"];

impl View {
    fn field_mut(&mut self, key: &str) -> Option<&mut String> {
        Some(match key {
            "q" => &mut self.text,
            "severity" => &mut self.severity,
            "kind" => &mut self.kind,
            "module" => &mut self.module,
            "rule" => &mut self.rule,
            "sort" => &mut self.sort,
            "finding" => &mut self.finding,
            _ => return None,
        })
    }

    fn field(&self, key: &str) -> &str {
        match key {
            "q" => &self.text,
            "severity" => &self.severity,
            "kind" => &self.kind,
            "module" => &self.module,
            "rule" => &self.rule,
            "sort" => &self.sort,
            "finding" => &self.finding,
            _ => "",
        }
    }

    /// The view with `id` opened, or closed when it is the open finding.
    pub fn toggled(&self, id: &str) -> View {
        let finding = if self.finding == id { String::new() } else { id.to_owned() };
        View { finding, ..self.clone() }
    }

    /// The view a fragment (without `#`) describes; unknown keys and a report's data are ignored.
    pub fn from_fragment(fragment: &str) -> View {
        let mut view = View::default();
        for part in fragment.split('&') {
            let (key, value) = part.split_once('=').unwrap_or((part, ""));
            if let Some(field) = view.field_mut(key) {
                *field = js_sys::decode_uri_component(value).map(String::from).unwrap_or_default();
            }
        }
        view
    }

    /// The fragment for this view (without `#`): only the fields that are set.
    pub fn to_fragment(&self) -> String {
        KEYS.iter()
            .filter(|key| !self.field(key).is_empty())
            .map(|key| format!("{key}={}", crate::render::percent_encode(self.field(key), b"-_.~/:")))
            .collect::<Vec<_>>()
            .join("&")
    }
}

fn hash() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

/// The view in the page's address now.
pub fn current() -> View {
    View::from_fragment(hash().trim_start_matches('#'))
}

/// Puts the view into the page's address — after the shared report's data when the report shown
/// came from a link (`from_link`); otherwise such data is dropped, since it is not what is shown.
pub fn store(view: &View, from_link: bool) {
    let Some(window) = web_sys::window() else { return };
    let hash = hash();
    let report =
        hash.strip_prefix(PREFIX).filter(|_| from_link).map(|rest| rest.split('&').next().unwrap_or(rest));
    let view = view.to_fragment();
    let fragment = match (report, view.is_empty()) {
        (Some(data), true) => format!("{PREFIX}{data}"),
        (Some(data), false) => format!("{PREFIX}{data}&{view}"),
        (None, _) => format!("#{view}"),
    };
    if fragment == hash || (fragment == "#" && hash.is_empty()) {
        return;
    }
    let path =
        window.location().pathname().unwrap_or_default() + &window.location().search().unwrap_or_default();
    let url = if fragment == "#" { path } else { path + &fragment };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}
