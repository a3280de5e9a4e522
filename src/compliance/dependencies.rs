//! Dependency impact: the dependencies each side declares, and what was added, removed or changed.
//!
//! In: a side's project files — `requirements*.txt`, `pyproject.toml` (`[project]` dependencies
//! and optional dependencies, Poetry's dependencies and groups), `setup.cfg` (`install_requires`,
//! `extras_require`) and `setup.py` (literal `install_requires` / `extras_require` passed to
//! `setup()`). Out: [`Declared`] per side and the [`DependencyChange`]s between them, compared by
//! PEP 503 normalised name (and extra), with the version specifiers as written.
//!
//! `setup.cfg` and `setup.py` are read with the layout's readers ([`setup_cfg`], [`SetupPy`]).

use std::collections::BTreeMap;

use rustpython_parser::ast;
use serde::{Deserialize, Serialize};

use super::ProjectFile;
use crate::model::layout::setup_cfg;
use crate::model::layout::setup_py::SetupPy;
use crate::model::syntax::string_constant;

/// One declared dependency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    /// PEP 503 normalised name.
    pub name: String,
    /// The optional-dependency group (extra) it belongs to; `None` for runtime dependencies.
    pub extra: Option<String>,
    /// Extras, specifiers and markers as written (`[socks]>=2.0,<3; python_version<"3.8"`).
    pub spec: String,
    pub source: String,
}

/// Everything one side declares, keyed by (name, extra).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Declared {
    pub requirements: BTreeMap<(String, Option<String>), Vec<Requirement>>,
    /// The files read.
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Added,
    Removed,
    Changed,
}

impl Change {
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Changed => "changed",
        }
    }
}

/// A dependency added, removed or changed between the sides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DependencyChange {
    pub name: String,
    /// The optional-dependency group, for extras; omitted for runtime dependencies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra: Option<String>,
    pub change: Change,
    /// The specifier on each side (`""` for a bare name), `null` where it is not declared.
    pub baseline: Option<String>,
    pub current: Option<String>,
    /// The file(s) declaring it: on the current side, or on the baseline side when removed.
    pub source: String,
}

/// Whether a path is a file dependencies are read from.
pub fn is_dependency_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    matches!(name, "pyproject.toml" | "setup.cfg" | "setup.py")
        || (name.starts_with("requirements") && name.ends_with(".txt"))
        || (path.contains("requirements/") && name.ends_with(".txt"))
}

