//! The Python versions a distribution supports (`requires-python`), and what a change to them
//! does to its users.
//!
//! In: a side's build files. Out: a [`Declared`] specifier with its source, and between two sides
//! a [`PythonChange`] naming the Python minor versions the current side no longer allows
//! (`dropped`) or newly allows (`gained`).
//!
//! Read, in this order: `PKG-INFO`'s `Requires-Python` (what an sdist was released with), a
//! wheel's `METADATA`, `pyproject.toml [project] requires-python`, poetry's `python` dependency
//! (`^3.8` and `~3.8` read as PEP 440 ranges), `setup.cfg [options] python_requires`, and
//! `setup.py`'s literal `python_requires=`.
//!
//! Judged at run time on Python 3.12: pip installs a release only on the Pythons its
//! `requires-python` allows, so narrowing it is breaking for users on the dropped versions —
//! their next `pip install -U` keeps them on the old release, and a pinned upgrade fails to
//! resolve. The specifier is evaluated by hand for PEP 440's operators on release numbers
//! (`==`, `!=`, `<`, `<=`, `>`, `>=`, `~=`, `===`, and `.*` wildcards): the versions that matter
//! here are Python's own, and a full PEP 440 crate would weigh more than this whole check.

use serde::{Deserialize, Serialize};

use crate::intake::ProjectFile;
use crate::model::layout::setup_cfg;
use crate::model::layout::setup_py::{SetupPy, Value};

/// The Python versions checked against a specifier: 2.7 and 3.0 to 3.15.
const MINORS: &[(u64, u64)] = &[
    (2, 7),
    (3, 0),
    (3, 1),
    (3, 2),
    (3, 3),
    (3, 4),
    (3, 5),
    (3, 6),
    (3, 7),
    (3, 8),
    (3, 9),
    (3, 10),
    (3, 11),
    (3, 12),
    (3, 13),
    (3, 14),
    (3, 15),
];

/// A side's `requires-python`, and where it was read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Declared {
    pub spec: String,
    pub source: String,
}

/// A change of the supported Python versions between the sides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PythonChange {
    /// The specifier on each side; `null` where none is declared.
    pub baseline: Option<String>,
    pub current: Option<String>,
    /// Where each side declares it (empty when it does not).
    pub baseline_source: String,
    pub current_source: String,
    /// Python minor versions the baseline allowed and the current side does not (`["3.8"]`):
    /// users on them can no longer install the new release.
    pub dropped: Vec<String>,
    /// Python minor versions the current side allows and the baseline did not.
    pub gained: Vec<String>,
}

impl PythonChange {
    /// Whether users on some Python lose the release.
    pub fn narrowed(&self) -> bool {
        !self.dropped.is_empty()
    }

    /// One line: `requires-python >=3.8 → >=3.9: Python 3.8 dropped`.
    pub fn describe(&self) -> String {
        let spec = |s: &Option<String>| s.clone().unwrap_or_else(|| "(none)".to_owned());
        let mut text = format!("requires-python {} → {}", spec(&self.baseline), spec(&self.current));
        // "Python 3.8", "Python 3.6 and 3.7", "Python 2.7, 3.6 and 3.7".
        let names = |list: &[String]| match list {
            [] => String::new(),
            [one] => format!("Python {one}"),
            [rest @ .., last] => format!("Python {} and {last}", rest.join(", ")),
        };
        if !self.dropped.is_empty() {
            let them = if self.dropped.len() == 1 { "it" } else { "them" };
            text.push_str(&format!(
                ": {} dropped — users on {them} can no longer install this release",
                names(&self.dropped)
            ));
        } else if !self.gained.is_empty() {
            text.push_str(&format!(": {} newly supported", names(&self.gained)));
        }
        text
    }
}

