//! The whole-file diff behind a finding: the changed lines of the file between the two sides,
//! in hunks with three lines of context (like `git diff`), each line highlighted. Lines are
//! aligned with `similar`'s Myers diff.
//!
//! Myers takes time in proportion to the lines times the lines that differ; two big files that
//! share little would hold the worker up for seconds, so such pairs get a one-line summary
//! ([`FileDiff::TooDifferent`]) instead of a diff, and every diff has a deadline (reordered lines
//! escape the estimate).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use std::time::Duration;

use similar::{capture_diff_slices_deadline, group_diff_ops, Algorithm, DiffTag, Instant};

use super::highlight::{Highlighted, Span};

/// Lines of unchanged context around each change.
const CONTEXT: usize = 3;
/// Above (lines on both sides) × (lines that differ), no diff is computed.
const MAX_WORK: u64 = 200_000_000;
/// Time Myers may take before `similar` settles for a coarser diff.
const DEADLINE_MS: u64 = 500;
/// Diff lines sent at most; the rest is counted.
pub const MAX_LINES: usize = 4_000;

/// The difference between the two versions of a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum FileDiff {
    /// The same text on both sides.
    Identical,
    /// Only one side has the file: nothing to diff against.
    OneSide,
    Changed {
        added: usize,
        removed: usize,
        hunks: Vec<Hunk>,
        /// Diff lines left out after [`MAX_LINES`].
        omitted: usize,
    },
    /// Too big and too different to diff here; how many lines each side has.
    TooDifferent { baseline_lines: usize, current_lines: usize },
}

