//! Parse: Python source bytes → a syntax tree, or a [`ParseFailure`] saying where and why not.
//!
//! In: one file's path and bytes. Out: [`ParsedModule`] (the decoded text, its line index and the
//! rustpython-parser AST with byte ranges) or a failure with a 1-based line and column. Callers
//! turn failures into [`crate::problem::Problem`]s and carry on with the other files.
//!
//! Decoding follows Python's rules for source files: UTF-8 by default, a UTF-8 byte-order mark is
//! dropped, and a PEP 263 declaration is honoured: Latin-1 (bytes map to code points one-to-one)
//! and the Windows and DOS code pages (`cp1252` and friends, tables from the `yore` crate). Other
//! declared encodings (the multi-byte CJK ones, ISO-8859 beyond -1) are reported, not guessed at.

use rustpython_parser::ast;
use rustpython_parser::source_code::LineIndex;
use rustpython_parser::text_size::TextSize;

/// A successfully parsed Python file.
pub struct ParsedModule {
    pub text: String,
    pub lines: LineIndex,
    pub body: Vec<ast::Stmt>,
    /// Names written as `async`/`await` in code older than Python 3.7 (where they were not yet
    /// keywords), parsed under stand-ins of the same length: (stand-in, name). Names taken from
    /// the tree carry the stand-in until [`ParsedModule::restore_names`] puts the name back.
    pub renamed: Vec<(String, &'static str)>,
}

impl ParsedModule {
    /// 1-based line number of a byte offset into [`ParsedModule::text`].
    pub fn line_of(&self, offset: TextSize) -> u32 {
        self.lines.line_index(offset).get()
    }

