//! The version a side declares, and where it says so.
//!
//! In: the side's build files (and, when they say nothing usable, a literal `__version__` of its
//! top-level package, or a bundle tag). Out: a [`DeclaredVersion`]: the version as written and
//! its source, or why there is none (dynamic, missing).
//!
//! Order: `PKG-INFO` (an sdist's generated metadata: what was released), a wheel's `METADATA`,
//! `pyproject.toml [project] version`, `setup.cfg [metadata] version`, `pyproject.toml
//! [tool.poetry] version`, then the package's literal `__version__`. A version listed in
//! `[project] dynamic` or given as `attr:`/`file:` in setup.cfg is computed at build time.

use serde::{Deserialize, Serialize};

use super::layout::setup_cfg;
use crate::intake::ProjectFile;

/// A side's version, or why it has none.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeclaredVersion {
    /// The version as written (`2.3.3`, `1.0.0b1`), when one is declared.
    #[serde(default)]
    pub version: Option<String>,
    /// Where it was read (`PKG-INFO`, `pyproject.toml [project] version`, …), or why there is
    /// none.
    pub source: String,
}

impl DeclaredVersion {
    fn found(version: &str, source: impl Into<String>) -> Option<DeclaredVersion> {
        let version = version.trim().trim_matches(['"', '\'']);
        (!version.is_empty())
            .then(|| DeclaredVersion { version: Some(version.to_owned()), source: source.into() })
    }
}

/// The version the build files declare; when they declare none, the reason.
pub fn declared(build: &[ProjectFile]) -> DeclaredVersion {
    let file = |name: &str| build.iter().find(|f| f.path == name);
    fn metadata_version(text: &str) -> Option<&str> {
        text.lines()
            .take_while(|l| !l.trim().is_empty())
            .find_map(|l| l.strip_prefix("Version:"))
            .map(str::trim)
    }
    if let Some(found) = file("PKG-INFO")
        .and_then(|f| metadata_version(&f.text))
        .and_then(|v| DeclaredVersion::found(v, "PKG-INFO"))
    {
        return found;
    }
    if let Some(found) = build
        .iter()
        .filter(|f| f.path.ends_with(".dist-info/METADATA"))
        .find_map(|f| metadata_version(&f.text).and_then(|v| DeclaredVersion::found(v, f.path.clone())))
    {
        return found;
    }
    let mut dynamic: Option<String> = None;
    if let Some(pyproject) = file("pyproject.toml").and_then(|f| f.text.parse::<toml::Table>().ok()) {
        let project = pyproject.get("project");
        if let Some(version) = project.and_then(|p| p.get("version")).and_then(|v| v.as_str()) {
            if let Some(found) = DeclaredVersion::found(version, "pyproject.toml [project] version") {
                return found;
            }
        }
        let listed = project
            .and_then(|p| p.get("dynamic"))
            .and_then(|d| d.as_array())
            .is_some_and(|items| items.iter().any(|i| i.as_str() == Some("version")));
        if listed {
            dynamic = Some("pyproject.toml [project] dynamic".into());
        }
        let poetry = pyproject.get("tool").and_then(|t| t.get("poetry")).and_then(|p| p.get("version"));
        if let (None, Some(version)) = (&dynamic, poetry.and_then(|v| v.as_str())) {
            if let Some(found) = DeclaredVersion::found(version, "pyproject.toml [tool.poetry] version") {
                return found;
            }
        }
    }
    if let Some(cfg) = file("setup.cfg") {
        let entries = setup_cfg::entries(&cfg.text);
        if let Some(entry) = setup_cfg::find(&entries, "metadata", "version") {
            let value = entry.values.join(" ");
            if value.starts_with("attr:") || value.starts_with("file:") {
                dynamic.get_or_insert_with(|| format!("setup.cfg [metadata] version = {value}"));
            } else if let Some(found) = DeclaredVersion::found(&value, "setup.cfg [metadata] version") {
                return found;
            }
        }
    }
    DeclaredVersion {
        version: None,
        source: match dynamic {
            Some(how) => format!("the version is computed at build time ({how})"),
            None => "no version is declared".into(),
        },
    }
}

/// A version's release numbers (`1.26.4` → `[1, 26, 4]`), ignoring an epoch, pre-, post- and
/// dev-release parts and local labels; `None` when it does not start with a number.
pub fn release_numbers(version: &str) -> Option<Vec<u64>> {
    let version = version.trim().trim_start_matches(['v', 'V']);
    let version = version.split_once('!').map_or(version, |(_, rest)| rest);
    let numeric: String = version.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
    let numbers: Vec<u64> =
        numeric.split('.').filter(|p| !p.is_empty()).map(|p| p.parse().ok()).collect::<Option<_>>()?;
    (!numbers.is_empty()).then_some(numbers)
}

/// The version a tag names (`v2.3.3`, `2.3.3`, `flask-2.3.3`, `release/2.3.3`), if it names one.
pub fn from_tag(tag: &str) -> Option<String> {
    let last = tag.rsplit(['/', '-', '_']).next().unwrap_or(tag);
    let candidate = last.trim_start_matches(['v', 'V']);
    (release_numbers(candidate).is_some() && candidate.contains('.')).then(|| candidate.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> Vec<ProjectFile> {
        list.iter().map(|(p, t)| ProjectFile { path: (*p).into(), text: (*t).into() }).collect()
    }

    #[test]
    fn sources_in_order() {
        let pkg_info = files(&[
            ("PKG-INFO", "Metadata-Version: 2.1\nName: x\nVersion: 2.3.3\n\nbody"),
            ("pyproject.toml", "[project]\nversion = \"9\"\n"),
        ]);
        assert_eq!(declared(&pkg_info).version.as_deref(), Some("2.3.3"));
        let stale = files(&[(
            "pyproject.toml",
            "[project]\nversion = \"3.0.0\"\n[tool.poetry]\nversion = \"3.0.0b1\"\n",
        )]);
        assert_eq!(declared(&stale).version.as_deref(), Some("3.0.0"));
        let dynamic = files(&[("pyproject.toml", "[project]\nname = \"x\"\ndynamic = [\"version\"]\n")]);
        assert!(declared(&dynamic).version.is_none());
        assert!(declared(&dynamic).source.contains("dynamic"));
        let cfg = files(&[("setup.cfg", "[metadata]\nversion = attr: pkg.__version__\n")]);
        assert!(declared(&cfg).source.contains("attr:"));
    }

    #[test]
    fn numbers_and_tags() {
        assert_eq!(release_numbers("1.26.4"), Some(vec![1, 26, 4]));
        assert_eq!(release_numbers("2.0.0rc1"), Some(vec![2, 0, 0]));
        assert_eq!(release_numbers("1!2.0"), Some(vec![2, 0]));
        assert_eq!(release_numbers("dev"), None);
        assert_eq!(from_tag("v2.3.3").as_deref(), Some("2.3.3"));
        assert_eq!(from_tag("flask-3.0.0").as_deref(), Some("3.0.0"));
        assert_eq!(from_tag("main"), None);
    }
}
