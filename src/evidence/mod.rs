//! Evidence: the source behind a finding, for the report's side-by-side view — the lines around
//! the finding on each side, highlighted from the parser's tokens ([`highlight`]), and the whole
//! file's diff ([`file_diff`]).
//!
//! In: for each side, the finding's path and line and the file's bytes (or why they could not be
//! had). Out: [`SourceEvidence`], plain data the page renders as it is. The web worker computes
//! it when a finding is opened (it can read the files; the page holds only the report), so the
//! lexing and diffing stay out of the page's wasm: only these types are shared.

pub mod file_diff;
pub mod highlight;

use serde::{Deserialize, Serialize};

use file_diff::FileDiff;
use highlight::{Highlighted, Span};

/// Lines shown before the finding's line, and after it (a signature and the start of a body).
const BEFORE: u32 = 3;
const AFTER: u32 = 12;

/// One side of a finding: where it is, and the file's bytes or why they are not available.
pub struct SideSource<'a> {
    pub path: &'a str,
    pub line: u32,
    pub bytes: Result<&'a [u8], String>,
}

/// What the evidence view shows for a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceEvidence {
    pub baseline: Option<Excerpt>,
    pub current: Option<Excerpt>,
    pub diff: FileDiff,
}

/// The lines around a finding on one side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Excerpt {
    pub path: String,
    /// The finding's line; `0` when the finding is on the other side and this side is here only
    /// for the file's diff (`lines` is then empty).
    pub line: u32,
    /// Lines in the whole file.
    pub total_lines: u32,
    pub lines: Vec<NumberedLine>,
    /// Why the source cannot be shown (unreadable, undecodable); `lines` is then empty.
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NumberedLine {
    pub number: u32,
    pub spans: Vec<Span>,
}

/// The evidence for a finding from its two sides (either may be absent: an added or removed
/// object).
pub fn build(baseline: Option<SideSource>, current: Option<SideSource>) -> SourceEvidence {
    let decode = |side: &Option<SideSource>| -> Option<Result<String, String>> {
        side.as_ref().map(|side| match &side.bytes {
            Ok(bytes) => Ok(text_of(bytes)),
            Err(reason) => Err(reason.clone()),
        })
    };
    let (baseline_text, current_text) = (decode(&baseline), decode(&current));
    let (old, new) = (highlight(&baseline, &baseline_text), highlight(&current, &current_text));
    let diff = match (&old, &new) {
        (Some(old), Some(new)) => file_diff::diff(old, new),
        _ => FileDiff::OneSide,
    };
    SourceEvidence {
        baseline: baseline.map(|side| excerpt(&side, old.as_ref(), baseline_text.as_ref())),
        current: current.map(|side| excerpt(&side, new.as_ref(), current_text.as_ref())),
        diff,
    }
}

/// A side's text, coloured when it is Python.
fn highlight<'a>(
    side: &Option<SideSource>,
    text: &'a Option<Result<String, String>>,
) -> Option<Highlighted<'a>> {
    let text = text.as_ref()?.as_ref().ok()?;
    Some(match side.as_ref().is_some_and(|side| crate::pipeline::is_python(side.path)) {
        true => Highlighted::new(text),
        false => Highlighted::plain(text),
    })
}

/// The file's text by Python's source-encoding rules; undecodable bytes are shown replaced,
/// since this is for reading, not parsing.
fn text_of(bytes: &[u8]) -> String {
    crate::parse::decode(bytes).unwrap_or_else(|_| String::from_utf8_lossy(bytes).into_owned())
}

fn excerpt(
    side: &SideSource,
    text: Option<&Highlighted>,
    decoded: Option<&Result<String, String>>,
) -> Excerpt {
    let error = match decoded {
        Some(Err(reason)) => Some(reason.clone()),
        _ => None,
    };
    let (total_lines, lines) = match text {
        Some(text) if side.line == 0 => (text.line_count(), Vec::new()),
        Some(text) => {
            let total = text.line_count();
            let first = side.line.saturating_sub(BEFORE).max(1);
            let last = side.line.saturating_add(AFTER).min(total);
            (total, (first..=last).map(|number| NumberedLine { number, spans: text.line(number) }).collect())
        }
        None => (0, Vec::new()),
    };
    Excerpt { path: side.path.to_owned(), line: side.line, total_lines, lines, error }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_surround_the_line_and_the_diff_covers_the_file() {
        let old: String = (1..=30).map(|n| format!("v{n} = {n}\n")).collect();
        let new = old.replace("v20 = 20\n", "v20 = 21\n");
        let evidence = build(
            Some(SideSource { path: "m.py", line: 2, bytes: Ok(old.as_bytes()) }),
            Some(SideSource { path: "m.py", line: 20, bytes: Ok(new.as_bytes()) }),
        );
        let numbers = |excerpt: &Option<Excerpt>| -> Vec<u32> {
            excerpt.iter().flat_map(|e| e.lines.iter().map(|l| l.number)).collect()
        };
        assert_eq!(numbers(&evidence.baseline), (1..=14).collect::<Vec<_>>());
        assert_eq!(numbers(&evidence.current), (17..=30).collect::<Vec<_>>());
        assert_eq!(evidence.current.as_ref().map(|e| e.total_lines), Some(30));
        assert!(matches!(evidence.diff, FileDiff::Changed { added: 1, removed: 1, .. }));
    }

    #[test]
    fn a_missing_side_or_unreadable_file_is_said_not_guessed() {
        let evidence = build(
            Some(SideSource { path: "gone.py", line: 1, bytes: Err("the file could not be read".into()) }),
            Some(SideSource { path: "latin.py", line: 2, bytes: Ok(b"# coding: latin-1\nname = '\xe9'\n") }),
        );
        let baseline = evidence.baseline.as_ref();
        assert_eq!(baseline.and_then(|e| e.error.as_deref()), Some("the file could not be read"));
        assert!(baseline.is_some_and(|e| e.lines.is_empty()));
        let text: String = evidence
            .current
            .iter()
            .flat_map(|e| e.lines.iter().flat_map(|l| l.spans.iter().map(|s| s.1.clone())))
            .collect();
        assert!(text.contains("'\u{e9}'"), "{text}");
        assert_eq!(evidence.diff, FileDiff::OneSide);
        let added = build(None, Some(SideSource { path: "new.py", line: 1, bytes: Ok(b"x = 1\n") }));
        assert!(added.baseline.is_none());
        assert_eq!(added.diff, FileDiff::OneSide);
    }
}
