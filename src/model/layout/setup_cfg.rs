//! A reader for `setup.cfg`, the INI file setuptools configures a distribution with.
//!
//! Written by hand rather than with an INI crate: setup.cfg relies on exactly what the INI crates
//! disagree with Python's `configparser` about — values continued on indented lines, `=` or `:`
//! as the separator, `#`/`;` comment lines — and the format needs a dozen lines. Used for the
//! layout (`[options] package_dir`, `packages`, `py_modules`, `[options.packages.find]`) and the
//! dependencies (`install_requires`, `[options.extras_require]`).

/// One `key = value` of a section, with its continuation lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub section: String,
    pub key: String,
    /// The value on the key's own line (may be empty) followed by each continuation line, trimmed.
    pub values: Vec<String>,
    /// 1-based line of the key.
    pub line: u32,
}

impl Entry {
    /// The values as one list: items separated by newlines or commas, empty ones dropped.
    pub fn items(&self) -> Vec<String> {
        self.values
            .iter()
            .flat_map(|value| value.split(','))
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(str::to_owned)
            .collect()
    }
}

/// Every entry of the file, in order.
pub fn entries(text: &str) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    let mut section = String::new();
    let mut open = false; // whether the last entry may take continuation lines
    for (index, raw) in text.lines().enumerate() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        if let Some(name) = trimmed.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name.trim().to_owned();
            open = false;
            continue;
        }
        let indented = line.starts_with(' ') || line.starts_with('\t');
        if indented && open {
            if let Some(entry) = out.last_mut() {
                entry.values.push(trimmed.to_owned());
            }
            continue;
        }
        match trimmed.split_once('=').or_else(|| trimmed.split_once(':')) {
            Some((key, value)) => {
                let value = value.trim();
                out.push(Entry {
                    section: section.clone(),
                    key: key.trim().to_owned(),
                    values: if value.is_empty() { Vec::new() } else { vec![value.to_owned()] },
                    line: index as u32 + 1,
                });
                open = true;
            }
            None => open = false,
        }
    }
    out
}

/// The entry `key` of `section`, when the file has it.
pub fn find<'e>(entries: &'e [Entry], section: &str, key: &str) -> Option<&'e Entry> {
    entries.iter().find(|entry| entry.section == section && entry.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continuation_lines_and_both_separators() {
        let text = "[metadata]\nname = demo\n\n[options]\npackage_dir =\n    =lib\npackages: find:\n# note\ninstall_requires =\n    a>=1\n    b\n[options.packages.find]\nwhere = lib\nexclude = tests, tests.*\n";
        let all = entries(text);
        assert_eq!(find(&all, "options", "package_dir").unwrap().values, ["=lib"]);
        assert_eq!(find(&all, "options", "packages").unwrap().values, ["find:"]);
        assert_eq!(find(&all, "options", "install_requires").unwrap().items(), ["a>=1", "b"]);
        assert_eq!(find(&all, "options.packages.find", "exclude").unwrap().items(), ["tests", "tests.*"]);
        assert_eq!(find(&all, "options", "package_dir").unwrap().line, 5);
    }
}