/// The side's `requires-python`, when its build files declare one.
pub fn declared(build: &[ProjectFile]) -> Option<Declared> {
    let file = |name: &str| build.iter().find(|f| f.path == name);
    let found = |spec: &str, source: &str| {
        let spec = spec.trim().trim_matches(['"', '\'']).trim();
        (!spec.is_empty()).then(|| Declared { spec: spec.to_owned(), source: source.to_owned() })
    };
    let metadata = |text: &str| {
        text.lines()
            .take_while(|l| !l.trim().is_empty())
            .find_map(|l| l.strip_prefix("Requires-Python:"))
            .map(str::to_owned)
    };
    if let Some(found) = file("PKG-INFO").and_then(|f| metadata(&f.text)).and_then(|s| found(&s, "PKG-INFO"))
    {
        return Some(found);
    }
    if let Some(found) = build
        .iter()
        .filter(|f| f.path.ends_with(".dist-info/METADATA"))
        .find_map(|f| metadata(&f.text).and_then(|s| found(&s, &f.path)))
    {
        return Some(found);
    }
    if let Some(table) = file("pyproject.toml").and_then(|f| f.text.parse::<toml::Table>().ok()) {
        let project = table.get("project").and_then(|p| p.get("requires-python")).and_then(|v| v.as_str());
        if let Some(found) = project.and_then(|s| found(s, "pyproject.toml [project] requires-python")) {
            return Some(found);
        }
        let poetry = table
            .get("tool")
            .and_then(|t| t.get("poetry"))
            .and_then(|p| p.get("dependencies"))
            .and_then(|d| d.get("python"))
            .and_then(|v| v.as_str().or_else(|| v.get("version").and_then(|v| v.as_str())));
        if let Some(found) =
            poetry.and_then(|s| found(&poetry_spec(s), "pyproject.toml [tool.poetry.dependencies] python"))
        {
            return Some(found);
        }
    }
    if let Some(cfg) = file("setup.cfg") {
        let entries = setup_cfg::entries(&cfg.text);
        if let Some(entry) = setup_cfg::find(&entries, "options", "python_requires") {
            if let Some(found) = found(&entry.values.join(" "), "setup.cfg [options] python_requires") {
                return Some(found);
            }
        }
    }
    let setup = file("setup.py")?;
    match SetupPy::parse(&setup.path, &setup.text)?.argument("python_requires")?.value {
        Value::Str(spec) => found(&spec, "setup.py python_requires"),
        _ => None,
    }
}

/// What changed between two sides' declarations; `None` when the same versions are allowed
/// (however the specifier is spelled) or neither side declares one.
pub fn compare(baseline: Option<&Declared>, current: Option<&Declared>) -> Option<PythonChange> {
    if baseline.is_none() && current.is_none() {
        return None;
    }
    let allowed = |declared: Option<&Declared>| -> Vec<(u64, u64)> {
        match declared {
            Some(d) => MINORS.iter().copied().filter(|&minor| allows(&d.spec, minor)).collect(),
            None => MINORS.to_vec(),
        }
    };
    let (before, after) = (allowed(baseline), allowed(current));
    let name = |(major, minor): &(u64, u64)| format!("{major}.{minor}");
    let dropped: Vec<String> = before.iter().filter(|v| !after.contains(v)).map(name).collect();
    let gained: Vec<String> = after.iter().filter(|v| !before.contains(v)).map(name).collect();
    // Only a change of what is allowed counts: `>=3.8,<4` and `>=3.8` allow the same Pythons.
    if dropped.is_empty() && gained.is_empty() {
        return None;
    }
    Some(PythonChange {
        baseline: baseline.map(|d| d.spec.clone()),
        current: current.map(|d| d.spec.clone()),
        baseline_source: baseline.map(|d| d.source.clone()).unwrap_or_default(),
        current_source: current.map(|d| d.source.clone()).unwrap_or_default(),
        dropped,
        gained,
    })
}

/// Whether any release of a Python minor version (x.y.0 to x.y.30) satisfies the specifier. A
/// clause that cannot be read allows everything (nothing is claimed from what is not understood).
pub fn allows(spec: &str, (major, minor): (u64, u64)) -> bool {
    (0..=30).any(|patch| {
        spec.split(',')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .all(|clause| satisfies(clause, [major, minor, patch]))
    })
}

