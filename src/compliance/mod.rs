//! Compliance: the rules a codebase holds itself to — single source of truth, import contracts
//! between its parts, critical symbols, configuration health — scored for both sides, and the
//! dependency changes between them.
//!
//! In: per side, the API surface, the [`facts::FileFacts`] of each Python file and the project
//! files (policy, dependency and environment files), plus the [`policy::Policy`] in effect. Out:
//! a [`Compliance`] section — per rule and side the items checked and the violations, the scores,
//! and every finding marked new, fixed or unchanged — and the [`dependencies::DependencyChange`]s.
//!
//! Test code (a `test`, `tests` or `testing` directory, `test_*.py`, `*_test.py`, `conftest.py`)
//! and what the policy excludes is never looked at. A rule's score is `1 − violations / checked`
//! (what "checked" means is in each rule's entry in [`rules::RULES`]); the overall score is the
//! mean of the rule scores weighted by level (error 3, warning 1), over rules that checked
//! something.

pub mod checks;
pub mod dependencies;
pub mod facts;
pub mod graph;
pub mod picture;
pub mod policy;
pub mod python_requires;
pub mod rules;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::ApiSurface;
use crate::problem::Side;
use policy::Policy;
use rules::Level;
use rules::{RuleId, RULES};

/// Project files are kept whole (for the policy, dependencies and environment declarations) up to
/// this size; larger ones are not what they claim to be.
pub const MAX_PROJECT_FILE: usize = 512 * 1024;

pub use crate::intake::ProjectFile;

/// Directories whose contents are never the project's own configuration.
const FOREIGN_DIRS: &[&str] =
    &["node_modules", ".git", ".venv", "venv", ".tox", "site-packages", "tests", "test", "docs"];

/// Whether a path is kept as a project file: the policy, dependency declarations, and
/// environment examples (`.env.example` and friends — never `.env` itself, which holds secrets).
pub fn is_project_file(path: &str) -> bool {
    let components: Vec<&str> = path.split('/').collect();
    if components.len() > 4 || components.iter().any(|c| FOREIGN_DIRS.contains(c)) {
        return false;
    }
    let name = components.last().copied().unwrap_or(path);
    name == "stability.toml"
        || dependencies::is_dependency_file(path)
        || (name.starts_with(".env") && name != ".env")
        || name.ends_with(".env.example")
}

/// Whether a path is out of every rule's reach: test code or test support, defined once with the
/// public-API rules ([`crate::model::packages::is_test_path`]).
pub use crate::model::packages::is_test_path;

/// The compliance section of the report.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Compliance {
    /// Where the policy came from: `defaults`, `stability.toml`, `pyproject.toml
    /// [tool.stability-lens]`, or the name it was given under.
    pub policy: String,
    pub baseline: SideCompliance,
    pub current: SideCompliance,
    /// Violations of rules that are not off: the current side's (new or unchanged) and the
    /// baseline's that are gone (fixed).
    pub findings: Vec<ComplianceFinding>,
    /// The current side's import map, for the picture.
    pub map: picture::ImportMap,
}

/// One side's scores.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SideCompliance {
    /// Overall score in percent (one decimal), weighted by level; `null` when nothing was checked.
    pub score: Option<f64>,
    pub rules: Vec<RuleScore>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleScore {
    pub id: RuleId,
    pub level: Level,
    pub checked: usize,
    pub violations: usize,
    /// `100 × (1 − violations / checked)`, one decimal; `null` when nothing was checked.
    pub score: Option<f64>,
    /// Items counted but not scored (environment variables read with a default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub informational: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplianceFinding {
    pub rule: RuleId,
    pub level: Level,
    pub side: Side,
    pub path: String,
    pub line: u32,
    pub message: String,
    pub status: Status,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Only in the current side.
    New,
    /// In both.
    Unchanged,
    /// Only in the baseline: the change fixed it.
    Fixed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Unchanged => "unchanged",
            Status::Fixed => "fixed",
        }
    }
}

/// One side's inputs.
pub struct SideInput<'a> {
    pub surface: &'a ApiSurface,
    pub facts: &'a [facts::FileFacts],
    pub project: &'a [ProjectFile],
}

/// Runs every rule that is not off on both sides and matches their violations.
pub fn evaluate(policy: &Policy, baseline: SideInput, current: SideInput) -> Compliance {
    let old =
        checks::Context::new(Side::Baseline, baseline.surface, baseline.facts, baseline.project, policy);
    let new = checks::Context::new(Side::Current, current.surface, current.facts, current.project, policy);
    let mut findings = Vec::new();
    let mut sides = Vec::new();
    let mut contract_edges = Vec::new();
    // The cycles the `import_cycle` rule reports on the current side: the map draws these, and
    // only these (its violations' keys are the cycles' modules).
    let mut cycles: Vec<Vec<String>> = Vec::new();
    for rule in RULES {
        let level = policy.level(rule.id);
        let (before, after) = if level == Level::Off {
            (checks::Outcome::default(), checks::Outcome::default())
        } else {
            (checks::run(rule.id, &old), checks::run(rule.id, &new))
        };
        if matches!(rule.id, RuleId::LayerViolation | RuleId::ForbiddenImport | RuleId::IndependenceViolation)
        {
            contract_edges.extend(after.violations.iter().filter_map(|v| v.edge.clone()));
        }
        if rule.id == RuleId::ImportCycle {
            cycles = after.violations.iter().map(|v| v.key.split(' ').map(str::to_owned).collect()).collect();
        }
        if level != Level::Off {
            findings.extend(statuses(rule.id, level, &before.violations, &after.violations));
        }
        sides.push((score(rule.id, level, &before), score(rule.id, level, &after)));
    }
    findings.sort_by(|a, b| {
        (a.status, std::cmp::Reverse(a.level), a.rule, &a.path, a.line, &a.message).cmp(&(
            b.status,
            std::cmp::Reverse(b.level),
            b.rule,
            &b.path,
            b.line,
            &b.message,
        ))
    });
    let (baseline_rules, current_rules): (Vec<RuleScore>, Vec<RuleScore>) = sides.into_iter().unzip();
    Compliance {
        policy: policy.source.clone(),
        baseline: SideCompliance { score: overall(&baseline_rules), rules: baseline_rules },
        current: SideCompliance { score: overall(&current_rules), rules: current_rules },
        findings,
        map: picture::ImportMap::build(&new, &contract_edges, &cycles),
    }
}

