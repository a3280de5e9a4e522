//! Which files are importable modules, and under which dotted names.
//!
//! In: the paths of a tree. Out: a [`ModuleFile`] per importable `.py` file.
//!
//! Import roots are the tree root and, for the `src/` layout, `src/` (when it is not itself a
//! package). Under a root:
//! - a `.py` file directly in the root is a top-level module (`six.py` → `six`), except build and
//!   test tooling that is never imported as a library (`setup.py`, `conftest.py`, `noxfile.py`, …);
//! - a directory with `__init__.py` directly in the root is a regular package; below it, every
//!   directory whose name is an identifier is a subpackage, with or without `__init__.py` (PEP 420
//!   namespace portions inside a package are importable — flask 3 keeps `flask/sansio/` without
//!   one);
//! - everything else (`docs/`, `examples/`, top-level `tests/`, scripts) is not importable from an
//!   installed distribution and is left out of the API (its files are still parsed and checked).
//!
//! A module is *public* when no component of its name starts with `_` (a package's `__init__` is
//! the package itself) and it is not test code: no `tests` component, no top-level `test`
//! package, and no `test_*.py`, `*_test.py` or `conftest.py` file.

use std::collections::{BTreeMap, BTreeSet};

/// Root-level scripts that build, test or serve a project but are never imported as a library.
const TOOLING_FILES: &[&str] = &["setup.py", "conftest.py", "noxfile.py", "fabfile.py", "dodo.py"];

/// An importable Python file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleFile {
    pub path: String,
    /// Dotted import path.
    pub name: String,
    /// Whether the file is a package's `__init__.py`.
    pub is_package: bool,
    pub public: bool,
}

/// Finds the importable modules among `paths` (any order), keyed by dotted name.
pub fn discover<'a>(paths: impl IntoIterator<Item = &'a str>) -> BTreeMap<String, ModuleFile> {
    let paths: BTreeSet<&str> = paths.into_iter().collect();
    let has_init = |dir: &str| paths.contains(format!("{dir}/__init__.py").as_str());
    let src_is_root = !has_init("src");

    let mut modules = BTreeMap::new();
    for &path in &paths {
        let Some(without_suffix) = path.strip_suffix(".py") else { continue };
        let relative = match without_suffix.strip_prefix("src/") {
            Some(rest) if src_is_root => rest,
            _ => without_suffix,
        };
        let components: Vec<&str> = relative.split('/').collect();
        let Some(module_file) =
            module_file(path, &components, &has_init, relative.len() != without_suffix.len())
        else {
            continue;
        };
        modules.entry(module_file.name.clone()).or_insert(module_file);
    }
    modules
}

fn module_file(
    path: &str,
    components: &[&str],
    has_init: &dyn Fn(&str) -> bool,
    under_src: bool,
) -> Option<ModuleFile> {
    let (&file, directories) = components.split_last()?;
    if !components.iter().all(|c| is_identifier(c)) {
        return None;
    }
    match directories.first() {
        None => {
            if TOOLING_FILES.contains(&format!("{file}.py").as_str()) || file == "__init__" {
                return None;
            }
        }
        Some(top) => {
            let top_dir = if under_src { format!("src/{top}") } else { (*top).to_owned() };
            if !has_init(&top_dir) {
                return None;
            }
        }
    }
    let is_package = file == "__init__";
    let name_parts: Vec<&str> = if is_package { directories.to_vec() } else { components.to_vec() };
    let name = name_parts.join(".");
    let public = is_public_module(&name_parts, file);
    Some(ModuleFile { path: path.to_owned(), name, is_package, public })
}

fn is_public_module(name_parts: &[&str], file: &str) -> bool {
    let private = name_parts.iter().any(|part| part.starts_with('_'));
    let test_package = name_parts.contains(&"tests") || name_parts.first() == Some(&"test");
    let test_file = file.starts_with("test_") || file.ends_with("_test") || file == "conftest";
    !private && !test_package && !test_file
}

/// Whether `name` can be a Python module name (ASCII identifiers; non-ASCII ones are rare in
/// package names and would be accepted by Python, so allow any alphabetic character).
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) if first == '_' || first.is_alphabetic() => {}
        _ => return false,
    }
    chars.all(|c| c == '_' || c.is_alphanumeric())
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
        discover(paths.iter().copied()).into_values().map(|m| (m.name, m.public)).collect()
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
