//! Assessment: the report's risk levels and recommendations, derived from its findings by the
//! fixed rules below (also in the README's "Risk and recommendations"), never written by hand.
//!
//! Risk, per area:
//! - **breaking changes** — high: any breaking API change nothing warned about; medium: breaking
//!   changes all of objects the baseline deprecated, warnings only, or files that could not be
//!   parsed (their API is unknown); low: additions only; none: no API change.
//! - **dependencies** — high: `requires-python` narrowed (users on the dropped Pythons can no
//!   longer install the release); medium: a runtime or extra requirement removed or its specifier
//!   changed; low: additions only, or more Pythons supported; none: no change; not assessed:
//!   neither side declares dependencies. Only what reaches users counts: development, test and
//!   docs groups and files outside the distribution (examples, docs) are listed, never scored.
//! - **boundaries** — high: a new import-contract violation; medium: a new import cycle, or
//!   contract violations the change kept; low: cycles the change kept; none: contracts hold and
//!   no cycle. Without contracts in the policy the reason says so.
//! - **compliance** — high: a new finding at level error; medium: a new warning, or the score
//!   dropped; low: findings the change kept; none: no finding; not assessed: nothing checked.
//!
//! Recommendations answer findings: one per breaking or warning change kind (the catalogue's
//! fix; breaking kinds split into "after deprecation" and "without warning", whose fixes
//! differ), one when the declared version bump does not carry the changes, one per rule with new
//! findings (the rule's fix), one when `requires-python` was narrowed, one per kind of change to
//! what users install (removed, changed, added), one for the files that could not be analysed. Each names the findings it answers by their ids
//! ([`api_finding_id`], [`compliance_finding_id`], …), which the app and the HTML export use as
//! anchors.

use serde::{Deserialize, Serialize};

use super::{ApiChange, Report, Severity, Side};
use crate::compliance::dependencies::{Change, DependencyChange};
use crate::compliance::rules::Level;
use crate::compliance::rules::{Area, RuleId};
use crate::compliance::{ComplianceFinding, Status};
use crate::problem::Problem;

/// The fix for breaking changes of objects the baseline deprecated.
pub const AFTER_DEPRECATION: &str = "callers were warned — point them at the replacement the deprecation names, and list the removal in the changelog.";

/// What to add for breaking changes nothing warned about.
pub const WITHOUT_WARNING: &str =
    "Nothing warned callers first: consider a deprecation period (keep the old form, warning) for a release.";

/// How many finding ids a recommendation lists; `count` says how many it answers in all.
pub const ANSWERS_LISTED: usize = 10;

/// Risk levels and recommendations.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    /// The highest level among the areas.
    pub overall: RiskLevel,
    pub risks: Vec<Risk>,
    pub recommendations: Vec<Recommendation>,
}

/// One area's risk, with the reason in one sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Risk {
    pub area: RiskArea,
    pub level: RiskLevel,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskArea {
    BreakingChanges,
    Dependencies,
    Boundaries,
    Compliance,
}

impl RiskArea {
    pub fn as_str(self) -> &'static str {
        match self {
            RiskArea::BreakingChanges => "breaking changes",
            RiskArea::Dependencies => "dependencies",
            RiskArea::Boundaries => "boundaries",
            RiskArea::Compliance => "compliance",
        }
    }
}

/// Ordered: a higher level compares greater. `not_assessed` sorts lowest: it raises nothing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    NotAssessed,
    #[default]
    None,
    Low,
    Medium,
    High,
}

impl RiskLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            RiskLevel::NotAssessed => "not assessed",
            RiskLevel::None => "none",
            RiskLevel::Low => "low",
            RiskLevel::Medium => "medium",
            RiskLevel::High => "high",
        }
    }
}

/// What to do, and which findings it answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recommendation {
    pub text: String,
    /// Up to [`ANSWERS_LISTED`] finding ids, in report order.
    pub answers: Vec<String>,
    /// How many findings it answers in all.
    pub count: usize,
}

