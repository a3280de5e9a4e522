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
    ReadingRule {
        id: "stub_module",
        summary: "A module that exists only as a `.pyi` stub (an extension module's) is API, its stub read as its source; one with neither source nor stub (`.pyx`, `.so`, a declared native module) is importable but not readable.",
        why: "The stub is the only statement of a compiled module's API; without one nothing can be said about its names.",
    },
    ReadingRule {
        id: "types_equivalent",
        summary: "Annotations are compared as types: `Optional[X]` ≡ `Union[X, None]` ≡ `X | None` (members flattened, deduplicated, in any order), `typing.List`/`Dict`/`Set`/`FrozenSet`/`Tuple`/`Type` ≡ the builtins, `typing`, `t.`, `typing_extensions` and `collections.abc` spellings of one name are one name, a string annotation ≡ its expression, `Annotated[T, …]` ≡ `T`, parentheses and whitespace ignored.",
        why: "Two spellings of one type are the same to every caller and type checker; only a change of meaning is reported.",
    },
    ReadingRule {
        id: "defaults_normalised",
        summary: "Defaults and constant values are compared as expressions: quote style, `1_000` vs `1000`, `0x10` vs `16`, `1.0` vs `1.00`, parentheses do not count.",
        why: "The same value written another way changes nothing at run time.",
    },
    ReadingRule {
        id: "value_dropped",
        summary: "An assignment that becomes a bare annotation (`b: int = 1` → `b: int`) removes the name from a module or a plain class — unless a module `__getattr__`, a dataclass/attrs/pydantic/`NamedTuple`/`TypedDict`/`Protocol` field, `__slots__`, `self.b = …` (or `cls.b = …`) in a method, or a bare `ClassVar` still provides it.",
        why: "A bare annotation binds nothing: `from m import b` raises ImportError and `C.b` AttributeError.",
    },
    ReadingRule {
        id: "kwonly_beside_kwargs",
        summary: "A required keyword-only parameter added to a function that also takes `**kwargs` is `parameter_added_required`.",
        why: "Calls that omit it raise TypeError whatever `**kwargs` accepted before.",
    },
    ReadingRule {
        id: "dataclass_field_once",
        summary: "A dataclass/attrs field's annotation change is reported once, at the field, not again at the synthesized `__init__`.",
        why: "One change, one finding.",
    },
    ReadingRule {
        id: "constructor_through_bases",
        summary: "A class's constructor is resolved through its bases: dropping its own `__init__` compares it with the inherited one, and with `object.__init__` (no arguments) when no base of the tree defines one; a base outside the tree may take anything (a warning only).",
        why: "`Service(settings)` raises TypeError once `Service` is constructed by a base that takes other arguments.",
    },
    ReadingRule {
        id: "functional_classes",
        summary: "`NamedTuple(\"A\", [...])`, `namedtuple(...)` (with `defaults=`), `TypedDict(...)` (with `total=`) and `Enum(\"E\", ...)` calls define classes with their fields as members and constructor parameters, like the class statements do.",
        why: "Fields are the API of such classes, however they are declared.",
    },
    ReadingRule {
        id: "legacy_async_names",
        summary: "Sources written for Python < 3.7 that use `async`/`await` as names are parsed with a fallback (same-length stand-ins, names restored), not lost as syntax errors.",
        why: "A library supporting old Pythons still has an API to compare.",
    },
    ReadingRule {
        id: "computed_all",
        summary: "A computed `__all__` is resolved through the modules it reads: `mod.__all__`, `.copy()`, `list(…)`, `[:]`, `+`, `+=`, `.extend`, `.remove`, unfiltered comprehensions over them. When part of it cannot be read (a call, a filtered comprehension), no export change is claimed.",
        why: "`from pkg import *` gives exactly what `__all__` holds at run time.",
    },
    ReadingRule {
        id: "unreadable_star",
        summary: "`from m import *` of a module the analysis cannot read (an extension module, a module outside the tree's sources) may provide any name: names the module lists in `__all__` or imports are provided, no import of them is unresolved, and the module is listed as not fully readable.",
        why: "Never claim what the code does not say.",
    },
    ReadingRule {
        id: "shim_tables",
        summary: "A `__getattr__` made by a factory of the tree (`__getattr__ = getattr_migration(__name__)`) that builds a `\"module:name\"` key and looks it up in literal tables (dicts, sets, dict comprehensions over literals) serves the names of tables whose branch returns — `object_moved_behind_shim`, with both locations — and raises for those of tables whose branch raises (they stay removed, and the message says so).",
        why: "Imports of moved names keep working, with a warning, until the shim goes.",
    },
    ReadingRule {
        id: "public_names",
        summary: "Each finding keeps `object` (where it is defined) and gains `public_path`, the shortest public import path that reaches it (`httpx.Client.get` for `httpx._client.Client.get`); module names never carry a layout folder. Names that exist only for typing — a `TypeVar`, `ParamSpec`, `TypeVarTuple`, a `TypeAlias` or `type X = …`, an alias of `Union`/`Optional`/`Callable`/`Literal`/`Annotated` — are `typing_only` and ranked after the runtime API. (Definitions under `if TYPE_CHECKING:` never exist at run time and are not compared.)",
        why: "Users import the public path; a typing-only name's removal breaks annotations, not calls.",
    },
    ReadingRule {
        id: "deprecation_evidence",
        summary: "A breaking change whose object the baseline deprecated carries `deprecated: {path, line, how}`: `warnings.warn` with `DeprecationWarning`, `PendingDeprecationWarning`, `FutureWarning` or a tree subclass of them (about the parameter, for a parameter change), a `__getattr__` branch that warns, `@deprecated` (PEP 702, `typing_extensions`, the `deprecated` package) and `deprecated_*`/`deprecate_*` decorators and helpers, a docstring's `.. deprecated::`; a deprecated class or module covers its contents. Objects (or parameters) the current side newly deprecates are `deprecated` findings.",
        why: "Removed after deprecation and broken without warning are different news for a reviewer, and call for different fixes.",
    },
    ReadingRule {
        id: "release_verdict",
        summary: "Each side's version is read (`PKG-INFO`, a wheel's `METADATA`, `[project] version`, `setup.cfg [metadata] version`, `[tool.poetry] version`, a literal `__version__`, a bundle commit's tag) and the report says the bump the changes require — breaking → major (minor for `0.y.z`), additive → minor, else patch — and whether the declared bump satisfies it. Dynamic, missing and calendar versions get no verdict, and say why.",
        why: "A breaking change shipped as a minor release breaks everyone who pinned `~=`/`^`; this is the question a release manager asks.",
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
