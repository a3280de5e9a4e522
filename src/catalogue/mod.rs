//! The change catalogue: every kind of API change the engine reports, defined once.
//!
//! Each [`KindDefinition`] holds the id (part of the report contract), the severity, a one-line
//! summary, why it matters to callers, a before/after example and how to fix or migrate. The UI's
//! explanations, the README's catalogue table and the tests (every kind has a fixture pair under
//! `tests/fixtures/<id>/` proving it fires) are all driven from [`CATALOGUE`].

pub mod reading;

use serde::{Deserialize, Serialize};

/// How much a change matters to code that uses the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Existing callers fail (ImportError, AttributeError, TypeError) after the change.
    Breaking,
    /// Callers keep working but may behave differently.
    Warning,
    /// New API; nothing existing is affected.
    Additive,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Breaking => "breaking",
            Severity::Warning => "warning",
            Severity::Additive => "additive",
        }
    }
}

/// The kinds of API change. Ids (see [`ChangeKind::as_str`]) are part of the report contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ChangeKind {
    ModuleRemoved,
    ObjectRemoved,
    ObjectKindChanged,
    ExportRemoved,
    ParameterRemoved,
    ParameterMoved,
    ParameterKindChanged,
    ParameterNowRequired,
    ParameterAddedRequired,
    BaseClassRemoved,
    AsyncChanged,
    DecoratorKindChanged,
    ImportUnresolved,
    ReturnAnnotationChanged,
    ParameterAnnotationChanged,
    AttributeAnnotationChanged,
    AttributeValueChanged,
    ParameterDefaultChanged,
    OverrideRemoved,
    ObjectMovedBehindShim,
    Deprecated,
    ModuleAdded,
    ObjectAdded,
    ExportAdded,
    ParameterAddedOptional,
}

impl ChangeKind {
    pub const ALL: &'static [ChangeKind] = &[
        ChangeKind::ModuleRemoved,
        ChangeKind::ObjectRemoved,
        ChangeKind::ObjectKindChanged,
        ChangeKind::ExportRemoved,
        ChangeKind::ParameterRemoved,
        ChangeKind::ParameterMoved,
        ChangeKind::ParameterKindChanged,
        ChangeKind::ParameterNowRequired,
        ChangeKind::ParameterAddedRequired,
        ChangeKind::BaseClassRemoved,
        ChangeKind::AsyncChanged,
        ChangeKind::DecoratorKindChanged,
        ChangeKind::ImportUnresolved,
        ChangeKind::ReturnAnnotationChanged,
        ChangeKind::ParameterAnnotationChanged,
        ChangeKind::AttributeAnnotationChanged,
        ChangeKind::AttributeValueChanged,
        ChangeKind::ParameterDefaultChanged,
        ChangeKind::OverrideRemoved,
        ChangeKind::ObjectMovedBehindShim,
        ChangeKind::Deprecated,
        ChangeKind::ModuleAdded,
        ChangeKind::ObjectAdded,
        ChangeKind::ExportAdded,
        ChangeKind::ParameterAddedOptional,
    ];

    pub fn as_str(self) -> &'static str {
        self.definition().id
    }

    pub fn severity(self) -> Severity {
        self.definition().severity
    }

    pub fn definition(self) -> &'static KindDefinition {
        // CATALOGUE is ordered like ChangeKind::ALL; a unit test keeps the two in step.
        let index = ChangeKind::ALL.iter().position(|kind| *kind == self).unwrap_or(0);
        #[allow(clippy::indexing_slicing)] // a static table, never empty (a unit test checks it)
        CATALOGUE.get(index).unwrap_or(&CATALOGUE[0])
    }

    /// Whether the kind is about annotations only: calls keep working, type checkers may not
    /// (a reviewer can hide these).
    pub fn is_annotation_only(self) -> bool {
        matches!(
            self,
            ChangeKind::ReturnAnnotationChanged
                | ChangeKind::ParameterAnnotationChanged
                | ChangeKind::AttributeAnnotationChanged
        )
    }

    pub fn from_id(id: &str) -> Option<ChangeKind> {
        ChangeKind::ALL.iter().copied().find(|kind| kind.as_str() == id)
    }
}

/// The documentation of one change kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindDefinition {
    pub kind: ChangeKind,
    pub id: &'static str,
    /// A few words for filters and counts (`Parameter removed`); the id stays the contract.
    pub label: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    pub why: &'static str,
    pub before: &'static str,
    pub after: &'static str,
    pub fix: &'static str,
}

