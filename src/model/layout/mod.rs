//! Layout: which folders of a tree hold the distribution's importable code, as its build metadata
//! says — the API roots.
//!
//! In: the tree's paths and its build files ([`is_build_file`]: the root `pyproject.toml`,
//! `setup.cfg`, `setup.py`, `*.egg-info/top_level.txt`, a wheel's `*.dist-info/`). Out: a
//! [`Layout`]: where packages are looked for and which ones are taken ([`Source`]s), each root
//! with the reason it was chosen ([`ApiRoot`], shown in the report), the extension modules the
//! metadata declares, and problems with metadata that could not be read.
//!
//! What decides, in this order:
//! 1. **A wheel** (a root `*.dist-info/WHEEL`): the archive is the installed layout; its
//!    `top_level.txt` names the top-level packages.
//! 2. **`pyproject.toml`**, by build backend: setuptools (`[tool.setuptools]` `packages`,
//!    `package-dir`, `packages.find`, `py-modules`), hatch (`[tool.hatch.build.targets.wheel]`
//!    `packages`, `sources`, `only-include`), poetry (`packages = [{include, from}]`), pdm
//!    (`[tool.pdm.build]` `package-dir`, `includes`), flit (the module named after the project
//!    or `[tool.flit.module]`), maturin (`python-source`, `module-name`).
//! 3. **`setup.cfg`** (`[options]` `package_dir`, `packages` — a list or `find:` with
//!    `[options.packages.find]` — and `py_modules`), then **`setup.py`** (literal `package_dir=`,
//!    `packages=` lists or `find_packages(...)`, `py_modules=`), for setuptools projects.
//! 4. **An sdist's `*.egg-info/top_level.txt`**: what setuptools built, when its configuration is
//!    computed.
//! 5. **Conventions**: the tree's root and `src/`; top-level folders that are conventionally not
//!    the library ([`NOT_LIBRARY`]: `examples`, `docs`, `tests`, …) are never API.
//!
//! Metadata that cannot be read (a `setup.py` that computes `package_dir`, a `pyproject.toml`
//! that is not TOML) or that contradicts the tree (a package folder that does not exist) is a
//! [`LayoutProblem`] — reported with the file and line — and the next source of the list applies.

mod pyproject;
pub mod setup_cfg;
pub mod setup_py;

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::intake::ProjectFile;

/// Top-level folders that are never the library when no metadata says otherwise: they hold
/// examples, documentation, benchmarks, tooling, tests and build output (setuptools' flat-layout
/// discovery leaves the same ones out).
pub const NOT_LIBRARY: &[&str] = &[
    "examples",
    "example",
    "docs",
    "doc",
    "documentation",
    "benchmarks",
    "benchmark",
    "bench",
    "tools",
    "scripts",
    "tests",
    "test",
    "ci",
    "build",
    "dist",
];

/// A folder whose entries are top-level import names, and why it was chosen.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ApiRoot {
    /// The folder, relative to the tree (`.` for the tree itself).
    pub path: String,
    /// Where this was read, e.g. `setup.cfg [options] package_dir`.
    pub from: String,
    /// The top-level packages or modules the metadata names there (empty: every one found).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub packages: Vec<String>,
}

/// Build metadata that could not be used, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayoutProblem {
    pub path: String,
    pub line: u32,
    pub message: String,
}

/// Which modules under a folder are taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// Every package (a folder with `__init__.py`, and every folder below it) and top-level
    /// module; with `conventions`, not the [`NOT_LIBRARY`] folders nor build and test scripts.
    All { conventions: bool },
    /// setuptools' `find_packages`: packages whose dotted names match `include` and not
    /// `exclude` (fnmatch patterns); without `namespaces`, only folders with `__init__.py` all
    /// the way down. Top-level modules are not packages.
    Find { include: Vec<String>, exclude: Vec<String>, namespaces: bool },
    /// Exactly these packages (each one's own modules, not its subpackages) and modules.
    Exact { packages: BTreeSet<String>, modules: BTreeSet<String> },
    /// Whole trees: these dotted names and everything below them (hatch, poetry, flit, maturin
    /// and wheels ship a package folder with all it contains).
    Trees { names: BTreeSet<String> },
}

/// A folder of the tree mapped to an import prefix, and what is taken from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The folder (`""` for the tree's root), without a trailing `/`.
    pub dir: String,
    /// The dotted package the folder is (`""`: its entries are top-level names), for setuptools'
    /// `package_dir = {"pkg": "lib/pkg"}`.
    pub prefix: String,
    pub selection: Selection,
}

