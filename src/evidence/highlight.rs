//! Python syntax highlighting from rustpython-parser's own lexer, so the colours agree with how
//! the analysis read the file: keywords, the names a `def` or `class` introduces, decorators,
//! strings, numbers and comments.
//!
//! The lexer (without the `full-lexer` feature, which would slow every parse) does not emit
//! comments; a comment is whatever starts with `#` in the text between two tokens, since strings
//! are tokens. A file the lexer stops on is highlighted up to that point and plain after it.

use rustpython_parser::lexer::lex;
use rustpython_parser::source_code::LineIndex;
use rustpython_parser::{Mode, Tok};
use serde::{Deserialize, Serialize};

/// Files larger than this are shown without colours: lexing them would hold the worker up.
pub const MAX_HIGHLIGHT_BYTES: usize = 2 * 1024 * 1024;

/// What a piece of source text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Class {
    #[serde(rename = "")]
    Plain,
    #[serde(rename = "kw")]
    Keyword,
    /// The name a `def` or `class` statement binds.
    #[serde(rename = "def")]
    Definition,
    #[serde(rename = "dec")]
    Decorator,
    #[serde(rename = "str")]
    String,
    #[serde(rename = "num")]
    Number,
    #[serde(rename = "com")]
    Comment,
}

/// A run of text of one class (serialised as `[class, text]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span(pub Class, pub String);

/// A text, its lines and the classified byte ranges of its tokens.
pub struct Highlighted<'a> {
    text: &'a str,
    lines: LineIndex,
    /// Non-overlapping `(start, end, class)` byte ranges in text order; the rest is plain.
    marks: Vec<(usize, usize, Class)>,
}

