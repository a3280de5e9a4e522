//! Dependency impact: the dependencies each side declares, and what was added, removed or changed.
//!
//! In: a side's project files — `requirements*.txt`, `pyproject.toml` (`[project]` dependencies
//! and optional dependencies, Poetry's dependencies and groups), `setup.cfg` (`install_requires`,
//! `extras_require`) and `setup.py` (literal `install_requires` / `extras_require` passed to
//! `setup()`). Out: [`Declared`] per side and the [`DependencyChange`]s between them, compared by
//! [`Scope`], PEP 503 normalised name and extra or group, with the version specifiers as written.
//!
//! **Scopes** — what a reviewer's users actually install:
//! - `runtime`: what installing the distribution installs — the root `[project] dependencies`,
//!   `install_requires`, poetry's dependencies, requirement files the metadata reads dynamically
//!   (`[tool.setuptools.dynamic]`, `file:` in setup.cfg, the hatch requirements hook, a file
//!   `setup.py` names); for an application tree (no packaging metadata), its requirement files.
//! - `extra`: an optional extra (`pip install pkg[extra]`).
//! - `development`: development, test, docs and build groups — poetry groups, PEP 735
//!   `[dependency-groups]`, pdm's dev-dependencies, `tests_require`/`setup_requires`, requirement
//!   files named for them (`requirements/dev.txt`, `test-requirements.txt`), and every other
//!   requirement file of a distribution (its pins for working on it, not what users install).
//! - `outside`: files outside the distribution — another project's metadata below the root
//!   (`examples/celery/pyproject.toml`) and requirement files under `examples/`, `docs/` and the
//!   like.
//!
//! Only runtime and extras describe what users get; the other scopes are listed, and never raise
//! the report's risk.
//!
//! `setup.cfg` and `setup.py` are read with the layout's readers ([`setup_cfg`], [`SetupPy`]).

use std::collections::{BTreeMap, BTreeSet};

use rustpython_parser::ast;
use serde::{Deserialize, Serialize};

use super::ProjectFile;
use crate::model::layout::setup_cfg;
use crate::model::layout::setup_py::SetupPy;
use crate::model::syntax::string_constant;

/// Where a requirement applies (see the module doc).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    #[default]
    Runtime,
    Extra,
    Development,
    Outside,
}

impl Scope {
    pub const ALL: [Scope; 4] = [Scope::Runtime, Scope::Extra, Scope::Development, Scope::Outside];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Runtime => "runtime",
            Scope::Extra => "extra",
            Scope::Development => "development",
            Scope::Outside => "outside",
        }
    }

    /// How the report names the scope's group of changes.
    pub fn heading(self) -> &'static str {
        match self {
            Scope::Runtime => "Runtime requirements",
            Scope::Extra => "Optional extras",
            Scope::Development => "Development, test and docs groups",
            Scope::Outside => "Outside the distribution (examples, docs, other projects)",
        }
    }

    /// Whether users of the distribution get these: only such changes raise the risk.
    pub fn reaches_users(self) -> bool {
        matches!(self, Scope::Runtime | Scope::Extra)
    }
}

/// One declared dependency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    /// PEP 503 normalised name.
    pub name: String,
    pub scope: Scope,
    /// The extra (scope `extra`) or the development group (poetry group, dependency group) it
    /// belongs to.
    pub group: Option<String>,
    /// Extras, specifiers and markers as written (`[socks]>=2.0,<3; python_version<"3.8"`).
    pub spec: String,
    pub source: String,
}

/// Everything one side declares, keyed by (scope, name, extra or group).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Declared {
    pub requirements: BTreeMap<(Scope, String, Option<String>), Vec<Requirement>>,
    /// The files read.
    pub sources: Vec<String>,
}

impl Declared {
    /// Distinct requirements in a scope.
    pub fn count(&self, scope: Scope) -> usize {
        self.requirements.keys().filter(|(s, _, _)| *s == scope).count()
    }
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
    /// The optional-dependency group, for extras; omitted otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra: Option<String>,
    /// Who gets it: `runtime`, `extra`, `development` or `outside` ([`Scope`]).
    #[serde(default)]
    pub scope: Scope,
    /// The development group (a poetry group, a PEP 735 dependency group); omitted otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    pub change: Change,
    /// The specifier on each side (`""` for a bare name), `null` where it is not declared.
    pub baseline: Option<String>,
    pub current: Option<String>,
    /// The file(s) declaring it: on the current side, or on the baseline side when removed.
    pub source: String,
}

