//! Render: a [`crate::report::Report`] as text for people and machines.
//!
//! [`json`] is the contract (schema `stability-lens/report/v1`), [`markdown`] fits a
//! pull-request comment (and has a full form), [`text`] is the terminal summary, [`sarif`] feeds code-scanning tools,
//! [`html`] is one self-contained file to hand on, [`github`] annotates a pull request's diff
//! from a workflow, [`gitlab`] is GitLab's code-quality report. All are pure functions of the report.

pub mod diff;
pub mod github;
pub mod gitlab;
pub mod html;
pub mod json;
pub mod markdown;
pub mod sarif;
pub mod svg;
pub mod text;

/// `text` with every byte outside ASCII alphanumerics and `keep` percent-encoded (URI references,
/// URL fragments).
pub(crate) fn percent_encode(text: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || keep.contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The output formats the CLI offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Html,
    Json,
    /// Sized for a pull request (within 60,000 characters).
    Markdown,
    /// Every finding.
    MarkdownFull,
    Sarif,
    Text,
    /// GitHub Actions annotations.
    Github,
    /// GitLab's code-quality report.
    Gitlab,
}

impl Format {
    pub fn render(self, report: &crate::report::Report) -> String {
        match self {
            Format::Html => html::render(report),
            Format::Json => json::render(report),
            Format::Markdown => markdown::render(report),
            Format::MarkdownFull => markdown::render_full(report),
            Format::Sarif => sarif::render(report),
            Format::Text => text::render(report),
            Format::Github => github::render(report),
            Format::Gitlab => gitlab::render(report),
        }
    }
}
