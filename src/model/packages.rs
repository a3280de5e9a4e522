//! Which files are importable modules, and under which dotted names.
//!
//! In: the paths of a tree and its [`Layout`] (which folders hold the distribution's packages, as
//! its build metadata says). Out: a [`ModuleFile`] per importable `.py` file — or `.pyi` stub of a
//! module that has no `.py` (an extension module's stub is read as its source) — and the
//! extension modules that have neither ([`Discovered::extensions`]: importable, not readable).
//!
//! Under each of the layout's folders ([`crate::model::layout::Source`]) the module name is the
//! path below it, dotted; the layout's selection says which of them the distribution ships.
//! Everything else (`docs/`, `examples/`, top-level `tests/`, scripts) is not importable from an
//! installed distribution and is left out of the API (its files are still parsed and checked).
//!
//! A module is *public* when no component of its name starts with `_` (a package's `__init__` is
//! the package itself) and it is not test code: no `tests` component, no top-level `test`
//! package, and no `test_*.py`, `*_test.py` or `conftest.py` file.

use std::collections::{BTreeMap, BTreeSet};

use super::layout::{Layout, Paths};

/// An importable Python file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleFile {
    pub path: String,
    /// Dotted import path.
    pub name: String,
    /// Whether the file is a package's `__init__.py`.
    pub is_package: bool,
    pub public: bool,
    /// Whether the file is a `.pyi` stub standing for a module without Python source.
    pub stub: bool,
}

/// The modules of a tree.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Discovered {
    pub modules: BTreeMap<String, ModuleFile>,
    /// Extension modules without a stub (compiled, or Cython/Rust sources): dotted name → why the
    /// analysis cannot read them.
    pub extensions: BTreeMap<String, String>,
}

/// What a file can be, by its extension.
#[derive(Clone, Copy, PartialEq, Eq)]
enum FileKind {
    Source,
    Stub,
    Extension,
}

fn kind_and_stem(file: &str) -> Option<(FileKind, &str)> {
    if let Some(stem) = file.strip_suffix(".py") {
        return Some((FileKind::Source, stem));
    }
    if let Some(stem) = file.strip_suffix(".pyi") {
        return Some((FileKind::Stub, stem));
    }
    if let Some(stem) = file.strip_suffix(".pyx") {
        return Some((FileKind::Extension, stem));
    }
    if file.ends_with(".so") || file.ends_with(".pyd") {
        // `_speedups.cpython-312-x86_64-linux-gnu.so`: the module is `_speedups`.
        return file.split('.').next().map(|stem| (FileKind::Extension, stem));
    }
    None
}

/// Finds the importable modules among `paths` (any order), keyed by dotted name.
pub fn discover<'a>(paths: impl IntoIterator<Item = &'a str>, layout: &Layout) -> Discovered {
    let all: BTreeSet<&str> = paths.into_iter().collect();
    let facts = Paths::new(&all);
    let mut found = Discovered::default();
    let mut stubs: BTreeMap<String, ModuleFile> = BTreeMap::new();
    for &path in &all {
        let file = path.rsplit('/').next().unwrap_or(path);
        let Some((kind, stem)) = kind_and_stem(file) else { continue };
        for source in &layout.sources {
            let relative = if source.dir.is_empty() {
                Some(path)
            } else {
                path.strip_prefix(source.dir.as_str()).and_then(|rest| rest.strip_prefix('/'))
            };
            let Some(relative) = relative else { continue };
            let mut components: Vec<&str> = relative.split('/').collect();
            if let Some(last) = components.last_mut() {
                *last = stem;
            }
            if !components.iter().all(|c| crate::model::syntax::is_identifier(c)) {
                continue;
            }
            let Some((name, is_package)) = source.module_name(&components, &facts) else { continue };
            let name_parts: Vec<&str> = name.split('.').collect();
            let module = ModuleFile {
                path: path.to_owned(),
                public: is_public_module(&name_parts, stem),
                name: name.clone(),
                is_package,
                stub: kind == FileKind::Stub,
            };
            match kind {
                FileKind::Source => {
                    found.modules.entry(name).or_insert(module);
                }
                FileKind::Stub => {
                    stubs.entry(name).or_insert(module);
                }
                FileKind::Extension => {
                    found.extensions.entry(name).or_insert_with(|| format!("an extension module (`{path}`)"));
                }
            }
            break;
        }
    }
    for (name, stub) in stubs {
        found.modules.entry(name).or_insert(stub);
    }
    for name in &layout.extensions {
        found
            .extensions
            .entry(name.clone())
            .or_insert_with(|| "an extension module the build metadata declares".to_owned());
    }
    let modules = &found.modules;
    found.extensions.retain(|name, _| !modules.contains_key(name));
    found
}