    /// The source text of a byte range, or `""` when the range does not lie inside the text.
    pub fn slice(&self, range: rustpython_parser::text_size::TextRange) -> &str {
        let (start, end) = (usize::from(range.start()), usize::from(range.end()));
        self.text.get(start..end).unwrap_or("")
    }
}

/// Why a file could not be parsed, with a 1-based position.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{line}:{column}: {message}")]
pub struct ParseFailure {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

/// Decodes and parses one file.
pub fn parse(path: &str, bytes: &[u8]) -> Result<ParsedModule, ParseFailure> {
    let text = decode(bytes)?;
    let lines = LineIndex::from_source_text(&text);
    if let Some(offset) = text.find('\0') {
        // As Python says: the file is binary or corrupted, whatever the parser would make of it.
        let location =
            lines.source_location(rustpython_parser::text_size::TextSize::new(offset as u32), &text);
        return Err(ParseFailure {
            line: location.row.get(),
            column: location.column.get(),
            message: "source code cannot contain null bytes (a binary or corrupted file)".into(),
        });
    }
    match rustpython_parser::parse(&text, rustpython_parser::Mode::Module, path) {
        Ok(ast::Mod::Module(module)) => {
            Ok(ParsedModule { text, lines, body: module.body, renamed: Vec::new() })
        }
        Ok(_) => Err(ParseFailure { line: 1, column: 1, message: "not a module".into() }),
        Err(error) => {
            if let Some((patched, renamed)) = legacy_names(&text) {
                if let Ok(ast::Mod::Module(module)) =
                    rustpython_parser::parse(&patched, rustpython_parser::Mode::Module, path)
                {
                    return Ok(ParsedModule { text, lines, body: module.body, renamed });
                }
            }
            let location = lines.source_location(error.offset, &text);
            Err(ParseFailure {
                line: location.row.get(),
                column: location.column.get(),
                message: format!("syntax error: {}", error.error),
            })
        }
    }
}

impl ParsedModule {
    /// Puts back the names [`ParsedModule::renamed`] stands in for, in anything extracted from
    /// the tree. Stand-ins are as long as the names and occur nowhere else in the file, so they
    /// are replaced in the value's postcard encoding byte for byte, every length staying valid.
    pub fn restore_names<T: serde::Serialize + serde::de::DeserializeOwned>(&self, value: T) -> T {
        if self.renamed.is_empty() {
            return value;
        }
        let Ok(mut bytes) = postcard::to_allocvec(&value) else { return value };
        for (stand_in, name) in &self.renamed {
            let (from, to) = (stand_in.as_bytes(), name.as_bytes());
            if from.len() != to.len() || from.is_empty() {
                continue;
            }
            let mut at = 0;
            while let Some(found) =
                bytes.get(at..).and_then(|rest| rest.windows(from.len()).position(|w| w == from))
            {
                let start = at + found;
                if let Some(slot) = bytes.get_mut(start..start + to.len()) {
                    slot.copy_from_slice(to);
                }
                at = start + to.len();
            }
        }
        postcard::from_bytes(&bytes).unwrap_or(value)
    }
}

/// Code written for Python < 3.7 may use `async` and `await` as names (`def send(self,
/// async=False)`), which are keywords now. When a file does not parse and has such tokens where
/// a keyword cannot be — `async` not followed by `def`/`for`/`with`, `await` followed by `=`,
/// `,`, `)`, `:` or preceded by `.` — they are replaced by identifiers of the same length that
/// occur nowhere in the file, so every offset (and line) stays the same.
fn legacy_names(text: &str) -> Option<(String, Vec<(String, &'static str)>)> {
    use rustpython_parser::lexer::lex;
    use rustpython_parser::Tok;
    if !text.contains("async") && !text.contains("await") {
        return None;
    }
    let tokens: Vec<(Tok, rustpython_parser::text_size::TextRange)> =
        lex(text, rustpython_parser::Mode::Module).filter_map(Result::ok).collect();
    let mut replace: Vec<(usize, &'static str)> = Vec::new();
    for (index, (token, range)) in tokens.iter().enumerate() {
        let next = tokens.get(index + 1).map(|(t, _)| t);
        let previous = index.checked_sub(1).and_then(|i| tokens.get(i)).map(|(t, _)| t);
        let as_name = match token {
            Tok::Async => !matches!(next, Some(Tok::Def | Tok::For | Tok::With)),
            Tok::Await => {
                matches!(next, Some(Tok::Equal | Tok::Comma | Tok::Rpar | Tok::Colon | Tok::Rsqb))
                    || matches!(previous, Some(Tok::Dot))
            }
            _ => false,
        };
        if as_name {
            let name = if matches!(token, Tok::Async) { "async" } else { "await" };
            replace.push((usize::from(range.start()), name));
        }
    }
    if replace.is_empty() {
        return None;
    }
    // `aXY_c` for `async`, `aXY_t` for `await`: five bytes, first found unused.
    let stand_in = |last: char| -> Option<String> {
        (b'a'..=b'z')
            .flat_map(|x| (b'a'..=b'z').map(move |y| format!("a{}{}_{last}", x as char, y as char)))
            .find(|candidate| !text.contains(candidate.as_str()))
    };
    let (async_stand_in, await_stand_in) = (stand_in('c')?, stand_in('t')?);
    let mut patched = text.to_owned();
    for (offset, name) in &replace {
        let with = if *name == "async" { &async_stand_in } else { &await_stand_in };
        if patched.get(*offset..offset + 5) == Some(*name) {
            patched.replace_range(*offset..offset + 5, with);
        }
    }
    Some((patched, vec![(async_stand_in, "async"), (await_stand_in, "await")]))
}

/// Decodes source bytes to text following Python's source-encoding rules (see the module doc).
pub fn decode(bytes: &[u8]) -> Result<String, ParseFailure> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match declared_encoding(bytes) {
        None => {}
        Some(name) if is_utf8_name(&name) => {}
        Some(name) if is_latin1_name(&name) => return Ok(bytes.iter().map(|&b| b as char).collect()),
        Some(name) => {
            let Some(code_page) = code_page(&name) else {
                return Err(ParseFailure {
                    line: 1,
                    column: 1,
                    message: format!(
                        "source encoding '{name}' (PEP 263) is not supported; UTF-8, Latin-1 and the \
                         Windows and DOS code pages (cp1250–cp1258, cp437, cp850, …) are"
                    ),
                });
            };
            return Ok(code_page(bytes));
        }
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(error) => {
            let valid = bytes.get(..error.valid_up_to()).unwrap_or_default();
            let line = valid.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
            let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let column_bytes = valid.get(line_start..).unwrap_or_default();
            let column = String::from_utf8_lossy(column_bytes).chars().count() as u32 + 1;
            let message = if bytes.contains(&0) {
                "not a text file: contains NUL bytes and is not valid UTF-8".to_owned()
            } else {
                format!(
                    "not valid UTF-8 at byte {} (declare the encoding with a PEP 263 coding comment)",
                    error.valid_up_to()
                )
            };
            Err(ParseFailure { line, column, message })
        }
    }
}

/// The encoding named by a PEP 263 comment in the first two lines, lower-cased.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    for line in bytes.split(|&b| b == b'\n').take(2) {
        let line = String::from_utf8_lossy(line);
        let trimmed = line.trim_start();
        if !trimmed.starts_with('#') {
            // Only comment lines may carry the declaration; a code line on line 1 ends the search.
            if trimmed.is_empty() {
                continue;
            }
            return None;
        }
        if let Some(position) = trimmed.find("coding") {
            let rest = trimmed.get(position + "coding".len()..).unwrap_or("");
            if let Some(rest) = rest.strip_prefix(':').or_else(|| rest.strip_prefix('=')) {
                let name: String = rest
                    .trim_start()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
                    .collect();
                if !name.is_empty() {
                    return Some(name.to_ascii_lowercase().replace('_', "-"));
                }
            }
        }
    }
    None
}

fn is_utf8_name(name: &str) -> bool {
    matches!(name, "utf-8" | "utf8" | "utf-8-sig" | "ascii" | "us-ascii")
}

/// The decoder of the code page a PEP 263 name (lower-cased, `_` as `-`) means: `cp1252`,
/// `windows-1252`, `1252`, `ibm850`, `cp-437`… Bytes a code page leaves undefined become U+FFFD,
/// as Python's "replace" would. (Static calls, not `dyn CodePage`: a vtable would link every
/// code page's encoder too.)
fn code_page(name: &str) -> Option<fn(&[u8]) -> String> {
    use yore::code_pages::*;
    use yore::CodePage;
    let number = name
        .strip_prefix("windows-")
        .or_else(|| name.strip_prefix("cp-"))
        .or_else(|| name.strip_prefix("cp"))
        .or_else(|| name.strip_prefix("ibm"))
        .unwrap_or(name);
    Some(match number {
        "1250" => |bytes| CP1250.decode_lossy(bytes).into_owned(),
        "1251" => |bytes| CP1251.decode_lossy(bytes).into_owned(),
        "1252" => |bytes| CP1252.decode_lossy(bytes).into_owned(),
        "1253" => |bytes| CP1253.decode_lossy(bytes).into_owned(),
        "1254" => |bytes| CP1254.decode_lossy(bytes).into_owned(),
        "1255" => |bytes| CP1255.decode_lossy(bytes).into_owned(),
        "1256" => |bytes| CP1256.decode_lossy(bytes).into_owned(),
        "1257" => |bytes| CP1257.decode_lossy(bytes).into_owned(),
        "1258" => |bytes| CP1258.decode_lossy(bytes).into_owned(),
        "437" => |bytes| CP437.decode_lossy(bytes).into_owned(),
        "737" => |bytes| CP737.decode_lossy(bytes).into_owned(),
        "850" => |bytes| CP850.decode_lossy(bytes).into_owned(),
        "852" => |bytes| CP852.decode_lossy(bytes).into_owned(),
        "855" => |bytes| CP855.decode_lossy(bytes).into_owned(),
        "857" => |bytes| CP857.decode_lossy(bytes).into_owned(),
        "860" => |bytes| CP860.decode_lossy(bytes).into_owned(),
        "861" => |bytes| CP861.decode_lossy(bytes).into_owned(),
        "862" => |bytes| CP862.decode_lossy(bytes).into_owned(),
        "863" => |bytes| CP863.decode_lossy(bytes).into_owned(),
        "864" => |bytes| CP864.decode_lossy(bytes).into_owned(),
        "865" => |bytes| CP865.decode_lossy(bytes).into_owned(),
        "866" => |bytes| CP866.decode_lossy(bytes).into_owned(),
        "869" => |bytes| CP869.decode_lossy(bytes).into_owned(),
        "874" => |bytes| CP874.decode_lossy(bytes).into_owned(),
        _ => return None,
    })
}

fn is_latin1_name(name: &str) -> bool {
    matches!(name, "latin-1" | "latin1" | "iso-8859-1" | "iso8859-1" | "l1" | "cp819")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_syntax_errors_with_position() {
        let failure = parse("m.py", b"x = 1\ndef broken(:\n    pass\n").err().unwrap();
        assert_eq!(failure.line, 2);
        assert!(failure.message.starts_with("syntax error"), "{}", failure.message);
    }

    #[test]
    fn honours_bom_and_latin1_declaration() {
        assert_eq!(decode(b"\xEF\xBB\xBFx = 1\n").unwrap(), "x = 1\n");
        let latin = b"# -*- coding: latin-1 -*-\nname = '\xe9'\n";
        assert!(decode(latin).unwrap().contains('\u{e9}'));
    }

    #[test]
    fn named_escapes_parse_without_the_name_table() {
        // crates/unicode-names-lite: well-formed names parse (the value is U+FFFD), others fail.
        assert!(parse("m.py", b"SNOW = '\\N{SNOWMAN}'\n").is_ok());
        let failure = parse("m.py", b"x = 1\nBAD = '\\N{SNOW_MAN}'\n").err().unwrap();
        assert_eq!(failure.line, 2);
    }

    #[test]
    fn locates_invalid_utf8() {
        let failure = decode(b"a = 1\nb = '\xff'\n").err().unwrap();
        assert_eq!((failure.line, failure.column), (2, 6));
        let failure = decode(b"# coding: shift-jis\n").err().unwrap();
        assert!(failure.message.contains("shift-jis"));
        assert_eq!(
            decode(b"# coding: cp1252\nq = '\x93x\x94'\n").unwrap(),
            "# coding: cp1252\nq = '\u{201c}x\u{201d}'\n"
        );
        assert_eq!(decode(b"# coding=windows-1251\n'\xe0'\n").unwrap(), "# coding=windows-1251\n'\u{430}'\n");
    }
}