/// The id of an API change: `api/<kind>/<object>[/<parameter>]`.
pub fn api_finding_id(change: &ApiChange) -> String {
    match &change.parameter {
        Some(parameter) => format!("api/{}/{}/{parameter}", change.kind.as_str(), change.object),
        None => format!("api/{}/{}", change.kind.as_str(), change.object),
    }
}

/// The id of a compliance finding: `rule/<rule>/<side>/<path>:<line>`.
pub fn compliance_finding_id(finding: &ComplianceFinding) -> String {
    format!("rule/{}/{}/{}:{}", finding.rule.as_str(), finding.side.as_str(), finding.path, finding.line)
}

/// The id of a dependency change: `dependency/<name>[/<extra>]` for what users install,
/// `dependency:<scope>/<name>[/<group>]` for development groups and files outside the
/// distribution.
pub fn dependency_finding_id(change: &DependencyChange) -> String {
    let prefix = if change.scope.reaches_users() {
        "dependency".to_owned()
    } else {
        format!("dependency:{}", change.scope.as_str())
    };
    match change.extra.as_ref().or(change.group.as_ref()) {
        Some(group) => format!("{prefix}/{}/{group}", change.name),
        None => format!("{prefix}/{}", change.name),
    }
}

/// The id of the `requires-python` change.
pub const PYTHON_REQUIRES_ID: &str = "python-requires";

/// The id of a problem: `problem/<side>/<path>:<line>`.
pub fn problem_finding_id(problem: &Problem) -> String {
    format!("problem/{}/{}:{}", problem.side.as_str(), problem.path, problem.line)
}

/// Derives the assessment from a report's findings.
pub fn assess(report: &Report) -> Assessment {
    let risks =
        vec![breaking_risk(report), dependency_risk(report), boundary_risk(report), compliance_risk(report)];
    let overall = risks.iter().map(|risk| risk.level).max().unwrap_or_default();
    Assessment { overall, risks, recommendations: recommendations(report) }
}

fn risk(area: RiskArea, level: RiskLevel, reason: String) -> Risk {
    Risk { area, level, reason }
}

fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

fn breaking_risk(report: &Report) -> Risk {
    let counts = &report.summary;
    let unparsed =
        report.problems.iter().filter(|p| p.path.ends_with(".py") || p.path.ends_with(".pyi")).count();
    let unknown = if unparsed > 0 {
        format!(
            "; {} could not be parsed, so their API is not compared",
            plural(unparsed, "Python file", "Python files")
        )
    } else {
        String::new()
    };
    let warned = counts.breaking_after_deprecation;
    let (level, reason) = if counts.breaking > 0 && warned == counts.breaking {
        (
            RiskLevel::Medium,
            format!(
                "{}, all of objects the baseline deprecated: callers were warned, and those that heeded it are unaffected{unknown}.",
                plural(counts.breaking, "breaking change", "breaking changes")
            ),
        )
    } else if counts.breaking > 0 {
        let split = if warned > 0 {
            format!(" ({} without warning, {warned} after deprecation)", counts.breaking - warned)
        } else {
            " (none of them deprecated first)".to_owned()
        };
        (
            RiskLevel::High,
            format!(
                "{}{split}: existing callers fail with ImportError, AttributeError or TypeError{unknown}.",
                plural(counts.breaking, "breaking change", "breaking changes")
            ),
        )
    } else if counts.warning > 0 {
        (
            RiskLevel::Medium,
            format!(
                "No breaking change, but {} that can change behaviour for existing callers{unknown}.",
                plural(counts.warning, "warning", "warnings")
            ),
        )
    } else if unparsed > 0 {
        (RiskLevel::Medium, format!("No breaking change found{unknown}."))
    } else if counts.additive > 0 {
        (
            RiskLevel::Low,
            format!("Only additions to the public API ({}).", plural(counts.additive, "change", "changes")),
        )
    } else {
        (RiskLevel::None, "The public API did not change.".to_owned())
    };
    risk(RiskArea::BreakingChanges, level, reason)
}

