//! Markdown: the report as text to paste where reviewers read — a pull request's description or
//! comment, a job summary. [`brief`] (`--format markdown`, the app's Markdown button) fits in a
//! GitHub comment whatever the input; [`full`] (`--format markdown-full`) has every finding.
//!
//! Every string that comes from the analysed code goes through [`code`], [`message`] or [`text`]
//! (in table cells their `_cell` forms), so names, signatures and messages cannot inject Markdown
//! or HTML.

pub mod brief;
pub mod full;

/// The PR-sized report (see [`brief`]).
pub fn render(report: &crate::report::Report) -> String {
    brief::render(report)
}

/// Every finding (see [`full`]).
pub fn render_full(report: &crate::report::Report) -> String {
    full::render(report)
}

pub(crate) fn list_cell(items: &[String]) -> String {
    if items.is_empty() {
        "—".to_owned()
    } else {
        items.iter().map(|item| code_cell(item)).collect::<Vec<_>>().join(", ")
    }
}

/// An inline code span that no content can break out of. A `|` is written as is: `\|` would show
/// its backslash outside a table ([`code_cell`] is for table cells).
pub fn code(content: &str) -> String {
    code_span(&content.replace(['\n', '\r'], " "))
}

/// A code span inside a table cell: `|` escaped as `\|`, which GitHub's tables read as the
/// character (an unescaped one would end the cell).
pub fn code_cell(content: &str) -> String {
    code_span(&content.replace(['\n', '\r'], " ").replace('|', "\\|"))
}

/// A requirement's version specifier as a table cell: `—` when the side has none, "any version"
/// when it names no version.
pub fn requirement_cell(spec: &Option<String>) -> String {
    match spec.as_deref() {
        None => "—".to_owned(),
        Some("") => "any version".to_owned(),
        Some(spec) => code_cell(spec),
    }
}

/// A generated message inside a table cell (its code spans as [`code_cell`]).
pub fn message_cell(content: &str) -> String {
    content
        .split('`')
        .enumerate()
        .map(|(index, part)| if index % 2 == 1 { code_cell(part) } else { text(part) })
        .collect()
}

fn code_span(content: &str) -> String {
    let content = content.to_owned();
    let longest_run = content.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run + 1);
    let pad = if content.starts_with('`') || content.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{content}{pad}{fence}")
}

/// A generated message: `backticked` parts become code spans, the rest is escaped text.
pub fn message(content: &str) -> String {
    content
        .split('`')
        .enumerate()
        .map(|(index, part)| if index % 2 == 1 { code(part) } else { text(part) })
        .collect()
}

/// Plain text with Markdown and HTML metacharacters escaped.
pub fn text(content: &str) -> String {
    let mut out = String::with_capacity(content.len());
    for c in content.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}
