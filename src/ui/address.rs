//! The page address's fragment as the home of the report's [`View`]: read at start, replaced
//! (with `history.replaceState`, which navigates nowhere and fetches nothing) whenever the view
//! changes. A shared report's own data (`#report=…`) comes first in the fragment and is kept.

use wasm_bindgen::JsValue;

use super::share::PREFIX;
use super::view::View;

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
