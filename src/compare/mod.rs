//! Compare: what changed between baseline and current.
//!
//! In: the two trees' files ([`files`]) and the two API surfaces ([`api`]). Out: plain lists of
//! [`crate::report::FileChange`] and [`crate::report::ApiChange`], unsorted (the report sorts).

pub mod api;
pub mod files;