impl DependencyChange {
    /// The name as the report shows it: `name [extra]`, `name (group)` or `name`.
    pub fn label(&self) -> String {
        match (&self.extra, &self.group) {
            (Some(extra), _) => format!("{} [{extra}]", self.name),
            (None, Some(group)) => format!("{} ({group})", self.name),
            (None, None) => self.name.clone(),
        }
    }
}

/// The changes in the order the report shows them: what reaches users (runtime, then extras),
/// then development groups, then files outside the distribution; each group as `compare` sorts.
pub fn by_scope(changes: &[DependencyChange]) -> Vec<(Scope, Vec<&DependencyChange>)> {
    Scope::ALL
        .iter()
        .map(|&scope| (scope, changes.iter().filter(|c| c.scope == scope).collect::<Vec<_>>()))
        .filter(|(_, list)| !list.is_empty())
        .collect()
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

/// Reads every dependency file of a side. `distribution`: the side has packaging metadata (its
/// requirement files are then development pins, unless the metadata reads them). Files that
/// cannot be read are skipped (their problems belong to other checks: a broken `pyproject.toml`
/// is reported by the policy loader or by the parse stage for `setup.py`).
pub fn declared(files: &[ProjectFile], distribution: bool) -> Declared {
    let mut declared = Declared::default();
    let dependency_files: Vec<&ProjectFile> = files.iter().filter(|f| is_dependency_file(&f.path)).collect();
    let read_by_metadata = runtime_files(&dependency_files);
    for file in dependency_files {
        let name = file.path.rsplit('/').next().unwrap_or(&file.path);
        let nested = file.path.contains('/');
        let found = match name {
            "pyproject.toml" => from_pyproject(&file.path, &file.text),
            "setup.cfg" => from_setup_cfg(&file.path, &file.text),
            "setup.py" => from_setup_py(&file.path, &file.text),
            _ => from_requirements(
                &file.path,
                &file.text,
                requirements_scope(&file.path, distribution, &read_by_metadata),
            ),
        };
        if found.is_empty() {
            continue;
        }
        declared.sources.push(file.path.clone());
        for mut requirement in found {
            // Another project's metadata below the root (an example app) is not this one's.
            if nested && matches!(name, "pyproject.toml" | "setup.cfg" | "setup.py") {
                requirement.scope = Scope::Outside;
                requirement.group = None;
            }
            declared
                .requirements
                .entry((requirement.scope, requirement.name.clone(), requirement.group.clone()))
                .or_default()
                .push(requirement);
        }
    }
    declared.sources.sort();
    declared
}

/// Folders whose requirement files are not the distribution's: examples and documentation.
const OUTSIDE_DIRS: &[&str] = &["examples", "example", "docs", "doc", "documentation"];

/// Words that name a requirement file for development, tests, docs or builds.
const DEVELOPMENT_WORDS: &[&str] = &[
    "dev",
    "test",
    "doc",
    "lint",
    "typing",
    "type",
    "mypy",
    "ci",
    "build",
    "bench",
    "style",
    "check",
    "format",
    "tox",
    "local",
    "coverage",
    "precommit",
    "pre-commit",
    "release",
    "tools",
];

/// The scope of a requirement file, from its path: see the module doc.
fn requirements_scope(path: &str, distribution: bool, read_by_metadata: &BTreeSet<String>) -> Scope {
    if read_by_metadata.contains(path) {
        return Scope::Runtime;
    }
    let first = path.split('/').next().unwrap_or(path);
    if path.contains('/') && OUTSIDE_DIRS.contains(&first) {
        return Scope::Outside;
    }
    let words = path.to_lowercase().replace(['_', '.', '/'], "-");
    let words: Vec<&str> = words.split('-').collect();
    let development = words.iter().any(|word| {
        DEVELOPMENT_WORDS
            .iter()
            .any(|d| word == d || (word.starts_with(d) && d.len() > 2 && word.len() <= d.len() + 1))
    });
    if development || distribution {
        Scope::Development
    } else {
        Scope::Runtime
    }
}

/// Requirement files the root metadata reads as its runtime dependencies: setuptools'
/// `[tool.setuptools.dynamic] dependencies = {file = […]}`, the hatch requirements hook,
/// `install_requires = file: …` in setup.cfg, and a requirement file `setup.py` names (when its
/// `install_requires` is not a literal).
fn runtime_files(files: &[&ProjectFile]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let root = |name: &str| files.iter().find(|f| f.path == name);
    if let Some(table) = root("pyproject.toml").and_then(|f| f.text.parse::<toml::Table>().ok()) {
        let listed = |value: Option<&toml::Value>| -> Vec<String> {
            match value {
                Some(toml::Value::String(one)) => vec![one.clone()],
                Some(toml::Value::Array(items)) => {
                    items.iter().filter_map(|i| i.as_str().map(str::to_owned)).collect()
                }
                _ => Vec::new(),
            }
        };
        let tool = table.get("tool");
        let dynamic = tool.and_then(|t| t.get("setuptools")).and_then(|s| s.get("dynamic"));
        out.extend(listed(dynamic.and_then(|d| d.get("dependencies")).and_then(|d| d.get("file"))));
        let hook = tool
            .and_then(|t| t.get("hatch"))
            .and_then(|h| h.get("metadata"))
            .and_then(|m| m.get("hooks"))
            .and_then(|h| h.get("requirements_txt"));
        out.extend(listed(hook.and_then(|h| h.get("files"))));
    }
    if let Some(cfg) = root("setup.cfg") {
        for entry in setup_cfg::entries(&cfg.text) {
            if entry.section == "options" && entry.key == "install_requires" {
                let value = entry.values.join(" ");
                if let Some(listed) = value.trim().strip_prefix("file:") {
                    out.extend(
                        listed.split([',', ' ']).map(str::trim).filter(|f| !f.is_empty()).map(str::to_owned),
                    );
                }
            }
        }
    }
    if let Some(setup) = root("setup.py") {
        let literal = SetupPy::parse(&setup.path, &setup.text)
            .and_then(|s| s.argument("install_requires"))
            .is_some_and(|a| matches!(a.value, crate::model::layout::setup_py::Value::List(_)));
        if !literal {
            for file in files.iter().filter(|f| {
                !f.path.ends_with(".toml") && !f.path.ends_with(".cfg") && !f.path.ends_with(".py")
            }) {
                if setup.text.contains(&format!("'{}'", file.path))
                    || setup.text.contains(&format!("\"{}\"", file.path))
                {
                    out.insert(file.path.clone());
                }
            }
        }
    }
    out.into_iter().map(|path| crate::model::layout::clean_dir(&path)).collect()
}

/// What changed between two sides' declarations.
pub fn compare(baseline: &Declared, current: &Declared) -> Vec<DependencyChange> {
    let mut keys: Vec<&(Scope, String, Option<String>)> =
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
            let (scope, name, group) = key;
            Some(DependencyChange {
                name: name.clone(),
                extra: group.clone().filter(|_| *scope == Scope::Extra),
                scope: *scope,
                group: group.clone().filter(|_| *scope != Scope::Extra),
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

fn from_requirements(path: &str, text: &str, scope: Scope) -> Vec<Requirement> {
    text.lines()
        .map(|line| line.split(" #").next().unwrap_or(line).trim())
        .filter(|line| !line.is_empty() && !line.starts_with('#') && !line.starts_with('-'))
        .filter(|line| !line.contains("://") || line.contains(" @ "))
        .filter_map(|line| {
            let (name, spec) = requirement(line)?;
            Some(Requirement { name, scope, group: None, spec, source: path.to_owned() })
        })
        .collect()
}

/// PEP 508 strings of one section, in one scope and group.
fn pep508_list(
    path: &str,
    section: &str,
    items: &[String],
    scope: Scope,
    group: Option<&str>,
) -> Vec<Requirement> {
    items
        .iter()
        .filter_map(|item| {
            let (name, spec) = requirement(item)?;
            Some(Requirement {
                name,
                scope,
                group: group.map(str::to_owned),
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
    /// PEP 735: named groups of requirements for development; items may also be
    /// `{include-group = "…"}` tables, which add nothing of their own.
    #[serde(default, rename = "dependency-groups")]
    dependency_groups: BTreeMap<String, Vec<toml::Value>>,
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
    #[serde(default)]
    pdm: Option<Pdm>,
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

#[derive(Debug, Default, Deserialize)]
struct Pdm {
    #[serde(default, rename = "dev-dependencies")]
    dev_dependencies: BTreeMap<String, Vec<String>>,
}

fn from_pyproject(path: &str, text: &str) -> Vec<Requirement> {
    let Ok(file) = toml::from_str::<Pyproject>(text) else { return Vec::new() };
    let mut out = Vec::new();
    if let Some(project) = &file.project {
        out.extend(pep508_list(path, "[project]", &project.dependencies, Scope::Runtime, None));
        for (extra, items) in &project.optional_dependencies {
            let section = "[project.optional-dependencies]";
            out.extend(pep508_list(path, section, items, Scope::Extra, Some(&normalise(extra))));
        }
    }
    for (group, items) in &file.dependency_groups {
        let items: Vec<String> = items.iter().filter_map(|i| i.as_str().map(str::to_owned)).collect();
        let section = format!("[dependency-groups] {group}");
        out.extend(pep508_list(path, &section, &items, Scope::Development, Some(&normalise(group))));
    }
    let Some(tool) = file.tool else { return out };
    if let Some(poetry) = tool.poetry {
        let mut poetry_table =
            |table: &BTreeMap<String, toml::Value>, section: &str, scope: Scope, group: Option<&str>| {
                // `python` is the supported Python versions (read as requires-python), not a package.
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
                        scope,
                        group: group.map(str::to_owned),
                        spec,
                        source: format!("{path} {section}"),
                    });
                }
            };
        poetry_table(&poetry.dependencies, "[tool.poetry.dependencies]", Scope::Runtime, None);
        poetry_table(
            &poetry.dev_dependencies,
            "[tool.poetry.dev-dependencies]",
            Scope::Development,
            Some("dev"),
        );
        for (group, table) in &poetry.group {
            let section = format!("[tool.poetry.group.{group}]");
            poetry_table(&table.dependencies, &section, Scope::Development, Some(group));
        }
    }
    if let Some(pdm) = tool.pdm {
        for (group, items) in &pdm.dev_dependencies {
            let section = format!("[tool.pdm.dev-dependencies] {group}");
            out.extend(pep508_list(path, &section, items, Scope::Development, Some(&normalise(group))));
        }
    }
    out
}

/// `setup.cfg`: `[options] install_requires` (runtime), `tests_require` and `setup_requires`
/// (development) and `[options.extras_require]`, whose values are one per continuation line (or
/// `;`-free single lines).
fn from_setup_cfg(path: &str, text: &str) -> Vec<Requirement> {
    let mut out = Vec::new();
    for entry in setup_cfg::entries(text) {
        let (scope, group, label) = match (entry.section.as_str(), entry.key.as_str()) {
            ("options", "install_requires") => {
                (Scope::Runtime, None, "[options] install_requires".to_owned())
            }
            ("options", key @ ("tests_require" | "setup_requires")) => {
                (Scope::Development, None, format!("[options] {key}"))
            }
            ("options.extras_require", extra) => {
                (Scope::Extra, Some(normalise(extra)), "[options.extras_require]".to_owned())
            }
            _ => continue,
        };
        for value in entry.values.iter().filter(|v| !v.trim_start().starts_with("file:")) {
            if let Some((name, spec)) = requirement(value) {
                out.push(Requirement {
                    name,
                    scope,
                    group: group.clone(),
                    spec,
                    source: format!("{path} {label}"),
                });
            }
        }
    }
    out
}

/// `setup.py`: the literal lists given to `setup(install_requires=…, extras_require=…,
/// tests_require=…, setup_requires=…)`, directly or through a module-level name.
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
                    out.extend(pep508_list(
                        path,
                        "install_requires",
                        &lookup(&keyword.value),
                        Scope::Runtime,
                        None,
                    ));
                }
                Some(key @ ("tests_require" | "setup_requires")) => {
                    out.extend(pep508_list(path, key, &lookup(&keyword.value), Scope::Development, None));
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
                                    Scope::Extra,
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
        let old = declared(
            &[
                file("setup.cfg", "[metadata]\nname = x\n[options]\ninstall_requires =\n    asgiref>=3.6.0,<4\n    sqlparse>=0.3.1\n[options.extras_require]\nargon2 = argon2-cffi>=19.1.0\n"),
                file("requirements.txt", "# pinned\nRequests==2.0  # http\n-r other.txt\n"),
            ],
            false,
        );
        let new = declared(
            &[
                file("pyproject.toml", "[project]\nname = 'x'\ndependencies = ['asgiref >= 3.7.0, < 4', 'sqlparse>=0.3.1']\n[project.optional-dependencies]\nargon2 = ['argon2-cffi>=19.1.0']\nbcrypt = ['bcrypt']\n"),
                file("requirements.txt", "requests>=2.1\n"),
            ],
            false,
        );
        let changes: Vec<(String, Option<String>, Scope, Change)> =
            compare(&old, &new).into_iter().map(|c| (c.name, c.extra, c.scope, c.change)).collect();
        assert_eq!(
            changes,
            [
                ("asgiref".to_owned(), None, Scope::Runtime, Change::Changed),
                ("requests".to_owned(), None, Scope::Runtime, Change::Changed),
                ("bcrypt".to_owned(), Some("bcrypt".to_owned()), Scope::Extra, Change::Added),
            ]
        );
        assert_eq!(normalise("Zope.Interface__x"), "zope-interface-x");
    }

    #[test]
    fn scopes_follow_who_installs_them() {
        let side = |werkzeug: &str, pin: &str| {
            declared(
                &[
                    file("pyproject.toml", &format!("[project]\nname = 'flask'\ndependencies = ['Werkzeug{werkzeug}']\n[dependency-groups]\nlint = ['ruff==0.1']\n[tool.poetry.group.docs.dependencies]\nsphinx = '{pin}'\n")),
                    file("requirements/dev.txt", &format!("werkzeug=={pin}\ntox=={pin}\n")),
                    file("requirements/tests-min.txt", &format!("pytest=={pin}\n")),
                    file("requirements.txt", &format!("pip-tools=={pin}\n")),
                    file("examples/celery/requirements.txt", &format!("werkzeug=={pin}\n")),
                    file("examples/tutorial/pyproject.toml", &format!("[project]\nname = 'flaskr'\ndependencies = ['flask=={pin}']\n")),
                ],
                true,
            )
        };
        let (old, new) = (side(">=2.3.7", "1.0"), side(">=3.0.0", "2.0"));
        let found: Vec<(Scope, String, Option<String>)> =
            compare(&old, &new).into_iter().map(|c| (c.scope, c.name, c.group)).collect();
        let of =
            |scope: Scope| found.iter().filter(|f| f.0 == scope).map(|f| f.1.as_str()).collect::<Vec<_>>();
        assert_eq!(of(Scope::Runtime), ["werkzeug"], "only the metadata's own list reaches users");
        assert_eq!(of(Scope::Development), ["pip-tools", "pytest", "sphinx", "tox", "werkzeug"]);
        assert_eq!(of(Scope::Outside), ["flask", "werkzeug"]);
        assert!(found.contains(&(Scope::Development, "sphinx".into(), Some("docs".into()))));
        assert_eq!(old.count(Scope::Runtime), 1);
        // An application (no packaging metadata): its requirement files are what it runs with.
        let app = declared(
            &[file("requirements.txt", "django>=4\n"), file("requirements-dev.txt", "pytest\n")],
            false,
        );
        assert_eq!(app.count(Scope::Runtime), 1);
        assert_eq!(app.count(Scope::Development), 1);
    }

    #[test]
    fn requirement_files_the_metadata_reads_are_runtime() {
        let dynamic = declared(
            &[
                file("pyproject.toml", "[project]\nname = 'x'\ndynamic = ['dependencies']\n[tool.setuptools.dynamic]\ndependencies = {file = ['requirements.txt']}\n"),
                file("requirements.txt", "attrs>=22\n"),
                file("requirements-dev.txt", "pytest\n"),
            ],
            true,
        );
        assert_eq!((dynamic.count(Scope::Runtime), dynamic.count(Scope::Development)), (1, 1));
        let setup_py = declared(
            &[
                file("setup.py", "from setuptools import setup\nsetup(name='x', install_requires=open('requirements.txt').read().split())\n"),
                file("requirements.txt", "attrs>=22\n"),
            ],
            true,
        );
        assert_eq!(setup_py.count(Scope::Runtime), 1);
        let cfg = declared(
            &[
                file("setup.cfg", "[options]\ninstall_requires = file: requirements/base.txt\n"),
                file("requirements/base.txt", "attrs\n"),
            ],
            true,
        );
        assert_eq!(cfg.count(Scope::Runtime), 1);
    }
}