/// Where a side's importable code is, and why.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Layout {
    pub roots: Vec<ApiRoot>,
    pub sources: Vec<Source>,
    /// Extension modules the metadata declares (dotted names): importable, not readable.
    pub extensions: BTreeSet<String>,
    pub problems: Vec<LayoutProblem>,
    /// Whether the side is a distribution (it has packaging metadata) rather than an application
    /// tree read by convention.
    pub distribution: bool,
    /// The distribution's name, when the metadata gives it.
    pub project: Option<String>,
}

/// Whether a file is read to decide the layout (and the declared version).
pub fn is_build_file(path: &str) -> bool {
    let mut components = path.split('/');
    let (Some(first), second, third) = (components.next(), components.next(), components.next()) else {
        return false;
    };
    match (second, third) {
        (None, None) => matches!(first, "pyproject.toml" | "setup.cfg" | "setup.py" | "PKG-INFO"),
        (Some(file), None) => {
            (first.ends_with(".egg-info") && file == "top_level.txt")
                || (first.ends_with(".dist-info") && matches!(file, "top_level.txt" | "WHEEL" | "METADATA"))
        }
        (Some(folder), Some(file)) => {
            components.next().is_none() && folder.ends_with(".egg-info") && file == "top_level.txt"
        }
        (None, Some(_)) => false,
    }
}

/// Facts about the tree's paths that the layout and discovery need.
pub struct Paths<'p> {
    pub all: &'p BTreeSet<&'p str>,
    /// Folders holding an `__init__.py` or `__init__.pyi`.
    packages: BTreeSet<&'p str>,
}

impl<'p> Paths<'p> {
    pub fn new(all: &'p BTreeSet<&'p str>) -> Paths<'p> {
        let packages = all
            .iter()
            .filter_map(|path| {
                path.strip_suffix("/__init__.py").or_else(|| path.strip_suffix("/__init__.pyi"))
            })
            .collect();
        Paths { all, packages }
    }

    /// Whether `dir` holds an `__init__.py` (or a stub of one).
    pub fn is_package(&self, dir: &str) -> bool {
        self.packages.contains(dir)
    }

    /// Whether any file lies below `dir` (`""`: the tree has files).
    pub fn has_dir(&self, dir: &str) -> bool {
        if dir.is_empty() {
            return !self.all.is_empty();
        }
        let prefix = format!("{dir}/");
        self.all.range(prefix.as_str()..).next().is_some_and(|path| path.starts_with(&prefix))
    }

    pub fn has_file(&self, path: &str) -> bool {
        self.all.contains(path)
    }
}

impl Layout {
    /// Reads the layout of a tree from its paths and build files (any others are ignored).
    pub fn read(paths: &BTreeSet<&str>, build: &[ProjectFile]) -> Layout {
        let paths = Paths::new(paths);
        let file = |name: &str| build.iter().find(|f| f.path == name);
        let mut layout = Layout { project: project_name(build), ..Layout::default() };
        if let Some(wheel) = wheel(&paths, build) {
            layout.distribution = true;
            layout.add(wheel);
            return layout.finish();
        }
        let mut decided = false;
        if let Some(pyproject) = file("pyproject.toml") {
            layout.distribution = true;
            decided = pyproject::read(&mut layout, &paths, pyproject, file("setup.cfg"), file("setup.py"));
        } else if file("setup.cfg").is_some() || file("setup.py").is_some() {
            layout.distribution = true;
            decided = pyproject::setuptools(&mut layout, &paths, None, file("setup.cfg"), file("setup.py"));
        }
        if !decided {
            if let Some(found) = egg_info(&paths, build) {
                layout.add(found);
                decided = true;
            }
        }
        if !decided {
            let why = if layout.distribution {
                "conventions (the build metadata does not say where the packages are)"
            } else {
                "conventions (no build metadata)"
            };
            layout.conventions(&paths, why);
        }
        layout.finish()
    }