/// PEP 503: lowercase, runs of `-`, `_` and `.` become one `-`.
pub fn normalise(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut separator = false;
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            separator = true;
        } else {
            if separator && !out.is_empty() {
                out.push('-');
            }
            separator = false;
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Reads every dependency file of a side. Files that cannot be read are skipped (their problems
/// belong to other checks: a broken `pyproject.toml` is reported by the policy loader or by the
/// parse stage for `setup.py`).
pub fn declared(files: &[ProjectFile]) -> Declared {
    let mut declared = Declared::default();
    for file in files.iter().filter(|f| is_dependency_file(&f.path)) {
        let name = file.path.rsplit('/').next().unwrap_or(&file.path);
        let found = match name {
            "pyproject.toml" => from_pyproject(&file.path, &file.text),
            "setup.cfg" => from_setup_cfg(&file.path, &file.text),
            "setup.py" => from_setup_py(&file.path, &file.text),
            _ => from_requirements(&file.path, &file.text, None),
        };
        if found.is_empty() {
            continue;
        }
        declared.sources.push(file.path.clone());
        for requirement in found {
            declared
                .requirements
                .entry((requirement.name.clone(), requirement.extra.clone()))
                .or_default()
                .push(requirement);
        }
    }
    declared.sources.sort();
    declared
}

/// What changed between two sides' declarations.
pub fn compare(baseline: &Declared, current: &Declared) -> Vec<DependencyChange> {
    let mut keys: Vec<&(String, Option<String>)> =
        baseline.requirements.keys().chain(current.requirements.keys()).collect();
    keys.sort();
    keys.dedup();
    let spec = |found: Option<&Vec<Requirement>>| {
        found.map(|list| {
            let mut specs: Vec<&str> = list.iter().map(|r| r.spec.as_str()).collect();
            specs.sort_unstable();
            specs.dedup();
            specs.join(" | ")
        })
    };
    let sources = |found: &Vec<Requirement>| {
        let mut sources: Vec<&str> = found.iter().map(|r| r.source.as_str()).collect();
        sources.sort_unstable();
        sources.dedup();
        sources.join(", ")
    };
    keys.into_iter()
        .filter_map(|key| {
            let (old, new) = (baseline.requirements.get(key), current.requirements.get(key));
            let (baseline_spec, current_spec) = (spec(old), spec(new));
            let change = match (&baseline_spec, &current_spec) {
                (None, Some(_)) => Change::Added,
                (Some(_), None) => Change::Removed,
                (Some(a), Some(b)) if canonical_spec(a) != canonical_spec(b) => Change::Changed,
                _ => return None,
            };
            let source = new.or(old).map(sources).unwrap_or_default();
            Some(DependencyChange {
                name: key.0.clone(),
                extra: key.1.clone(),
                change,
                baseline: baseline_spec,
                current: current_spec,
                source,
            })
        })
        .collect()
}

/// A specifier with spaces removed and its comma-separated parts sorted, so `>=1, <2` and
/// `<2,>=1` compare equal.
fn canonical_spec(spec: &str) -> String {
    let compact: String = spec.chars().filter(|c| !c.is_whitespace()).collect();
    let (versions, marker) = compact.split_once(';').unwrap_or((&compact, ""));
    let mut parts: Vec<&str> = versions.split(',').collect();
    parts.sort_unstable();
    format!("{};{marker}", parts.join(","))
}

/// Splits a PEP 508 requirement into (normalised name, the rest as written).
fn requirement(text: &str) -> Option<(String, String)> {
    let text = text.trim();
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(text.len());
    let name = text.get(..end)?;
    if name.is_empty() {
        return None;
    }
    Some((normalise(name), text.get(end..).unwrap_or("").trim().to_owned()))
}

fn from_requirements(path: &str, text: &str, extra: Option<&str>) -> Vec<Requirement> {
    text.lines()
        .map(|line| line.split(" #").next().unwrap_or(line).trim())
        .filter(|line| !line.is_empty() && !line.starts_with('#') && !line.starts_with('-'))
        .filter(|line| !line.contains("://") || line.contains(" @ "))
        .filter_map(|line| {
            let (name, spec) = requirement(line)?;
            Some(Requirement { name, extra: extra.map(str::to_owned), spec, source: path.to_owned() })
        })
        .collect()
}

fn pep508_list(path: &str, section: &str, items: &[String], extra: Option<&str>) -> Vec<Requirement> {
    items
        .iter()
        .filter_map(|item| {
            let (name, spec) = requirement(item)?;
            Some(Requirement {
                name,
                extra: extra.map(str::to_owned),
                spec,
                source: format!("{path} {section}"),
            })
        })
        .collect()
}

#[derive(Debug, Default, Deserialize)]
struct Pyproject {
    #[serde(default)]
    project: Option<PyprojectProject>,
    #[serde(default)]
    tool: Option<PyprojectTool>,
}

#[derive(Debug, Default, Deserialize)]
struct PyprojectProject {
    #[serde(default)]
    dependencies: Vec<String>,
    #[serde(default, rename = "optional-dependencies")]
    optional_dependencies: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
struct PyprojectTool {
    #[serde(default)]
    poetry: Option<Poetry>,
}

#[derive(Debug, Default, Deserialize)]
struct Poetry {
    #[serde(default)]
    dependencies: BTreeMap<String, toml::Value>,
    #[serde(default, rename = "dev-dependencies")]
    dev_dependencies: BTreeMap<String, toml::Value>,
    #[serde(default)]
    group: BTreeMap<String, PoetryGroup>,
}

#[derive(Debug, Default, Deserialize)]
struct PoetryGroup {
    #[serde(default)]
    dependencies: BTreeMap<String, toml::Value>,
}

fn from_pyproject(path: &str, text: &str) -> Vec<Requirement> {
    let Ok(file) = toml::from_str::<Pyproject>(text) else { return Vec::new() };
    let mut out = Vec::new();
    if let Some(project) = &file.project {
        out.extend(pep508_list(path, "[project]", &project.dependencies, None));
        for (extra, items) in &project.optional_dependencies {
            out.extend(pep508_list(path, "[project.optional-dependencies]", items, Some(&normalise(extra))));
        }
    }
    if let Some(poetry) = file.tool.and_then(|tool| tool.poetry) {
        let mut poetry_table = |table: &BTreeMap<String, toml::Value>, section: &str, extra: Option<&str>| {
            for (name, value) in table.iter().filter(|(name, _)| name.as_str() != "python") {
                let spec = match value {
                    toml::Value::String(version) => version.clone(),
                    toml::Value::Table(table) => match table.get("version") {
                        Some(toml::Value::String(version)) => version.clone(),
                        _ => table.keys().cloned().collect::<Vec<_>>().join(","),
                    },
                    _ => String::new(),
                };
                out.push(Requirement {
                    name: normalise(name),
                    extra: extra.map(str::to_owned),
                    spec,
                    source: format!("{path} {section}"),
                });
            }
        };
        poetry_table(&poetry.dependencies, "[tool.poetry.dependencies]", None);
        poetry_table(&poetry.dev_dependencies, "[tool.poetry.dev-dependencies]", Some("dev"));
        for (group, table) in &poetry.group {
            poetry_table(&table.dependencies, &format!("[tool.poetry.group.{group}]"), Some(group));
        }
    }
    out
}

/// `setup.cfg`: `[options] install_requires` and `[options.extras_require]`, whose values are
/// one per continuation line (or `;`-free single lines).
fn from_setup_cfg(path: &str, text: &str) -> Vec<Requirement> {
    let mut out = Vec::new();
    for entry in setup_cfg::entries(text) {
        let extra = match (entry.section.as_str(), entry.key.as_str()) {
            ("options", "install_requires") => None,
            ("options.extras_require", extra) => Some(normalise(extra)),
            _ => continue,
        };
        let label = match &extra {
            None => "[options] install_requires".to_owned(),
            Some(_) => "[options.extras_require]".to_owned(),
        };
        for value in &entry.values {
            if let Some((name, spec)) = requirement(value) {
                out.push(Requirement { name, extra: extra.clone(), spec, source: format!("{path} {label}") });
            }
        }
    }
    out
}

/// `setup.py`: the literal lists given to `setup(install_requires=…, extras_require=…)`, directly
/// or through a module-level name.
fn from_setup_py(path: &str, text: &str) -> Vec<Requirement> {
    let Some(setup) = SetupPy::parse(path, text) else { return Vec::new() };
    let names = setup.names();
    let lookup = |expression: &'_ ast::Expr| -> Vec<String> {
        let value = match expression {
            ast::Expr::Name(name) => names.get(name.id.as_str()).copied(),
            other => Some(other),
        };
        match value {
            Some(ast::Expr::List(list)) => list.elts.iter().filter_map(string_constant).collect(),
            Some(ast::Expr::Tuple(tuple)) => tuple.elts.iter().filter_map(string_constant).collect(),
            _ => Vec::new(),
        }
    };
    let mut out = Vec::new();
    for call in setup.calls() {
        for keyword in &call.keywords {
            match keyword.arg.as_ref().map(|a| a.as_str()) {
                Some("install_requires") => {
                    out.extend(pep508_list(path, "install_requires", &lookup(&keyword.value), None));
                }
                Some("extras_require") => {
                    let dict = match &keyword.value {
                        ast::Expr::Name(name) => names.get(name.id.as_str()).copied(),
                        other => Some(other),
                    };
                    if let Some(ast::Expr::Dict(dict)) = dict {
                        for (key, value) in dict.keys.iter().zip(&dict.values) {
                            if let Some(extra) = key.as_ref().and_then(string_constant) {
                                let items = lookup(value);
                                out.extend(pep508_list(
                                    path,
                                    "extras_require",
                                    &items,
                                    Some(&normalise(&extra)),
                                ));
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> ProjectFile {
        ProjectFile { path: path.to_owned(), text: text.to_owned() }
    }

    #[test]
    fn every_format_and_the_comparison() {
        let old = declared(&[
            file("setup.cfg", "[metadata]\nname = x\n[options]\ninstall_requires =\n    asgiref>=3.6.0,<4\n    sqlparse>=0.3.1\n[options.extras_require]\nargon2 = argon2-cffi>=19.1.0\n"),
            file("requirements.txt", "# pinned\nRequests==2.0  # http\n-r other.txt\n"),
        ]);
        let new = declared(&[
            file("pyproject.toml", "[project]\nname = 'x'\ndependencies = ['asgiref >= 3.7.0, < 4', 'sqlparse>=0.3.1']\n[project.optional-dependencies]\nargon2 = ['argon2-cffi>=19.1.0']\nbcrypt = ['bcrypt']\n"),
            file("setup.py", "from setuptools import setup\nREQ = ['requests>=2.1']\nsetup(name='x', install_requires=REQ)\n"),
        ]);
        let changes: Vec<(String, Option<String>, Change)> =
            compare(&old, &new).into_iter().map(|c| (c.name, c.extra, c.change)).collect();
        assert_eq!(
            changes,
            [
                ("asgiref".to_owned(), None, Change::Changed),
                ("bcrypt".to_owned(), Some("bcrypt".to_owned()), Change::Added),
                ("requests".to_owned(), None, Change::Changed),
            ]
        );
        assert_eq!(normalise("Zope.Interface__x"), "zope-interface-x");
    }
}
