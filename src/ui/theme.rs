//! The colour theme: the system's (the default), or light or dark as the reviewer chose — kept
//! in the browser's local storage, applied as `data-theme` on the document element (the
//! stylesheet has both palettes).

const KEY: &str = "stability-lens-theme";

/// The themes, in the order the switch cycles through them.
pub const THEMES: [&str; 3] = ["system", "light", "dark"];

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The theme chosen before, or `system`.
pub fn saved() -> &'static str {
    let saved = storage().and_then(|s| s.get_item(KEY).ok().flatten()).unwrap_or_default();
    THEMES.into_iter().find(|t| *t == saved).unwrap_or("system")
}

/// Applies a theme to the page and remembers it.
pub fn apply(theme: &str) {
    let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element());
    if let Some(root) = root {
        let _ = match theme {
            "light" | "dark" => root.set_attribute("data-theme", theme),
            _ => root.remove_attribute("data-theme"),
        };
    }
    if let Some(storage) = storage() {
        let _ = storage.set_item(KEY, theme);
    }
}

/// The theme after this one.
pub fn next(theme: &str) -> &'static str {
    let at = THEMES.iter().position(|t| *t == theme).unwrap_or(0);
    THEMES.get((at + 1) % THEMES.len()).copied().unwrap_or("system")
}