fn satisfies(clause: &str, version: [u64; 3]) -> bool {
    let operator_end = clause.find(|c: char| c.is_ascii_digit() || c == '*').unwrap_or(clause.len());
    let (operator, value) = clause.split_at(operator_end);
    let (operator, value) = (operator.trim(), value.trim());
    let wildcard = value.ends_with(".*");
    let numbers: Vec<u64> = value
        .trim_end_matches(".*")
        .split('.')
        .map_while(|part| {
            let digits: String = part.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
        .collect();
    if numbers.is_empty() {
        return true;
    }
    let padded = |n: &[u64]| -> [u64; 3] {
        [n.first().copied().unwrap_or(0), n.get(1).copied().unwrap_or(0), n.get(2).copied().unwrap_or(0)]
    };
    let prefix_matches = || numbers.iter().zip(version.iter()).all(|(a, b)| a == b);
    let target = padded(&numbers);
    match operator {
        "==" | "===" if wildcard => prefix_matches(),
        "==" | "===" => version == target,
        "!=" if wildcard => !prefix_matches(),
        "!=" => version != target,
        ">=" => version >= target,
        "<=" => version <= target,
        ">" => version > target,
        "<" => version < target,
        "~=" => {
            // ~=3.8 is >=3.8, ==3.*; ~=3.8.1 is >=3.8.1, ==3.8.*.
            let keep = numbers.len().saturating_sub(1).max(1);
            version >= target && numbers.iter().take(keep).zip(version.iter()).all(|(a, b)| a == b)
        }
        _ => true,
    }
}

/// A poetry constraint (`^3.8`, `~3.8`, `>=3.8,<4.0`, `3.8.*`, `*`) as a PEP 440 specifier.
fn poetry_spec(constraint: &str) -> String {
    constraint
        .split(',')
        .flat_map(|part| part.split("||").take(1))
        .map(str::trim)
        .filter(|part| !part.is_empty() && *part != "*")
        .map(|part| {
            let numbers =
                |text: &str| -> Vec<u64> { text.split('.').map_while(|p| p.trim().parse().ok()).collect() };
            if let Some(rest) = part.strip_prefix('^') {
                let n = numbers(rest);
                let upper = match n.iter().position(|&x| x != 0) {
                    Some(0) | None => format!("{}", n.first().copied().unwrap_or(0) + 1),
                    Some(i) => {
                        let mut bumped: Vec<u64> = n.iter().take(i + 1).copied().collect();
                        if let Some(last) = bumped.last_mut() {
                            *last += 1;
                        }
                        bumped.iter().map(u64::to_string).collect::<Vec<_>>().join(".")
                    }
                };
                format!(">={rest},<{upper}")
            } else if let Some(rest) = part.strip_prefix('~').filter(|r| !r.starts_with('=')) {
                let n = numbers(rest);
                let upper = match n.as_slice() {
                    [major] => format!("{}", major + 1),
                    [major, minor, ..] => format!("{major}.{}", minor + 1),
                    [] => return String::new(),
                };
                format!(">={rest},<{upper}")
            } else if part.starts_with(|c: char| c.is_ascii_digit()) {
                format!("=={part}")
            } else {
                part.to_owned()
            }
        })
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> Vec<ProjectFile> {
        list.iter().map(|(p, t)| ProjectFile { path: (*p).into(), text: (*t).into() }).collect()
    }

    #[test]
    fn specifiers() {
        assert!(allows(">=3.8", (3, 8)) && !allows(">=3.8", (3, 7)));
        assert!(allows(">=3.8.1", (3, 8)), "a minor counts when some release of it is allowed");
        assert!(!allows(">=3.7, <3.11", (3, 11)) && allows(">=3.7, <3.11", (3, 10)));
        assert!(!allows(">=2.7, !=3.0.*, !=3.1.*", (3, 1)) && allows(">=2.7, !=3.0.*, !=3.1.*", (3, 2)));
        assert!(allows("~=3.8", (3, 12)) && !allows("~=3.8", (3, 7)));
        assert!(allows("==3.*", (3, 4)) && !allows("==3.*", (2, 7)));
        assert!(allows("garbage", (3, 12)), "what is not understood allows everything");
    }

    #[test]
    fn sources_and_poetry() {
        let pkg = files(&[
            ("PKG-INFO", "Metadata-Version: 2.1\nName: x\nRequires-Python: >=3.8\n\nbody"),
            ("pyproject.toml", "[project]\nrequires-python = \">=3.9\"\n"),
        ]);
        assert_eq!(declared(&pkg), Some(Declared { spec: ">=3.8".into(), source: "PKG-INFO".into() }));
        let poetry = files(&[("pyproject.toml", "[tool.poetry.dependencies]\npython = \"^3.8\"\n")]);
        assert_eq!(declared(&poetry).map(|d| d.spec), Some(">=3.8,<4".into()));
        assert_eq!(poetry_spec("~3.8"), ">=3.8,<3.9");
        assert_eq!(poetry_spec("^0.2.3"), ">=0.2.3,<0.3");
        let cfg = files(&[("setup.cfg", "[options]\npython_requires = >=3.7\n")]);
        assert_eq!(declared(&cfg).map(|d| d.spec), Some(">=3.7".into()));
        let setup = files(&[(
            "setup.py",
            "from setuptools import setup\nsetup(name='x', python_requires='>=3.6')\n",
        )]);
        assert_eq!(declared(&setup).map(|d| d.source), Some("setup.py python_requires".into()));
        assert_eq!(declared(&files(&[("pyproject.toml", "[project]\nname = 'x'\n")])), None);
    }

    #[test]
    fn changes() {
        let d = |spec: &str| Declared { spec: spec.into(), source: "pyproject.toml".into() };
        let narrowed = compare(Some(&d(">=3.8")), Some(&d(">=3.9"))).expect("a change");
        assert_eq!(narrowed.dropped, ["3.8"]);
        assert!(narrowed.narrowed() && narrowed.gained.is_empty());
        assert!(narrowed.describe().contains("Python 3.8 dropped"), "{}", narrowed.describe());
        assert_eq!(compare(Some(&d(">=3.8")), Some(&d(">= 3.8"))), None, "a respelling is no change");
        assert_eq!(compare(Some(&d(">=3.8,<4")), Some(&d(">=3.8"))), None, "no Python 4 to lose");
        let widened = compare(Some(&d(">=3.8,<3.12")), Some(&d(">=3.8"))).expect("a change");
        assert_eq!(widened.gained, ["3.12", "3.13", "3.14", "3.15"]);
        let newly = compare(None, Some(&d(">=3.10"))).expect("declaring one drops the others");
        assert!(newly.dropped.contains(&"3.9".to_owned()) && newly.dropped.contains(&"2.7".to_owned()));
        assert_eq!(compare(None, None), None);
    }
}
