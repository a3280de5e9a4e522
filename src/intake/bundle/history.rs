//! The points in history a bundle's report compares and the commits between them: the report's
//! `history` section, made by [`super::Bundle::report_history`] and re-exported by
//! [`crate::report`], whose JSON contract it is part of.

use serde::{Deserialize, Serialize};

/// The points in history compared, and what lies between them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct History {
    /// The bundle's name.
    pub source: String,
    pub baseline: Revision,
    pub current: Revision,
    /// The commits in `baseline..current`, newest first.
    pub commits: Vec<CommitSummary>,
}

/// A revision expression and the commit it resolved to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revision {
    pub revision: String,
    pub commit: String,
    /// The tags pointing at that commit. Omitted when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

/// One commit of the range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitSummary {
    pub id: String,
    pub subject: String,
    pub author: String,
    /// Author date, ISO 8601 in UTC.
    pub date: String,
}