    /// Adds the conventional roots: the tree and `src/` (when it is not a package itself).
    fn conventions(&mut self, paths: &Paths, why: &str) {
        // A distribution built from the root ships the package named after it (setuptools'
        // flat-layout discovery refuses several), not the build and release scripts beside it.
        let named = self.project.as_deref().and_then(|name| named_after_project(paths, name));
        if let (true, Some((dir, module))) = (self.distribution, named) {
            if dir.is_empty() {
                let detail =
                    why.strip_prefix("conventions (").and_then(|w| w.strip_suffix(')')).unwrap_or(why);
                let why = format!("the package named after the project (`{module}`); {detail}");
                self.add(Found::new("", "", Selection::Trees { names: BTreeSet::from([module]) }, &why));
                return;
            }
        }
        self.add(Found::new("", "", Selection::All { conventions: true }, why));
        if paths.has_dir("src") && !paths.is_package("src") {
            self.add(Found::new("src", "", Selection::All { conventions: false }, why));
        }
    }

    fn add(&mut self, found: Found) {
        let packages = match &found.source.selection {
            Selection::Exact { packages, modules } => {
                let mut names: BTreeSet<String> = packages
                    .iter()
                    .chain(modules)
                    .filter_map(|n| n.split('.').next().map(str::to_owned))
                    .collect();
                if !found.source.prefix.is_empty() {
                    names.insert(found.source.prefix.clone());
                }
                names.into_iter().collect()
            }
            Selection::Trees { names } => names.iter().cloned().collect(),
            _ if !found.source.prefix.is_empty() => vec![found.source.prefix.clone()],
            _ => Vec::new(),
        };
        let path = if found.source.dir.is_empty() { ".".to_owned() } else { found.source.dir.clone() };
        self.roots.push(ApiRoot { path, from: found.from, packages });
        self.sources.push(found.source);
    }

    fn problem(&mut self, path: &str, line: u32, message: String) {
        self.problems.push(LayoutProblem { path: path.to_owned(), line, message });
    }

    fn finish(mut self) -> Layout {
        // The most specific folder first: `package_dir = {"": "lib", "pkg.sub": "other"}`.
        self.sources.sort_by(|a, b| b.dir.len().cmp(&a.dir.len()).then_with(|| a.dir.cmp(&b.dir)));
        self.roots.sort();
        self.roots.dedup();
        self
    }
}

/// A source with the reason it was chosen, before it joins a [`Layout`].
pub(crate) struct Found {
    pub source: Source,
    pub from: String,
}

impl Found {
    pub fn new(dir: &str, prefix: &str, selection: Selection, from: &str) -> Found {
        Found {
            source: Source { dir: clean_dir(dir), prefix: prefix.to_owned(), selection },
            from: from.to_owned(),
        }
    }
}

