//! The JSON report: pretty-printed with two-space indentation and a final newline, fields in
//! declaration order, lists sorted by [`crate::report::Report::new`] — byte-identical for the same
//! input in the CLI and the browser.

use crate::report::Report;

pub fn render(report: &Report) -> String {
    // Serialising plain structs of strings, numbers and enums cannot fail; fall back to an
    // explicit error object rather than panicking if that ever changes.
    let mut json = serde_json::to_string_pretty(report)
        .unwrap_or_else(|error| format!("{{\"error\": \"{}\"}}", error.to_string().replace('"', "'")));
    json.push('\n');
    json
}

/// Reads a report back (the app's "open a JSON report", tests).
pub fn parse(text: &str) -> Result<Report, serde_json::Error> {
    serde_json::from_str(text)
}