/// Every change kind, in [`ChangeKind::ALL`] order.
pub static CATALOGUE: &[KindDefinition] = &[
    KindDefinition {
        kind: ChangeKind::ModuleRemoved,
        id: "module_removed",
        label: "Module removed",
        severity: Severity::Breaking,
        summary: "A public module no longer exists.",
        why: "Every `import pkg.mod` and `from pkg.mod import …` of it raises ImportError. Reported once, with the names it exported; they are not repeated as separate findings.",
        before: "# pkg/legacy.py\ndef helper(): ...",
        after: "# pkg/legacy.py deleted",
        fix: "Keep the module as a shim that re-exports from the new location (and warns), or document the removal in a major release.",
    },
    KindDefinition {
        kind: ChangeKind::ObjectRemoved,
        id: "object_removed",
        label: "Name removed",
        severity: Severity::Breaking,
        summary: "A public function, class, method, attribute or re-exported name can no longer be imported or accessed.",
        why: "Imports of it raise ImportError; attribute access raises AttributeError. Not reported when the name moved and the old module still re-exports it, when a `__getattr__` shim still serves it, or when the class still inherits it.",
        before: "class Client:\n    def send(self, request): ...",
        after: "class Client:\n    pass",
        fix: "Keep the old name as a deprecated alias that forwards to its replacement for at least one release.",
    },
    KindDefinition {
        kind: ChangeKind::ObjectKindChanged,
        id: "object_kind_changed",
        label: "Name changed what it is",
        severity: Severity::Breaking,
        summary: "A public name changed what it is: function, class, attribute or property.",
        why: "Code that calls, subclasses, instantiates, assigns or reads it the old way breaks (a property cannot be called; an attribute cannot be subclassed).",
        before: "def connect(url): ...",
        after: "class connect:\n    def __init__(self, url, *, timeout): ...",
        fix: "Give the new object a new name and keep the old one as it was.",
    },
    KindDefinition {
        kind: ChangeKind::ExportRemoved,
        id: "export_removed",
        label: "Dropped from __all__",
        severity: Severity::Breaking,
        summary: "A name was dropped from `__all__` but is still defined.",
        why: "`from pkg import *` no longer brings it, so code relying on the star import gets NameError; tools that treat `__all__` as the public API consider it private now.",
        before: "__all__ = [\"connect\", \"retry\"]",
        after: "__all__ = [\"connect\"]\ndef retry(): ...",
        fix: "Keep the name in `__all__` while it is supported, or remove it in a major release.",
    },
    KindDefinition {
        kind: ChangeKind::ParameterRemoved,
        id: "parameter_removed",
        label: "Parameter removed",
        severity: Severity::Breaking,
        summary: "A parameter was removed (or renamed) and nothing absorbs calls that pass it.",
        why: "Calls passing it by keyword raise TypeError; positional calls shift onto the wrong parameters. Not reported when `*args`/`**kwargs` still accept every way the parameter could be passed (`**attrs` → `**kwargs` is no change).",
        before: "def fetch(url, timeout=10): ...",
        after: "def fetch(url): ...",
        fix: "Keep the parameter (ignored, with a DeprecationWarning) or accept it through `**kwargs` until the next major release.",
    },
    KindDefinition {
        kind: ChangeKind::ParameterMoved,
        id: "parameter_moved",
        label: "Parameter moved",
        severity: Severity::Breaking,
        summary: "A positional parameter is at a different position.",
        why: "Positional calls now pass their arguments to the wrong parameters — silently, when the types happen to fit. One finding per parameter whose position changed.",
        before: "def copy(src, dst, overwrite=False): ...",
        after: "def copy(dst, src, overwrite=False): ...",
        fix: "Keep the order; add new parameters at the end or make them keyword-only.",
    },
    KindDefinition {
        kind: ChangeKind::ParameterKindChanged,
        id: "parameter_kind_changed",
        label: "Parameter became keyword- or positional-only",
        severity: Severity::Breaking,
        summary: "A parameter became keyword-only or positional-only (or switched between the two).",
        why: "Calls that passed it the other way raise TypeError. Widening (keyword-only → positional-or-keyword) breaks no caller and is not reported.",
        before: "def fetch(url, timeout=10): ...",
        after: "def fetch(url, *, timeout=10): ...",
        fix: "Keep accepting the old way for a release (e.g. read it from `*args` with a DeprecationWarning).",
    },
    KindDefinition {
        kind: ChangeKind::ParameterNowRequired,
        id: "parameter_now_required",
        label: "Parameter now required",
        severity: Severity::Breaking,
        summary: "A parameter lost its default value.",
        why: "Calls that relied on the default raise TypeError.",
        before: "def fetch(url, timeout=10): ...",
        after: "def fetch(url, timeout): ...",
        fix: "Keep a default (a sentinel that warns when the argument is missing, if the old default was wrong).",
    },
    KindDefinition {
        kind: ChangeKind::ParameterAddedRequired,
        id: "parameter_added_required",
        label: "Required parameter added",
        severity: Severity::Breaking,
        summary: "A new parameter without a default was added.",
        why: "Every existing call lacks the argument and raises TypeError. Not reported when the old `*args`/`**kwargs` already accepted it (`def f(*args, **kwargs)` made explicit).",
        before: "def fetch(url): ...",
        after: "def fetch(url, session): ...",
        fix: "Give the new parameter a default that keeps the old behaviour.",
    },
    KindDefinition {
        kind: ChangeKind::BaseClassRemoved,
        id: "base_class_removed",
        label: "Base class removed",
        severity: Severity::Breaking,
        summary: "A class no longer inherits from one of its bases.",
        why: "`isinstance`/`issubclass` checks and `except Base:` clauses stop matching, and members that came from the base disappear (listed in the finding). Not reported when the base is still an ancestor (`class X(object)` → `class X:`, or `Exception` replaced by `AppError(Exception)`).",
        before: "class Timeout(RequestError): ...",
        after: "class Timeout(Exception): ...",
        fix: "Keep the old base in the hierarchy (insert the new class between them).",
    },
    KindDefinition {
        kind: ChangeKind::AsyncChanged,
        id: "async_changed",
        label: "Switched between def and async def",
        severity: Severity::Breaking,
        summary: "A function switched between `def` and `async def`.",
        why: "Callers that did not await now get a coroutine instead of a result; callers that awaited now await a plain value and raise TypeError.",
        before: "def fetch(url): ...",
        after: "async def fetch(url): ...",
        fix: "Add the async variant under a new name (e.g. `afetch`) and keep the sync one.",
    },
    KindDefinition {
        kind: ChangeKind::DecoratorKindChanged,
        id: "decorator_kind_changed",
        label: "Method binding changed",
        severity: Severity::Breaking,
        summary: "A method changed how it is bound: instance method, static method, class method or property.",
        why: "Calls through the class or the instance bind different first arguments; a property is read, not called.",
        before: "class Config:\n    def defaults(self): ...",
        after: "class Config:\n    @property\n    def defaults(self): ...",
        fix: "Keep the old binding under the old name and add the new one under a new name.",
    },
    KindDefinition {
        kind: ChangeKind::ImportUnresolved,
        id: "import_unresolved",
        label: "Internal import no longer resolves",
        severity: Severity::Breaking,
        summary: "A module of the current tree imports a name from an internal module that no longer provides it.",
        why: "The import raises ImportError at run time, so the importing module itself cannot be loaded. Not reported when the import is inside `try: … except ImportError` (or under `if TYPE_CHECKING:`), or when a `__getattr__` shim serves the name.",
        before: "# pkg/cli.py\nfrom pkg.utils import parse_args",
        after: "# pkg/utils.py no longer defines parse_args",
        fix: "Update the import to the name's new home, or keep a re-export in the old module.",
    },
    KindDefinition {
        kind: ChangeKind::ReturnAnnotationChanged,
        id: "return_annotation_changed",
        label: "Return annotation changed",
        severity: Severity::Warning,
        summary: "The return annotation changed.",
        why: "Type-checked callers may now fail to type-check, and the change often means the returned value changed shape.",
        before: "def load(path) -> dict: ...",
        after: "def load(path) -> Config: ...",
        fix: "Check that callers can handle the new type; document the change.",
    },
    KindDefinition {
        kind: ChangeKind::ParameterAnnotationChanged,
        id: "parameter_annotation_changed",
        label: "Parameter annotation changed",
        severity: Severity::Warning,
        summary: "A parameter's annotation changed.",
        why: "Callers passing the old type may fail to type-check, or the function may now treat the argument differently.",
        before: "def fetch(url: str): ...",
        after: "def fetch(url: URL): ...",
        fix: "Accept both types for a while (a Union), or document the change.",
    },
    KindDefinition {
        kind: ChangeKind::AttributeAnnotationChanged,
        id: "attribute_annotation_changed",
        label: "Attribute annotation changed",
        severity: Severity::Warning,
        summary: "A module or class attribute's annotation changed.",
        why: "Code that reads or assigns the attribute may now fail to type-check, and the value may have changed shape.",
        before: "timeout: int = 10",
        after: "timeout: float = 10.0",
        fix: "Check readers and writers of the attribute; document the change.",
    },
    KindDefinition {
        kind: ChangeKind::AttributeValueChanged,
        id: "attribute_value_changed",
        label: "Constant value changed",
        severity: Severity::Warning,
        summary: "A module or class constant has a new value.",
        why: "Callers keep working but behave differently (a default, a limit, a URL changed). Changes to `__all__` are reported as export changes instead.",
        before: "DEFAULT_TIMEOUT = 10",
        after: "DEFAULT_TIMEOUT = 30",
        fix: "Make sure the new value is intended; document it.",
    },
    KindDefinition {
        kind: ChangeKind::ParameterDefaultChanged,
        id: "parameter_default_changed",
        label: "Default value changed",
        severity: Severity::Warning,
        summary: "A parameter's default value changed.",
        why: "Calls that rely on the default keep working but behave differently.",
        before: "def fetch(url, retries=3): ...",
        after: "def fetch(url, retries=0): ...",
        fix: "Make sure the new default is intended; document it.",
    },
    KindDefinition {
        kind: ChangeKind::OverrideRemoved,
        id: "override_removed",
        label: "Standard override removed",
        severity: Severity::Warning,
        summary: "A class stopped overriding a method every object has (`__str__`, `__eq__`, `__hash__`, …).",
        why: "The name still works — it is inherited now — so nothing raises, but behaviour changes: `str()` formats differently, equality or hashing follow the base's rules.",
        before: "class Choices(Enum):\n    def __str__(self):\n        return str(self.value)",
        after: "class Choices(Enum):\n    pass  # str() now gives 'Choices.X'",
        fix: "Check that the inherited behaviour is what callers expect; document it.",
    },
    KindDefinition {
        kind: ChangeKind::ObjectMovedBehindShim,
        id: "object_moved_behind_shim",
        label: "Moved behind a shim",
        severity: Severity::Warning,
        summary: "A name left its module, which still serves it through a `__getattr__` shim that maps it to its new location.",
        why: "`from pkg.old import Name` still works (usually with a deprecation warning) — until the shim goes, typically in the next major release. The finding names both locations.",
        before: "# pkg/config.py\nclass Extra: ...",
        after: "# pkg/config.py\n__getattr__ = getattr_migration(__name__)\n# MOVED = {'pkg.config:Extra': 'pkg.deprecated.config:Extra'}",
        fix: "Import it from its new location.",
    },
    KindDefinition {
        kind: ChangeKind::Deprecated,
        id: "deprecated",
        label: "Newly deprecated",
        severity: Severity::Warning,
        summary: "A public object is newly deprecated: it warns (`DeprecationWarning`, `PendingDeprecationWarning`, `FutureWarning`), carries `@deprecated`, or its docstring says `.. deprecated::`.",
        why: "It still works, and callers see the warning now; the next release may remove it.",
        before: "def connect(url): ...",
        after: "def connect(url):\n    warnings.warn(\"use open()\", DeprecationWarning)",
        fix: "Move callers to the replacement the warning names before the next major release.",
    },
    KindDefinition {
        kind: ChangeKind::ModuleAdded,
        id: "module_added",
        label: "Module added",
        severity: Severity::Additive,
        summary: "A new public module.",
        why: "New API; existing imports are unaffected.",
        before: "# no pkg/retry.py",
        after: "# pkg/retry.py\ndef backoff(attempt): ...",
        fix: "Nothing to fix; document it.",
    },
    KindDefinition {
        kind: ChangeKind::ObjectAdded,
        id: "object_added",
        label: "Name added",
        severity: Severity::Additive,
        summary: "A new public function, class, method, attribute or re-exported name.",
        why: "New API; existing callers are unaffected (a subclass defining the same name now overrides it).",
        before: "class Client: ...",
        after: "class Client:\n    def close(self): ...",
        fix: "Nothing to fix; document it.",
    },
    KindDefinition {
        kind: ChangeKind::ExportAdded,
        id: "export_added",
        label: "Added to __all__",
        severity: Severity::Additive,
        summary: "An existing name was added to `__all__`.",
        why: "`from pkg import *` now brings it too (which can shadow a name in the importing module).",
        before: "__all__ = [\"connect\"]\ndef retry(): ...",
        after: "__all__ = [\"connect\", \"retry\"]",
        fix: "Nothing to fix; document it.",
    },
    KindDefinition {
        kind: ChangeKind::ParameterAddedOptional,
        id: "parameter_added_optional",
        label: "Optional parameter added",
        severity: Severity::Additive,
        summary: "A new parameter with a default (or `*args`/`**kwargs`) was added.",
        why: "Existing calls still work. (When it is inserted before other positional parameters, those are reported as `parameter_moved`.)",
        before: "def fetch(url): ...",
        after: "def fetch(url, retries=0): ...",
        fix: "Nothing to fix; document it.",
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_matches_the_kind_list() {
        assert_eq!(CATALOGUE.len(), ChangeKind::ALL.len());
        for (definition, kind) in CATALOGUE.iter().zip(ChangeKind::ALL) {
            assert_eq!(definition.kind, *kind, "CATALOGUE and ChangeKind::ALL out of step");
            assert_eq!(ChangeKind::from_id(definition.id), Some(*kind));
            let serialized = serde_json::to_string(kind).unwrap();
            assert_eq!(serialized, format!("\"{}\"", definition.id), "serde name differs from id");
        }
    }
}
