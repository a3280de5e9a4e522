//! Render: a [`crate::report::Report`] as text for people and machines.
//!
//! [`json`] is the contract (schema `stability-lens/report/v1`), [`markdown`] reads well in a
//! pull-request comment, [`text`] is the terminal summary. All are pure functions of the report.

pub mod diff;
pub mod json;
pub mod markdown;
pub mod text;

/// The output formats the CLI offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Markdown,
    Text,
}

impl Format {
    pub fn render(self, report: &crate::report::Report) -> String {
        match self {
            Format::Json => json::render(report),
            Format::Markdown => markdown::render(report),
            Format::Text => text::render(report),
        }
    }
}
