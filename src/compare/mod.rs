//! Compare: what changed between baseline and current.
//!
//! In: the two trees' files ([`files`]) and the two API surfaces ([`api`], which uses
//! [`definitions`] for objects and classes, [`signatures`] for parameters and [`imports`] for
//! imports that no longer resolve). Out: plain lists of [`crate::report::FileChange`] and
//! [`crate::report::ApiChange`], unsorted (the report sorts).

pub mod api;
mod comparison;
mod definitions;
mod deprecations;
mod expressions;
pub mod files;
mod imports;
mod naming;
mod signatures;

use crate::catalogue::ChangeKind;
use crate::report::{ApiChange, Evidence};

/// The findings of one comparison, with one way to add them.
#[derive(Default)]
pub(crate) struct Findings {
    changes: Vec<ApiChange>,
}

impl Findings {
    pub(crate) fn add(
        &mut self,
        kind: ChangeKind,
        object: &str,
        parameter: Option<&str>,
        evidence: (Option<Evidence>, Option<Evidence>),
        message: String,
    ) {
        self.add_with_members(kind, object, parameter, evidence, message, Vec::new());
    }

    /// Adds a finding that stands for several names (a removed module or class, a lost base).
    pub(crate) fn add_with_members(
        &mut self,
        kind: ChangeKind,
        object: &str,
        parameter: Option<&str>,
        evidence: (Option<Evidence>, Option<Evidence>),
        message: String,
        members: Vec<String>,
    ) {
        self.changes.push(ApiChange {
            kind,
            severity: kind.severity(),
            object: object.to_owned(),
            module: String::new(),
            parameter: parameter.map(str::to_owned),
            baseline: evidence.0,
            current: evidence.1,
            message,
            members,
            public_path: String::new(),
            typing_only: false,
            deprecated: None,
        });
    }

    /// How many findings there are so far.
    pub(crate) fn len(&self) -> usize {
        self.changes.len()
    }

    /// Appends text to the messages of the findings added since `from`.
    pub(crate) fn append_to_messages(&mut self, from: usize, text: &str) {
        for change in self.changes.iter_mut().skip(from) {
            change.message.push_str(text);
        }
    }

    pub(crate) fn into_changes(self) -> Vec<ApiChange> {
        self.changes
    }
}

/// "a, b, c and 4 more" for messages.
pub(crate) fn list_names(names: &[String]) -> String {
    const SHOWN: usize = 8;
    let shown: Vec<&str> = names.iter().take(SHOWN).map(String::as_str).collect();
    match names.len() {
        0 => String::new(),
        n if n <= SHOWN => shown.join(", "),
        n => format!("{} and {} more", shown.join(", "), n - SHOWN),
    }
}
