//! A stand-in for the `unicode_names2` crate, which rustpython-parser calls for one thing: the
//! value of a `\N{NAME}` escape in a string literal.
//!
//! Why not the real crate: its table of every Unicode character name is 404 KB of the worker's
//! wasm after gzip (measured: 956 KB → 552 KB without it) — a third of the app's whole size budget
//! — and Stability Lens never needs those characters. Signatures and defaults are shown from the
//! source text, not from decoded literals; the literals the analysis reads (`__all__` entries,
//! environment variable names, import paths) are identifiers in practice. Django 5.0 has one
//! `\N{…}` escape, in a test.
//!
//! What changes: a well-formed name (letters, digits, spaces and hyphens, as every Unicode name
//! and alias is spelled, at most 256 characters like CPython's lookup) decodes to U+FFFD, the
//! replacement character, instead of the named character; a malformed one is still a syntax error.
//! A misspelt but well-formed name, which CPython rejects, is accepted. The CLI and the browser
//! use this same crate, so their findings stay identical.

/// The character a `\N{name}` escape stands for: U+FFFD for any well-formed name, `None` otherwise.
pub fn character(name: &str) -> Option<char> {
    let well_formed = !name.is_empty()
        && name.len() <= 256
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-');
    well_formed.then_some(char::REPLACEMENT_CHARACTER)
}

#[cfg(test)]
mod tests {
    use super::character;

    #[test]
    fn well_formed_names_decode_to_the_replacement_character() {
        for name in ["SNOWMAN", "latin small letter a", "CJK UNIFIED IDEOGRAPH-4E00", "NO-BREAK SPACE"] {
            assert_eq!(character(name), Some('\u{FFFD}'), "{name}");
        }
    }

    #[test]
    fn malformed_names_are_refused() {
        for name in ["", " SNOWMAN", "SNOW_MAN", "SNOWMAN}", "1ST", "É"] {
            assert_eq!(character(name), None, "{name:?}");
        }
        assert_eq!(character(&"A".repeat(257)), None);
    }
}