/// A folder as written in metadata (`./src/`, `src`, `.`) as a tree path (`src`, ``).
pub(crate) fn clean_dir(dir: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in dir.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

/// The distribution's name: `PKG-INFO`'s, `[project]`'s, poetry's, `setup.cfg`'s or the literal
/// `name=` of `setup.py`'s `setup()`.
fn project_name(build: &[ProjectFile]) -> Option<String> {
    let file = |name: &str| build.iter().find(|f| f.path == name);
    let pkg_info = file("PKG-INFO").and_then(|f| {
        f.text
            .lines()
            .take_while(|l| !l.trim().is_empty())
            .find_map(|l| l.strip_prefix("Name:"))
            .map(|n| n.trim().to_owned())
    });
    let pyproject = || {
        let table = file("pyproject.toml")?.text.parse::<toml::Table>().ok()?;
        let name = table
            .get("project")
            .and_then(|p| p.get("name"))
            .or_else(|| table.get("tool").and_then(|t| t.get("poetry")).and_then(|p| p.get("name")))?;
        name.as_str().map(str::to_owned)
    };
    let cfg = || {
        let entries = setup_cfg::entries(&file("setup.cfg")?.text);
        setup_cfg::find(&entries, "metadata", "name").map(|e| e.values.join(""))
    };
    let setup = || {
        let file = file("setup.py")?;
        match setup_py::SetupPy::parse(&file.path, &file.text)?.argument("name")?.value {
            setup_py::Value::Str(name) => Some(name),
            _ => None,
        }
    };
    pkg_info.or_else(pyproject).or_else(cfg).or_else(setup).filter(|name| !name.is_empty())
}

/// A wheel's own layout: the archive root, limited to `top_level.txt`'s names when it has one.
fn wheel(paths: &Paths, build: &[ProjectFile]) -> Option<Found> {
    let info = paths.all.iter().find_map(|path| {
        let (folder, file) = path.split_once('/')?;
        (folder.ends_with(".dist-info") && file == "WHEEL").then_some(folder)
    })?;
    let top_level = build.iter().find(|f| f.path == format!("{info}/top_level.txt"));
    let names: BTreeSet<String> = top_level
        .map(|f| f.text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect())
        .unwrap_or_default();
    Some(if names.is_empty() {
        Found::new("", "", Selection::All { conventions: false }, &format!("wheel layout ({info})"))
    } else {
        Found::new("", "", Selection::Trees { names }, &format!("wheel layout ({info}/top_level.txt)"))
    })
}

/// An sdist's record of what setuptools built: `[<dir>/]NAME.egg-info/top_level.txt`.
fn egg_info(paths: &Paths, build: &[ProjectFile]) -> Option<Found> {
    let file = build.iter().find(|f| f.path.ends_with("/top_level.txt") && f.path.contains(".egg-info/"))?;
    let info = file.path.strip_suffix("/top_level.txt")?;
    let dir = info.rsplit_once('/').map_or("", |(dir, _)| dir);
    let names: BTreeSet<String> = file
        .text
        .lines()
        .map(str::trim)
        .filter(|name| !name.is_empty() && crate::model::syntax::is_identifier(name))
        .filter(|name| {
            let at = |rest: &str| if dir.is_empty() { rest.to_owned() } else { format!("{dir}/{rest}") };
            paths.has_dir(&at(name)) || paths.has_file(&at(&format!("{name}.py")))
        })
        .map(str::to_owned)
        .collect();
    (!names.is_empty()).then(|| Found::new(dir, "", Selection::Trees { names }, &file.path))
}

/// fnmatch as setuptools uses it on dotted package names: `*` matches anything (dots too), `?`
/// one character.
pub(crate) fn fnmatch(pattern: &str, name: &str) -> bool {
    fn matches(pattern: &[char], name: &[char]) -> bool {
        match pattern.split_first() {
            None => name.is_empty(),
            Some(('*', rest)) => {
                (0..=name.len()).any(|skip| name.get(skip..).is_some_and(|n| matches(rest, n)))
            }
            Some(('?', rest)) => name.split_first().is_some_and(|(_, n)| matches(rest, n)),
            Some((c, rest)) => name.split_first().is_some_and(|(first, n)| first == c && matches(rest, n)),
        }
    }
    let pattern: Vec<char> = pattern.chars().collect();
    let name: Vec<char> = name.chars().collect();
    matches(&pattern, &name)
}

/// What one source makes of a path: its dotted module name, when the source takes it.
impl Source {
    /// `components`: the path below [`Source::dir`], split on `/`, the file's extension removed
    /// from the last one. Returns the dotted name and whether it is a package's `__init__`.
    pub fn module_name(&self, components: &[&str], paths: &Paths) -> Option<(String, bool)> {
        let (&stem, dirs) = components.split_last()?;
        let is_init = stem == "__init__";
        let mut parts: Vec<&str> =
            if self.prefix.is_empty() { Vec::new() } else { self.prefix.split('.').collect() };
        let prefix_len = parts.len();
        parts.extend(dirs);
        let package: Vec<&str> = parts.clone(); // the package the file is in
        if !is_init {
            parts.push(stem);
        }
        if parts.is_empty() {
            return None; // `__init__.py` directly in a source folder that is no package
        }
        let dir_of = |depth: usize| -> String {
            let below: Vec<&str> = dirs.iter().take(depth).copied().collect();
            match (self.dir.is_empty(), below.is_empty()) {
                (true, _) => below.join("/"),
                (false, true) => self.dir.clone(),
                (false, false) => format!("{}/{}", self.dir, below.join("/")),
            }
        };
        let taken = match &self.selection {
            Selection::All { conventions } => {
                if prefix_len > 0 {
                    true
                } else {
                    match dirs.first() {
                        None => !is_init && !(*conventions && TOOLING_FILES.contains(&stem)),
                        Some(top) => {
                            paths.is_package(&dir_of(1)) && !(*conventions && NOT_LIBRARY.contains(top))
                        }
                    }
                }
            }
            Selection::Find { include, exclude, namespaces } => {
                let dotted = package.join(".");
                !package.is_empty()
                    && include.iter().any(|p| fnmatch(p, &dotted))
                    && !exclude.iter().any(|p| fnmatch(p, &dotted))
                    && (*namespaces || (1..=dirs.len()).all(|depth| paths.is_package(&dir_of(depth))))
            }
            Selection::Exact { packages, modules } => {
                let dotted = parts.join(".");
                packages.contains(&package.join(".")) || (!is_init && modules.contains(&dotted))
            }
            Selection::Trees { names } => {
                let dotted = parts.join(".");
                names.iter().any(|name| dotted == *name || dotted.starts_with(&format!("{name}.")))
            }
        };
        taken.then(|| (parts.join("."), is_init))
    }
}

/// Root-level scripts that build, test or serve a project but are never imported as a library.
pub const TOOLING_FILES: &[&str] =
    &["setup", "conftest", "noxfile", "fabfile", "dodo", "pdm_build", "hatch_build", "build_backend"];

/// Reads a TOML file, or records why not.
pub(crate) fn toml_table(layout: &mut Layout, file: &ProjectFile) -> Option<toml::Table> {
    match file.text.parse::<toml::Table>() {
        Ok(table) => Some(table),
        Err(error) => {
            let line = error.span().map_or(1, |span| {
                file.text.get(..span.start).map_or(1, |before| before.matches('\n').count() as u32 + 1)
            });
            layout.problem(
                &file.path,
                line,
                format!(
                    "the build metadata could not be read ({}); packages are found by convention",
                    error.message()
                ),
            );
            None
        }
    }
}

/// The modules a distribution ships when a backend names it after the project: `name/` or
/// `name.py`, at the root or under `src/`.
pub(crate) fn named_after_project(paths: &Paths, name: &str) -> Option<(String, String)> {
    let module = name.replace(['-', '.'], "_").to_lowercase();
    let candidates = [("", module.clone()), ("src", module.clone())];
    for (dir, module) in candidates {
        let at = |rest: &str| if dir.is_empty() { rest.to_owned() } else { format!("{dir}/{rest}") };
        if paths.has_dir(&at(&module)) || paths.has_file(&at(&format!("{module}.py"))) {
            return Some((dir.to_owned(), module));
        }
    }
    None
}

/// Names that must exist as a folder or a module file under `dir`, or a problem is recorded.
pub(crate) fn check_exist(
    layout: &mut Layout,
    paths: &Paths,
    dir: &str,
    names: &BTreeSet<String>,
    file: &str,
    line: u32,
) -> bool {
    let missing: Vec<&String> = names
        .iter()
        .filter(|name| {
            let relative = name.replace('.', "/");
            let at = |rest: &str| if dir.is_empty() { rest.to_owned() } else { format!("{dir}/{rest}") };
            !paths.has_dir(&at(&relative))
                && !paths.has_file(&at(&format!("{relative}.py")))
                && !paths.has_file(&at(&format!("{relative}.pyi")))
        })
        .collect();
    if missing.is_empty() {
        return true;
    }
    let listed: Vec<String> = missing.iter().map(|n| format!("`{n}`")).collect();
    let place = if dir.is_empty() { "the tree".to_owned() } else { format!("`{dir}/`") };
    layout.problem(
        file,
        line,
        format!(
            "the build metadata names {} but {place} has no such package or module; packages are found by convention",
            listed.join(", ")
        ),
    );
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_files() {
        for yes in [
            "pyproject.toml",
            "setup.py",
            "PKG-INFO",
            "lib/SQLAlchemy.egg-info/top_level.txt",
            "x.egg-info/top_level.txt",
            "x-1.0.dist-info/WHEEL",
        ] {
            assert!(is_build_file(yes), "{yes}");
        }
        for no in ["docs/setup.py", "a/b/c.egg-info/top_level.txt", "pkg/__init__.py", "x.dist-info/RECORD"] {
            assert!(!is_build_file(no), "{no}");
        }
    }

    #[test]
    fn fnmatch_like_setuptools() {
        assert!(fnmatch("pkg*", "pkg.sub"));
        assert!(fnmatch("tests", "tests"));
        assert!(!fnmatch("tests", "tests.unit"));
        assert!(fnmatch("tests.*", "tests.unit"));
        assert!(fnmatch("*", "anything.at.all"));
        assert!(!fnmatch("a?c", "ac"));
    }

    #[test]
    fn clean_dirs() {
        assert_eq!(clean_dir("./src/"), "src");
        assert_eq!(clean_dir("."), "");
        assert_eq!(clean_dir("lib"), "lib");
    }
}