/// A score as shown: `98.7%`, or `—` when nothing was checked.
pub fn shown(score: Option<f64>) -> String {
    score.map_or_else(|| "—".to_owned(), |s| format!("{s:.1}%"))
}

/// How a score moved, in words: `improved from 96.2% to 98.7%`, `fell from …`, `unchanged at …`.
pub fn movement(before: Option<f64>, after: Option<f64>) -> String {
    match (before, after) {
        (Some(b), Some(a)) if a > b => format!("improved from {} to {}", shown(before), shown(after)),
        (Some(b), Some(a)) if a < b => format!("fell from {} to {}", shown(before), shown(after)),
        (Some(_), Some(_)) => format!("unchanged at {}", shown(after)),
        (None, Some(_)) => format!("{} (nothing to check before)", shown(after)),
        (Some(_), None) => format!("nothing to check now (was {})", shown(before)),
        (None, None) => "nothing to check".to_owned(),
    }
}

impl Compliance {
    /// Whether the policy declares import contracts (a contract rule checked something on the
    /// current side): the import map is then the service boundaries, else the package structure.
    pub fn contracts_declared(&self) -> bool {
        self.current.rules.iter().any(|rule| {
            rule.checked > 0
                && matches!(
                    rule.id,
                    RuleId::LayerViolation | RuleId::ForbiddenImport | RuleId::IndependenceViolation
                )
        })
    }

    /// The import map's heading: "Service boundaries" when contracts are declared, else
    /// "Package structure".
    pub fn map_heading(&self) -> &'static str {
        if self.contracts_declared() {
            "Service boundaries"
        } else {
            "Package structure"
        }
    }

    /// Findings with a status.
    pub fn with_status(&self, status: Status) -> impl Iterator<Item = &ComplianceFinding> {
        self.findings.iter().filter(move |f| f.status == status)
    }
}

/// Marks each violation new, unchanged or fixed by its key.
fn statuses(
    rule: RuleId,
    level: Level,
    before: &[checks::Violation],
    after: &[checks::Violation],
) -> Vec<ComplianceFinding> {
    let keys = |violations: &[checks::Violation]| -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        for violation in violations {
            *counts.entry(violation.key.clone()).or_insert(0) += 1;
        }
        counts
    };
    let (baseline_keys, current_keys) = (keys(before), keys(after));
    let finding = |violation: &checks::Violation, side, status| ComplianceFinding {
        rule,
        level,
        side,
        path: violation.path.clone(),
        line: violation.line,
        message: violation.message.clone(),
        status,
    };
    let mut out: Vec<ComplianceFinding> = after
        .iter()
        .map(|v| {
            let status = if baseline_keys.contains_key(&v.key) { Status::Unchanged } else { Status::New };
            finding(v, Side::Current, status)
        })
        .collect();
    out.extend(
        before
            .iter()
            .filter(|v| !current_keys.contains_key(&v.key))
            .map(|v| finding(v, Side::Baseline, Status::Fixed)),
    );
    out
}

/// A ratio in percent with one decimal, rounded down: 99.96% with a violation left shows 99.9,
/// never 100.
fn percent(ratio: f64) -> f64 {
    (ratio * 1000.0).floor() / 10.0
}

fn score(id: RuleId, level: Level, outcome: &checks::Outcome) -> RuleScore {
    let violations = outcome.violations.len();
    let checked = outcome.checked.max(violations);
    RuleScore {
        id,
        level,
        checked,
        violations,
        score: (checked > 0).then(|| percent(1.0 - violations as f64 / checked as f64)),
        informational: outcome.informational,
    }
}

fn overall(rules: &[RuleScore]) -> Option<f64> {
    let mut total = 0.0;
    let mut weights = 0.0;
    for rule in rules {
        if let Some(score) = rule.score {
            let weight = f64::from(rule.level.weight());
            total += weight * score;
            weights += weight;
        }
    }
    (weights > 0.0).then(|| (total / weights * 10.0).round() / 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_code_is_recognised() {
        for path in [
            "tests/test_x.py",
            "pkg/tests/util.py",
            "pkg/test_x.py",
            "pkg/x_test.py",
            "conftest.py",
            "django/test/utils.py",
            "numpy/testing/overrides.py",
            "pkg/foo_tests.py",
            "testing/helpers.py",
        ] {
            assert!(is_test_path(path), "{path}");
        }
        for path in ["pkg/testament.py", "pkg/contest.py", "pkg/latest/x.py"] {
            assert!(!is_test_path(path), "{path}");
        }
    }

    #[test]
    fn project_files() {
        for path in [
            "stability.toml",
            "pyproject.toml",
            "services/api/requirements.txt",
            "requirements/base.txt",
            ".env.example",
            "setup.py",
        ] {
            assert!(is_project_file(path), "{path}");
        }
        for path in [".env", "node_modules/x/package.json", "tests/requirements.txt", "pkg/module.py"] {
            assert!(!is_project_file(path), "{path}");
        }
    }
}
