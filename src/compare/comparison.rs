//! The state one API comparison carries: both resolvers, the findings so far and what has been
//! compared, removed or added already. [`super::api`] walks the public entries with it and
//! [`super::definitions`] / [`super::deprecations`] compare the definitions it locates; this
//! module only holds the shared types, so those three depend on it and not on each other.

use std::borrow::Cow;
use std::collections::{HashSet, VecDeque};

use super::Findings;
use crate::model::resolve::Resolver;
use crate::model::{ApiObject, ApiSurface, ModuleApi};
use crate::report::Evidence;

/// A definition located in its tree: the module, its qualified name and the object.
#[derive(Debug, Clone)]
pub(crate) struct Located<'a> {
    pub module: &'a ModuleApi,
    pub qualname: String,
    pub object: Cow<'a, ApiObject>,
}

impl Located<'_> {
    pub fn path(&self) -> String {
        format!("{}.{}", self.module.name, self.qualname)
    }

    pub fn evidence(&self) -> Evidence {
        Evidence {
            path: self.module.path.clone(),
            line: self.object.line(),
            signature: self.object.signature(),
        }
    }
}

pub(crate) struct Comparison<'a> {
    pub old: Resolver<'a>,
    pub new: Resolver<'a>,
    pub baseline: &'a ApiSurface,
    pub current: &'a ApiSurface,
    pub findings: Findings,
    /// Objects already compared, by the path they are reported at.
    pub compared: HashSet<String>,
    /// Baseline definitions already reported removed.
    pub removed: HashSet<String>,
    /// Current definitions already reported added.
    pub added: HashSet<String>,
    /// Public modules removed (their definitions are reported with the module).
    pub removed_modules: HashSet<String>,
    /// Methods (by reported path) whose baseline `def` already returned an awaitable.
    pub awaitable: HashSet<String>,
    /// Class pairs still to compare: ancestors of compared classes, which may be private and
    /// reachable only through inheritance.
    pub worklist: VecDeque<(Located<'a>, Located<'a>)>,
}
