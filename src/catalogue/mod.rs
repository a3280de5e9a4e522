//! The change catalogue: every kind of API change the engine reports, defined once.
//!
//! Each [`KindDefinition`] holds the id (part of the report contract), the severity, a one-line
//! summary, why it matters to callers, a before/after example and how to fix or migrate. The UI's
//! explanations, the README's catalogue table and the tests (every kind has a fixture pair under
//! `tests/fixtures/<id>/` proving it fires) are all driven from [`CATALOGUE`].

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
    ParameterRemoved,
    ParameterAddedRequired,
    ModuleAdded,
    ObjectAdded,
    ParameterAddedOptional,
}

impl ChangeKind {
    pub const ALL: &'static [ChangeKind] = &[
        ChangeKind::ModuleRemoved,
        ChangeKind::ObjectRemoved,
        ChangeKind::ObjectKindChanged,
        ChangeKind::ParameterRemoved,
        ChangeKind::ParameterAddedRequired,
        ChangeKind::ModuleAdded,
        ChangeKind::ObjectAdded,
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
        CATALOGUE.get(index).unwrap_or(&CATALOGUE[0])
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
        severity: Severity::Breaking,
        summary: "A public module no longer exists.",
        why: "Every `import pkg.mod` and `from pkg.mod import …` of it raises ImportError.",
        before: "# pkg/legacy.py\ndef helper(): ...",
        after: "# pkg/legacy.py deleted",
        fix: "Keep the module as a shim that re-exports from the new location (and warns), or document the removal in a major release.",
    },
    KindDefinition {
        kind: ChangeKind::ObjectRemoved,
        id: "object_removed",
        severity: Severity::Breaking,
        summary: "A public function, class or method no longer exists.",
        why: "Imports of it raise ImportError; attribute access raises AttributeError.",
        before: "class Client:\n    def send(self, request): ...",
        after: "class Client:\n    pass",
        fix: "Keep the old name as a deprecated alias that forwards to its replacement for at least one release.",
    },
    KindDefinition {
        kind: ChangeKind::ObjectKindChanged,
        id: "object_kind_changed",
        severity: Severity::Breaking,
        summary: "A public name changed what it is (function ↔ class).",
        why: "Code that subclasses, instantiates, calls or inspects it in the old way breaks.",
        before: "def connect(url): ...",
        after: "class connect:\n    def __init__(self, url, *, timeout): ...",
        fix: "Give the new object a new name and keep the old one as it was.",
    },
    KindDefinition {
        kind: ChangeKind::ParameterRemoved,
        id: "parameter_removed",
        severity: Severity::Breaking,
        summary: "A parameter was removed (or renamed) and nothing absorbs calls that pass it.",
        why: "Calls passing it by keyword raise TypeError; positional calls shift onto the wrong parameters. Not reported when `*args`/`**kwargs` still accept every way the parameter could be passed.",
        before: "def fetch(url, timeout=10): ...",
        after: "def fetch(url): ...",
        fix: "Keep the parameter (ignored, with a DeprecationWarning) or accept it through `**kwargs` until the next major release.",
    },
    KindDefinition {
        kind: ChangeKind::ParameterAddedRequired,
        id: "parameter_added_required",
        severity: Severity::Breaking,
        summary: "A new parameter without a default was added.",
        why: "Every existing call lacks the argument and raises TypeError.",
        before: "def fetch(url): ...",
        after: "def fetch(url, session): ...",
        fix: "Give the new parameter a default that keeps the old behaviour.",
    },
    KindDefinition {
        kind: ChangeKind::ModuleAdded,
        id: "module_added",
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
        severity: Severity::Additive,
        summary: "A new public function, class or method.",
        why: "New API; existing callers are unaffected (a subclass defining the same name now overrides it).",
        before: "class Client: ...",
        after: "class Client:\n    def close(self): ...",
        fix: "Nothing to fix; document it.",
    },
    KindDefinition {
        kind: ChangeKind::ParameterAddedOptional,
        id: "parameter_added_optional",
        severity: Severity::Additive,
        summary: "A new parameter with a default (or `*args`/`**kwargs`) was added.",
        why: "Existing calls still work. A new positional parameter placed before others can still shift positional calls; that is reported separately once parameter moves are tracked.",
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