fn dependency_risk(report: &Report) -> Risk {
    let reaching: Vec<&DependencyChange> =
        report.dependencies.iter().filter(|d| d.scope.reaches_users()).collect();
    let count = |change| reaching.iter().filter(|d| d.change == change).count();
    let (added, removed, changed) = (count(Change::Added), count(Change::Removed), count(Change::Changed));
    let declared = !report.baseline.dependency_files.is_empty()
        || !report.current.dependency_files.is_empty()
        || report.python_requires.is_some();
    let others = report.dependencies.len() - reaching.len();
    let aside = if others > 0 {
        format!(
            " {} in development, test or docs groups or outside the distribution changed too; they do not reach users.",
            plural(others, "requirement", "requirements")
        )
    } else {
        String::new()
    };
    let python = report.python_requires.as_ref();
    let (level, reason) = if let Some(python) = python.filter(|p| p.narrowed()) {
        let also = if removed + changed + added > 0 {
            format!(" What users install: {removed} removed, {changed} changed, {added} added.")
        } else {
            String::new()
        };
        (RiskLevel::High, format!("{}.{also}", python.describe()))
    } else if removed + changed > 0 {
        (
            RiskLevel::Medium,
            format!(
                "What users install (runtime requirements and extras): {} removed, {} changed, {} added: installs and imports may behave differently.",
                removed, changed, added
            ),
        )
    } else if added > 0 {
        (
            RiskLevel::Low,
            format!(
                "{} added, none removed or changed.",
                plural(added, "runtime requirement", "runtime requirements")
            ),
        )
    } else if let Some(python) = python {
        (RiskLevel::Low, format!("{}.", python.describe()))
    } else if declared {
        (RiskLevel::None, "The runtime requirements did not change.".to_owned())
    } else {
        (
            RiskLevel::NotAssessed,
            "Neither side declares dependencies (requirements*.txt, pyproject.toml, setup.cfg).".to_owned(),
        )
    };
    risk(RiskArea::Dependencies, level, format!("{reason}{aside}"))
}

fn is_contract_rule(rule: RuleId) -> bool {
    rule.definition().area == Area::Boundaries
}

/// The rules the report's "boundaries" section shows: import contracts and cycles.
pub fn is_boundary_rule(rule: RuleId) -> bool {
    is_contract_rule(rule) || rule == RuleId::ImportCycle
}

/// The rules the report's "configuration" section shows: environment variables and what the
/// policy lists as critical.
pub fn is_configuration_rule(rule: RuleId) -> bool {
    matches!(rule.definition().area, Area::Configuration | Area::Critical)
}

fn boundary_risk(report: &Report) -> Risk {
    let findings = &report.compliance.findings;
    let count = |contract: bool, status: Status| {
        findings
            .iter()
            .filter(|f| f.status == status)
            .filter(|f| if contract { is_contract_rule(f.rule) } else { f.rule == RuleId::ImportCycle })
            .count()
    };
    let contracts_declared =
        report.compliance.current.rules.iter().any(|rule| is_contract_rule(rule.id) && rule.checked > 0);
    let no_contracts = if contracts_declared { "" } else { " The policy declares no import contracts." };
    let (new_violations, kept_violations) = (count(true, Status::New), count(true, Status::Unchanged));
    let (new_cycles, kept_cycles) = (count(false, Status::New), count(false, Status::Unchanged));
    let (level, reason) = if new_violations > 0 {
        (
            RiskLevel::High,
            format!(
                "The change adds {}.",
                plural(new_violations, "import-contract violation", "import-contract violations")
            ),
        )
    } else if new_cycles > 0 || kept_violations > 0 {
        let mut parts = Vec::new();
        if new_cycles > 0 {
            parts.push(format!("adds {}", plural(new_cycles, "import cycle", "import cycles")));
        }
        if kept_violations > 0 {
            parts.push(format!(
                "keeps {}",
                plural(kept_violations, "contract violation", "contract violations")
            ));
        }
        (RiskLevel::Medium, format!("The change {}.{no_contracts}", parts.join(" and ")))
    } else if kept_cycles > 0 {
        (
            RiskLevel::Low,
            format!(
                "No new violation; {} already there remain.{no_contracts}",
                plural(kept_cycles, "import cycle", "import cycles")
            ),
        )
    } else if contracts_declared {
        (RiskLevel::None, "Every import contract holds and no module imports itself in a cycle.".to_owned())
    } else {
        (RiskLevel::None, format!("No import cycle.{no_contracts}"))
    };
    risk(RiskArea::Boundaries, level, reason)
}