/// Consecutive diff lines, with the first line number on each side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hunk {
    pub baseline_start: u32,
    pub current_start: u32,
    pub lines: Vec<DiffLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffLine {
    pub change: LineChange,
    /// The line's number in the baseline (context and removed lines) and the current side
    /// (context and added lines).
    pub baseline: Option<u32>,
    pub current: Option<u32>,
    pub spans: Vec<Span>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineChange {
    Context,
    Removed,
    Added,
}

/// The diff of two highlighted texts.
pub fn diff(old: &Highlighted, new: &Highlighted) -> FileDiff {
    let old_lines: Vec<&str> = (1..=old.line_count()).map(|n| old.line_text(n)).collect();
    let new_lines: Vec<&str> = (1..=new.line_count()).map(|n| new.line_text(n)).collect();
    if old_lines == new_lines {
        return FileDiff::Identical;
    }
    let total = (old_lines.len() + new_lines.len()) as u64;
    if total * differing_lines(&old_lines, &new_lines) > MAX_WORK {
        return FileDiff::TooDifferent { baseline_lines: old_lines.len(), current_lines: new_lines.len() };
    }
    // The estimate above misses reordered lines (moved functions count as no difference), so
    // Myers also gets a deadline; past it, `similar` finishes with a coarser (still correct) diff.
    let deadline = Instant::now().checked_add(Duration::from_millis(DEADLINE_MS));
    let ops = capture_diff_slices_deadline(Algorithm::Myers, &old_lines, &new_lines, deadline);
    let (mut added, mut removed, mut sent, mut omitted) = (0, 0, 0, 0);
    let mut hunks = Vec::new();
    for group in group_diff_ops(ops, CONTEXT) {
        let mut hunk: Option<Hunk> = None;
        for op in group {
            let (tag, old_range, new_range) = op.as_tag_tuple();
            let starts = (number(old_range.start).unwrap_or(0), number(new_range.start).unwrap_or(0));
            let mut lines: Vec<(LineChange, Option<u32>, Option<u32>)> = Vec::new();
            match tag {
                DiffTag::Equal => lines.extend(
                    old_range.zip(new_range).map(|(o, n)| (LineChange::Context, number(o), number(n))),
                ),
                DiffTag::Delete | DiffTag::Insert | DiffTag::Replace => {
                    removed += old_range.len();
                    added += new_range.len();
                    lines.extend(old_range.map(|o| (LineChange::Removed, number(o), None)));
                    lines.extend(new_range.map(|n| (LineChange::Added, None, number(n))));
                }
            }
            for (change, baseline, current) in lines {
                if sent >= MAX_LINES {
                    omitted += 1;
                    continue;
                }
                sent += 1;
                let spans = match (baseline, current) {
                    (_, Some(n)) => new.line(n),
                    (Some(n), None) => old.line(n),
                    (None, None) => Vec::new(),
                };
                let hunk = hunk.get_or_insert_with(|| Hunk {
                    baseline_start: starts.0,
                    current_start: starts.1,
                    lines: Vec::new(),
                });
                hunk.lines.push(DiffLine { change, baseline, current, spans });
            }
        }
        hunks.extend(hunk);
    }
    FileDiff::Changed { added, removed, hunks, omitted }
}

/// 1-based line number of a 0-based index.
fn number(index: usize) -> Option<u32> {
    u32::try_from(index + 1).ok()
}

/// Lines in one side and not the other (as multisets): a lower bound of the edit distance.
fn differing_lines(old: &[&str], new: &[&str]) -> u64 {
    let mut balance: HashMap<&str, i64> = HashMap::new();
    for line in old {
        *balance.entry(line).or_default() += 1;
    }
    for line in new {
        *balance.entry(line).or_default() -= 1;
    }
    balance.values().map(|count| count.unsigned_abs()).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::highlight::Class;

    fn plain(diff: &FileDiff) -> Vec<String> {
        let FileDiff::Changed { hunks, .. } = diff else { return vec![format!("{diff:?}")] };
        hunks
            .iter()
            .flat_map(|hunk| {
                std::iter::once(format!("@@ {} {}", hunk.baseline_start, hunk.current_start)).chain(
                    hunk.lines.iter().map(|line| {
                        let mark = match line.change {
                            LineChange::Context => ' ',
                            LineChange::Removed => '-',
                            LineChange::Added => '+',
                        };
                        format!("{mark}{}", line.spans.iter().map(|s| s.1.as_str()).collect::<String>())
                    }),
                )
            })
            .collect()
    }

    #[test]
    fn hunks_hold_the_changes_with_three_lines_of_context() {
        let old: String = (1..=20).map(|n| format!("a{n} = {n}\n")).collect();
        let new = old.replace("a10 = 10\n", "a10 = 'ten'\nextra = 1\n").replace("a1 = 1\n", "");
        let (old, new) = (Highlighted::new(&old), Highlighted::new(&new));
        let diff = diff(&old, &new);
        assert_eq!(
            plain(&diff),
            vec![
                "@@ 1 1",
                "-a1 = 1",
                " a2 = 2",
                " a3 = 3",
                " a4 = 4",
                "@@ 7 6",
                " a7 = 7",
                " a8 = 8",
                " a9 = 9",
                "-a10 = 10",
                "+a10 = 'ten'",
                "+extra = 1",
                " a11 = 11",
                " a12 = 12",
                " a13 = 13",
            ]
        );
        let FileDiff::Changed { added, removed, hunks, omitted } = &diff else { unreachable!() };
        assert_eq!((*added, *removed, *omitted), (2, 2, 0));
        let ten = hunks.get(1).and_then(|h| h.lines.get(4)).map(|l| (l.baseline, l.current, l.spans.clone()));
        assert_eq!(ten.as_ref().map(|t| (t.0, t.1)), Some((None, Some(9))));
        assert!(ten.is_some_and(|t| t.2.contains(&Span(Class::String, "'ten'".into()))));
    }

    #[test]
    fn identical_texts_and_huge_rewrites_are_summarised() {
        let text = Highlighted::new("a = 1\n");
        assert_eq!(diff(&text, &text), FileDiff::Identical);
        let old: String = (0..12_000).map(|n| format!("x{n} = 1\n")).collect();
        let new: String = (0..12_000).map(|n| format!("y{n} = 1\n")).collect();
        assert_eq!(
            diff(&Highlighted::new(&old), &Highlighted::new(&new)),
            FileDiff::TooDifferent { baseline_lines: 12_000, current_lines: 12_000 }
        );
    }

    #[test]
    fn reordered_big_files_finish_within_the_deadline() {
        let old: Vec<String> = (0..30_000).map(|n| format!("line_{n} = {n}\n")).collect();
        let mut new = old.clone();
        new.reverse();
        let (old, new) = (old.concat(), new.concat());
        // Without the deadline Myers needs ~(60,000 × 60,000) steps here: the test would not end.
        let diff = diff(&Highlighted::plain(&old), &Highlighted::plain(&new));
        let FileDiff::Changed { added, removed, .. } = diff else { panic!("expected a diff") };
        // Reversed distinct lines share one line at most; a coarse diff may keep none.
        assert_eq!(added, removed);
        assert!((29_999..=30_000).contains(&added), "{added}");
    }

    #[test]
    fn long_diffs_are_cut_and_counted() {
        let new: String = (0..5_000).map(|n| format!("z{n}\n")).collect();
        let FileDiff::Changed { added, omitted, hunks, .. } =
            diff(&Highlighted::new(""), &Highlighted::new(&new))
        else {
            panic!("expected a diff")
        };
        assert_eq!((added, omitted), (5_000, 1_000));
        assert_eq!(hunks.iter().map(|h| h.lines.len()).sum::<usize>(), MAX_LINES);
    }
}