impl<'a> Highlighted<'a> {
    pub fn new(text: &'a str) -> Highlighted<'a> {
        let marks = if text.len() <= MAX_HIGHLIGHT_BYTES { marks(text) } else { Vec::new() };
        Highlighted { text, lines: LineIndex::from_source_text(text), marks }
    }

    /// A text shown without colours (not Python: a requirements file, a pyproject.toml).
    pub fn plain(text: &'a str) -> Highlighted<'a> {
        Highlighted { text, lines: LineIndex::from_source_text(text), marks: Vec::new() }
    }

    /// How many lines the text has.
    pub fn line_count(&self) -> u32 {
        if self.text.is_empty() {
            return 0;
        }
        let starts = self.lines.line_starts();
        let trailing = starts.last().is_some_and(|start| usize::from(*start) == self.text.len());
        (starts.len() - usize::from(trailing && starts.len() > 1)) as u32
    }

    /// Byte range of a 1-based line, without its line break.
    fn line_range(&self, number: u32) -> Option<(usize, usize)> {
        let starts = self.lines.line_starts();
        let start = usize::from(*starts.get(number.checked_sub(1)? as usize)?);
        let end = starts.get(number as usize).map_or(self.text.len(), |next| usize::from(*next));
        let line = self.text.get(start..end)?;
        let content = line.trim_end_matches(['\n', '\r']);
        Some((start, start + content.len()))
    }

    /// The text of a 1-based line, without its line break (`""` past the end).
    pub fn line_text(&self, number: u32) -> &str {
        self.line_range(number).and_then(|(start, end)| self.text.get(start..end)).unwrap_or("")
    }

    /// The classified pieces of a 1-based line.
    pub fn line(&self, number: u32) -> Vec<Span> {
        let Some((start, end)) = self.line_range(number) else { return Vec::new() };
        let mut spans: Vec<Span> = Vec::new();
        let mut at = start;
        let first = self.marks.partition_point(|(_, mark_end, _)| *mark_end <= start);
        for &(mark_start, mark_end, class) in self.marks.get(first..).unwrap_or_default() {
            if mark_start >= end {
                break;
            }
            let (from, to) = (mark_start.max(start), mark_end.min(end));
            push(&mut spans, self.text.get(at..from).unwrap_or(""), Class::Plain);
            push(&mut spans, self.text.get(from..to).unwrap_or(""), class);
            at = to;
        }
        push(&mut spans, self.text.get(at..end).unwrap_or(""), Class::Plain);
        spans
    }
}

/// Appends text to the spans, merged into the last span when it has the same class.
fn push(spans: &mut Vec<Span>, text: &str, class: Class) {
    if text.is_empty() {
        return;
    }
    match spans.last_mut() {
        Some(Span(last, existing)) if *last == class => existing.push_str(text),
        _ => spans.push(Span(class, text.to_owned())),
    }
}

/// The classified ranges of a whole text, comments included.
fn marks(text: &str) -> Vec<(usize, usize, Class)> {
    let mut marks = Vec::new();
    let mut previous_end = 0usize;
    // The token before, and whether the current logical line has had a token yet.
    let mut after_def = false;
    let mut line_start = true;
    let mut after_at = false;
    let mut complete = true;
    for token in lex(text, Mode::Module) {
        let Ok((token, range)) = token else {
            complete = false;
            break;
        };
        let (start, end) = (usize::from(range.start()), usize::from(range.end()));
        comments(text, previous_end, start, &mut marks);
        previous_end = previous_end.max(end);
        let source = text.get(start..end).unwrap_or("");
        let class = match &token {
            Tok::Name { .. } if after_def => Some(Class::Definition),
            Tok::Name { .. } if after_at => Some(Class::Decorator),
            Tok::Name { .. } => None,
            Tok::Int { .. } | Tok::Float { .. } | Tok::Complex { .. } => Some(Class::Number),
            Tok::String { .. } => Some(Class::String),
            Tok::At if line_start => Some(Class::Decorator),
            _ if !source.is_empty() && source.bytes().all(|b| b.is_ascii_alphabetic()) => {
                Some(Class::Keyword)
            }
            _ => None,
        };
        if let Some(class) = class {
            marks.push((start, end, class));
        }
        after_def = matches!(token, Tok::Def | Tok::Class);
        // A decorator is `@` opening a line, then a dotted name.
        after_at = match token {
            Tok::At => line_start,
            Tok::Name { .. } | Tok::Dot => after_at,
            _ => false,
        };
        line_start = matches!(token, Tok::Newline | Tok::Indent | Tok::Dedent);
    }
    if complete {
        comments(text, previous_end, text.len(), &mut marks);
    }
    marks
}

/// Marks the comments in the text between two tokens: from each `#` to the end of its line.
fn comments(text: &str, from: usize, to: usize, marks: &mut Vec<(usize, usize, Class)>) {
    let Some(gap) = text.get(from..to) else { return };
    let mut offset = 0;
    while let Some(hash) = gap.get(offset..).and_then(|rest| rest.find('#')) {
        let start = offset + hash;
        let end = gap.get(start..).and_then(|rest| rest.find(['\n', '\r'])).map_or(gap.len(), |n| start + n);
        marks.push((from + start, from + end, Class::Comment));
        offset = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes(line: &[Span]) -> Vec<(Class, &str)> {
        line.iter().map(|Span(class, text)| (*class, text.as_str())).collect()
    }

    #[test]
    fn classifies_the_pieces_of_a_definition() {
        let text = "@app.route('/x', methods=[1])  # the view\ndef view(a=1.5):\n    return None\n";
        let highlighted = Highlighted::new(text);
        assert_eq!(highlighted.line_count(), 3);
        assert_eq!(
            classes(&highlighted.line(1)),
            vec![
                (Class::Decorator, "@app"),
                (Class::Plain, "."),
                (Class::Decorator, "route"),
                (Class::Plain, "("),
                (Class::String, "'/x'"),
                (Class::Plain, ", methods=["),
                (Class::Number, "1"),
                (Class::Plain, "])  "),
                (Class::Comment, "# the view"),
            ]
        );
        assert_eq!(
            classes(&highlighted.line(2)),
            vec![
                (Class::Keyword, "def"),
                (Class::Plain, " "),
                (Class::Definition, "view"),
                (Class::Plain, "(a="),
                (Class::Number, "1.5"),
                (Class::Plain, "):"),
            ]
        );
        assert_eq!(
            classes(&highlighted.line(3)),
            vec![
                (Class::Plain, "    "),
                (Class::Keyword, "return"),
                (Class::Plain, " "),
                (Class::Keyword, "None")
            ]
        );
    }

    #[test]
    fn multi_line_strings_colour_every_line_they_cover() {
        let text = "x = '''a\n# not a comment\nb'''\r\ny = 2 @ z\n";
        let highlighted = Highlighted::new(text);
        assert_eq!(classes(&highlighted.line(2)), vec![(Class::String, "# not a comment")]);
        assert_eq!(classes(&highlighted.line(3)), vec![(Class::String, "b'''")]);
        // `@` as an operator is not a decorator.
        assert!(highlighted.line(4).iter().all(|Span(class, _)| *class != Class::Decorator));
        assert_eq!(highlighted.line_text(3), "b'''");
    }

    #[test]
    fn text_after_a_lexer_error_stays_plain_but_comments_after_the_last_token_count() {
        let text = "a = 1  # one\nb = 'unterminated\nc = 3\n";
        let highlighted = Highlighted::new(text);
        assert_eq!(classes(&highlighted.line(1)).last(), Some(&(Class::Comment, "# one")));
        assert_eq!(highlighted.line_text(3), "c = 3");
        let tail = "x = 1\n# trailing\n";
        assert_eq!(classes(&Highlighted::new(tail).line(2)), vec![(Class::Comment, "# trailing")]);
    }

    #[test]
    fn lines_past_the_end_are_empty() {
        let highlighted = Highlighted::new("a\n");
        assert_eq!(highlighted.line_count(), 1);
        assert!(highlighted.line(2).is_empty());
        assert!(highlighted.line(0).is_empty());
    }
}