fn compliance_risk(report: &Report) -> Risk {
    let compliance = &report.compliance;
    let new_at = |level: Level| {
        compliance.findings.iter().filter(|f| f.status == Status::New && f.level == level).count()
    };
    let kept = compliance.findings.iter().filter(|f| f.status == Status::Unchanged).count();
    let (before, after) = (compliance.baseline.score, compliance.current.score);
    let dropped = matches!((before, after), (Some(b), Some(a)) if a + 1e-9 < b);
    let scores = format!(" Overall score {}.", crate::compliance::movement(before, after));
    let (errors, warnings) = (new_at(Level::Error), new_at(Level::Warning));
    let (level, reason) = if after.is_none() {
        (RiskLevel::NotAssessed, "No rule checked anything in the current tree.".to_owned())
    } else if errors > 0 {
        (
            RiskLevel::High,
            format!("{} at level error.{scores}", plural(errors, "new finding", "new findings")),
        )
    } else if warnings > 0 || dropped {
        (
            RiskLevel::Medium,
            format!("{} at level warning.{scores}", plural(warnings, "new finding", "new findings")),
        )
    } else if kept > 0 {
        (
            RiskLevel::Low,
            format!("No new finding; {} the change kept.{scores}", plural(kept, "finding", "findings")),
        )
    } else {
        (RiskLevel::None, format!("No finding on the current tree.{scores}"))
    };
    risk(RiskArea::Compliance, level, reason)
}

fn recommendation(text: String, ids: Vec<String>) -> Recommendation {
    let count = ids.len();
    Recommendation { text, answers: ids.into_iter().take(ANSWERS_LISTED).collect(), count }
}

