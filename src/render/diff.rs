//! Token-level differences between two signatures, for showing "before" and "after" side by side
//! with what changed highlighted. Signatures are split into identifiers, numbers, whitespace and
//! single punctuation characters, then aligned with `similar`'s Myers diff.

use similar::{capture_diff_slices, Algorithm, DiffOp};

/// A run of text, marked when it differs from the other side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    pub changed: bool,
}

/// The two signatures as segments: on the left what was removed is marked, on the right what was
/// added.
pub fn segments(before: &str, after: &str) -> (Vec<Segment>, Vec<Segment>) {
    let old = tokens(before);
    let new = tokens(after);
    let mut left: Vec<Segment> = Vec::new();
    let mut right: Vec<Segment> = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &old, &new) {
        match op {
            DiffOp::Equal { old_index, new_index, len } => {
                push(&mut left, &old, old_index, len, false);
                push(&mut right, &new, new_index, len, false);
            }
            DiffOp::Delete { old_index, old_len, .. } => push(&mut left, &old, old_index, old_len, true),
            DiffOp::Insert { new_index, new_len, .. } => push(&mut right, &new, new_index, new_len, true),
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                push(&mut left, &old, old_index, old_len, true);
                push(&mut right, &new, new_index, new_len, true);
            }
        }
    }
    (left, right)
}

/// Appends tokens `[start, start + len)`, merging with the previous segment when the mark agrees.
fn push(out: &mut Vec<Segment>, tokens: &[&str], start: usize, len: usize, changed: bool) {
    let text: String = tokens.iter().skip(start).take(len).copied().collect();
    if text.is_empty() {
        return;
    }
    match out.last_mut() {
        Some(last) if last.changed == changed => last.text.push_str(&text),
        _ => out.push(Segment { text, changed }),
    }
}

fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut previous: Option<u8> = None; // 0 word, 1 space, 2 punctuation
    for (index, c) in text.char_indices() {
        let class = if c.is_alphanumeric() || c == '_' {
            0
        } else if c.is_whitespace() {
            1
        } else {
            2
        };
        if index > start && (previous != Some(class) || class == 2) {
            if let Some(token) = text.get(start..index) {
                out.push(token);
            }
            start = index;
        }
        previous = Some(class);
    }
    if let Some(token) = text.get(start..).filter(|t| !t.is_empty()) {
        out.push(token);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(segments: &[Segment]) -> String {
        segments.iter().map(|s| if s.changed { format!("[{}]", s.text) } else { s.text.clone() }).collect()
    }

    #[test]
    fn marks_changed_parameters() {
        let (left, right) =
            segments("def fetch(url, timeout=10)", "def fetch(url, *, timeout=30, retries=3)");
        assert_eq!(marked(&left), "def fetch(url, timeout=[10])");
        assert_eq!(marked(&right), "def fetch(url, [*, ]timeout=[30, retries=3])");
    }

    #[test]
    fn identical_signatures_have_no_marks() {
        let (left, right) = segments("def f(a)", "def f(a)");
        assert!(left.iter().chain(&right).all(|s| !s.changed));
    }
}