/// Whether a module named `name_parts` (from a file whose stem is `file`) is public API: no
/// component starts with `_`, and it is not test code ([`is_test_code`]).
pub fn is_public_module(name_parts: &[&str], file: &str) -> bool {
    let private = name_parts.iter().any(|part| part.starts_with('_'));
    !private && !is_test_code(name_parts, file)
}

/// Test code: what runs only under a test runner — a `tests` package or folder anywhere, a
/// top-level `test` one, a `test_*.py`, `*_test.py` or `conftest.py`. Never public API, and no
/// compliance rule looks at it. `parts` are a module's name parts or a path's folders; `stem` is
/// the file name without `.py`.
pub fn is_test_code(parts: &[&str], stem: &str) -> bool {
    parts.contains(&"tests")
        || parts.first() == Some(&"test")
        || stem.starts_with("test_")
        || stem.ends_with("_test")
        || stem == "conftest"
}

/// Test support a distribution ships: a `test` or `testing` package inside it (`django.test`,
/// `numpy.testing`) or a `*_tests.py` helper. Public API — removing it breaks users' tests — but
/// no compliance rule looks at it: test helpers use mocks, stubs and fixtures by design, which
/// the production rules (`mock_in_production`, `stub_in_production`) would flag.
pub fn is_test_support(parts: &[&str], stem: &str) -> bool {
    parts.iter().any(|part| matches!(*part, "test" | "testing")) || stem.ends_with("_tests")
}

/// Whether a file is out of the compliance rules' reach: test code or test support.
pub fn is_test_path(path: &str) -> bool {
    let mut parts: Vec<&str> = path.split('/').collect();
    let file = parts.pop().unwrap_or_default();
    let stem = file.strip_suffix(".py").unwrap_or(file);
    is_test_code(&parts, stem) || is_test_support(&parts, stem)
}

/// The top-level names (packages and modules) a set of modules provides, sorted.
pub fn top_level_names<'a>(modules: impl IntoIterator<Item = &'a ModuleFile>) -> Vec<String> {
    let names: BTreeSet<String> =
        modules.into_iter().filter_map(|module| module.name.split('.').next().map(str::to_owned)).collect();
    names.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(paths: &[&str]) -> Vec<(String, bool)> {
        let all: BTreeSet<&str> = paths.iter().copied().collect();
        let layout = Layout::read(&all, &[]);
        discover(paths.iter().copied(), &layout).modules.into_values().map(|m| (m.name, m.public)).collect()
    }

    #[test]
    fn finds_regular_src_and_top_level_modules() {
        let found = names(&[
            "setup.py",
            "six.py",
            "docs/conf.py",
            "src/flask/__init__.py",
            "src/flask/app.py",
            "src/flask/sansio/app.py",
            "src/flask/_compat.py",
            "tests/test_app.py",
            "examples/tutorial/flaskr/__init__.py",
        ]);
        assert_eq!(
            found,
            [
                ("flask".to_owned(), true),
                ("flask._compat".to_owned(), false),
                ("flask.app".to_owned(), true),
                ("flask.sansio.app".to_owned(), true),
                ("six".to_owned(), true),
            ]
        );
    }

    #[test]
    fn test_modules_are_not_public() {
        let found =
            names(&["pkg/__init__.py", "pkg/tests/__init__.py", "pkg/test_x.py", "pkg/test/__init__.py"]);
        assert_eq!(
            found,
            [
                ("pkg".to_owned(), true),
                ("pkg.test".to_owned(), true),
                ("pkg.test_x".to_owned(), false),
                ("pkg.tests".to_owned(), false),
            ]
        );
    }
}