fn recommendations(report: &Report) -> Vec<Recommendation> {
    let mut out = Vec::new();
    // API changes: one per kind, breaking kinds first (the report's order).
    let mut kinds = Vec::new();
    for change in &report.api_changes {
        if change.severity != Severity::Additive && !kinds.contains(&change.kind) {
            kinds.push(change.kind);
        }
    }
    kinds.sort_by_key(|kind| (kind.definition().severity, kind.as_str()));
    for kind in kinds {
        let of_kind = report.api_changes.iter().filter(|c| c.kind == kind);
        // Removed after deprecation and broken without warning call for different fixes.
        let (warned, unwarned): (Vec<&ApiChange>, Vec<&ApiChange>) =
            of_kind.partition(|c| c.deprecated.is_some());
        for (changes, advice) in [(unwarned, None), (warned, Some(AFTER_DEPRECATION))] {
            let Some(first) = changes.first() else { continue };
            let name = if first.public_path.is_empty() { &first.object } else { &first.public_path };
            let text = match advice {
                None if kind.definition().severity == Severity::Breaking => format!(
                    "{} ({}, e.g. `{name}`), without a deprecation first: {} {WITHOUT_WARNING}",
                    kind.definition().summary.trim_end_matches('.'),
                    plural(changes.len(), "change", "changes"),
                    kind.definition().fix
                ),
                None => format!(
                    "{} ({}, e.g. `{name}`): {}",
                    kind.definition().summary.trim_end_matches('.'),
                    plural(changes.len(), "change", "changes"),
                    kind.definition().fix
                ),
                Some(advice) => format!(
                    "{} ({}, e.g. `{name}`), each after a deprecation in the baseline: {advice}",
                    kind.definition().summary.trim_end_matches('.'),
                    plural(changes.len(), "change", "changes"),
                ),
            };
            out.push(recommendation(text, changes.into_iter().map(api_finding_id).collect()));
        }
    }
    // The release verdict, when the versions do not carry the changes.
    if let Some(release) = report.release.as_ref().filter(|r| r.satisfied == Some(false)) {
        let ids: Vec<String> = report
            .api_changes
            .iter()
            .filter(|c| match release.required {
                Some(super::release::Bump::Major | super::release::Bump::Minor) => {
                    c.severity != Severity::Warning
                }
                _ => true,
            })
            .filter(|c| {
                c.severity != Severity::Additive || release.required == Some(super::release::Bump::Minor)
            })
            .map(api_finding_id)
            .collect();
        let text = format!(
            "Release it as a {} bump, or keep the API compatible: {}.",
            release.required.map_or("larger", |b| b.as_str()),
            release.describe()
        );
        out.push(recommendation(text, ids));
    }
    // Compliance: one per rule with new findings, errors first.
    let mut rules: Vec<(Level, RuleId)> = Vec::new();
    for finding in report.compliance.findings.iter().filter(|f| f.status == Status::New) {
        if !rules.iter().any(|(_, rule)| *rule == finding.rule) {
            rules.push((finding.level, finding.rule));
        }
    }
    rules.sort_by_key(|(level, rule)| (std::cmp::Reverse(*level), rule.as_str()));
    for (_, rule) in rules {
        let ids: Vec<String> = report
            .compliance
            .findings
            .iter()
            .filter(|f| f.status == Status::New && f.rule == rule)
            .map(compliance_finding_id)
            .collect();
        let text = format!("`{}` ({} new): {}", rule.as_str(), ids.len(), rule.definition().fix);
        out.push(recommendation(text, ids));
    }
    // Supported Pythons narrowed: users on the dropped ones stay on the previous release.
    if let Some(python) = report.python_requires.as_ref().filter(|p| p.narrowed()) {
        let text = format!(
            "{}: say so in the changelog (users on those versions keep getting the previous release from pip), and keep the old release's fixes coming for a while if they matter.",
            python.describe()
        );
        out.push(recommendation(text, vec![PYTHON_REQUIRES_ID.to_owned()]));
    }
    // Dependencies users install: one per kind of change, naming them.
    let names = |changes: &[&DependencyChange]| {
        let mut listed: Vec<String> = changes.iter().take(5).map(|d| format!("`{}`", d.name)).collect();
        if changes.len() > 5 {
            listed.push(format!("{} more", changes.len() - 5));
        }
        listed.join(", ")
    };
    for (change, verb, what) in [
        (
            Change::Removed,
            "Removed",
            "check that no code still imports them, or that they still arrive through another dependency",
        ),
        (Change::Changed, "Changed the bounds of", "run the tests against the new bounds"),
        (Change::Added, "Added", "review their maintenance, licence and install size"),
    ] {
        let changes: Vec<&DependencyChange> =
            report.dependencies.iter().filter(|d| d.scope.reaches_users() && d.change == change).collect();
        if changes.is_empty() {
            continue;
        }
        let text = format!(
            "{verb} {}: {} — {what}.",
            plural(changes.len(), "runtime requirement", "runtime requirements"),
            names(&changes)
        );
        out.push(recommendation(text, changes.into_iter().map(dependency_finding_id).collect()));
    }
    // Files the analysis could not read.
    let unreadable: Vec<String> = report.problems.iter().map(problem_finding_id).collect();
    if !unreadable.is_empty() {
        let sides = |side| report.problems.iter().filter(|p| p.side == side).count();
        let text = format!(
            "Fix or exclude the {} that could not be analysed ({} baseline, {} current): what they define is not compared.",
            plural(unreadable.len(), "file", "files"),
            sides(Side::Baseline),
            sides(Side::Current)
        );
        out.push(recommendation(text, unreadable));
    }
    out
}
