//! The reading rules: how the engine decides what a tree's public API *is* before anything is
//! compared — where the packages are, which spellings mean the same type, what a computed
//! `__all__` holds — each defined once, with a fixture pair under `tests/fixtures/reading/<id>/`
//! that proves it (an `expect.toml` there lists exactly the findings the pair must give, so the
//! look-alikes in it must stay silent). `tests/reading.rs` fails when a rule has no fixture or
//! its fixture gives anything else, and `tests/docs.rs` when the README does not list it.
//!
//! Every rule is judged by what a caller of the installed distribution meets at run time on
//! Python 3.12.

/// One reading rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadingRule {
    /// snake_case id, also the fixture's folder name.
    pub id: &'static str,
    /// What the engine does, in one or two sentences (shown in the README).
    pub summary: &'static str,
    /// Why it is right at run time.
    pub why: &'static str,
}

/// Every reading rule, grouped: layout, types, values and signatures, names, history.
pub static READING_RULES: &[ReadingRule] = &[
    ReadingRule {
        id: "layout_wheel",
        summary: "An unpacked wheel (a root `*.dist-info/WHEEL`) is read as installed: its `top_level.txt` names the top-level packages.",
        why: "A wheel is the installed layout; nothing else of the archive is importable.",
    },
    ReadingRule {
        id: "layout_setuptools_pyproject",
        summary: "setuptools configured in `pyproject.toml`: `[tool.setuptools]` `packages`, `package-dir`, `py-modules` and `packages.find` (`where`, `include`, `exclude`, `namespaces`) decide the modules.",
        why: "These are the packages setuptools puts in the wheel; other folders with an `__init__.py` are not installed.",
    },
    ReadingRule {
        id: "layout_setup_cfg",
        summary: "`setup.cfg` `[options]` `package_dir`, `packages` (a list, or `find:` / `find_namespace:` with `[options.packages.find]`) and `py_modules` decide the modules.",
        why: "The same configuration as `pyproject.toml`'s, in setuptools' older file.",
    },
    ReadingRule {
        id: "layout_setup_py",
        summary: "`setup.py` is read, never run: literal `package_dir=`, `packages=` (a list, `find_packages(...)`, `find_namespace_packages(...)`) and `py_modules=` passed to `setup()`, directly or through module-level names.",
        why: "Running a `setup.py` would run the project's code; what it passes as literals is what it builds.",
    },
    ReadingRule {
        id: "layout_hatch",
        summary: "hatch: `[tool.hatch.build.targets.wheel]` (or `[tool.hatch.build]`) `packages`, `only-include` and `sources`; without them, the package named after the project.",
        why: "hatch ships the named folders whole, under the names `sources` gives them.",
    },
    ReadingRule {
        id: "layout_poetry",
        summary: "poetry: `packages = [{include, from}]` (globs allowed, sdist-only entries skipped); without it, the package named after the project.",
        why: "poetry builds the wheel from exactly these entries.",
    },
    ReadingRule {
        id: "layout_pdm",
        summary: "pdm-backend: `[tool.pdm.build]` `package-dir` and `includes`; by default `src/` when it exists, else the root.",
        why: "pdm-backend's own discovery rules.",
    },
    ReadingRule {
        id: "layout_flit",
        summary: "flit: the one module or package named after the project (or `[tool.flit.module] name`), at the root or under `src/`.",
        why: "flit builds a single import name.",
    },
    ReadingRule {
        id: "layout_maturin",
        summary: "maturin: the package under `python-source` (default: the root, `src/` or `python/`) named by `module-name`; the native module is an extension module, read from its `.pyi` stub when there is one.",
        why: "The native module is compiled; its stub is the only readable statement of its API.",
    },
    ReadingRule {
        id: "layout_egg_info",
        summary: "When setuptools' configuration is computed, an sdist's `*.egg-info/top_level.txt` says what was built, and where.",
        why: "It is setuptools' own record of the build the sdist came from.",
    },
    ReadingRule {
        id: "layout_conventions",
        summary: "Without build metadata: packages at the root and under `src/`, never in the folders that are conventionally not the library (`examples`, `docs`, `doc`, `benchmarks`, `bench`, `tools`, `scripts`, `tests`, `test`, `ci`, `build`, …).",
        why: "Those folders are not installed by any backend's default discovery.",
    },
    ReadingRule {
        id: "layout_unreadable",
        summary: "Build metadata that cannot be read (not TOML, not Python) or that names packages the tree lacks is a problem with its file and line; the next source of the list applies.",
        why: "A wrong layout would compare the wrong folders; saying so beats guessing silently.",
    },
];

/// The rule with this id.
pub fn rule(id: &str) -> Option<&'static ReadingRule> {
    READING_RULES.iter().find(|rule| rule.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_snake_case() {
        let mut seen = std::collections::BTreeSet::new();
        for rule in READING_RULES {
            assert!(seen.insert(rule.id), "duplicate id {}", rule.id);
            assert!(rule.id.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{}", rule.id);
        }
    }
}
