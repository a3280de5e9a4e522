//! Report: the one contract shared by the CLI, the app's JSON export and every test.
//!
//! In: what the compare stage found, and per-side facts. Out: a [`Report`] (schema
//! [`SCHEMA`]), sorted so that the same input always serialises to the same bytes. Later
//! versions add fields; the fields here are never renamed.

use serde::{Deserialize, Serialize};

pub mod assessment;
pub mod release;
pub use assessment::Assessment;
pub use release::Release;

pub use crate::catalogue::{ChangeKind, Severity};
pub use crate::compliance::dependencies::DependencyChange;
use crate::compliance::rules::Level;
pub use crate::compliance::Compliance;
use crate::compliance::Status;
pub use crate::problem::{Problem, Side};

/// The schema id written into every report.
pub const SCHEMA: &str = "stability-lens/report/v1";

/// This build's version (`stability-lens --version`, the app's footer, the report's `tool`).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// What made the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

impl Tool {
    /// This build.
    pub fn this() -> Tool {
        Tool { name: "stability-lens".to_owned(), version: VERSION.to_owned() }
    }

    /// A report saved before reports named their tool: the version is not known.
    fn unknown() -> Tool {
        Tool { name: "stability-lens".to_owned(), version: String::new() }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub schema: String,
    /// The tool and version that made it (a saved report read back keeps the one it was made
    /// with; one from before this field has an empty version).
    #[serde(default = "Tool::unknown")]
    pub tool: Tool,
    pub baseline: SideSummary,
    pub current: SideSummary,
    pub verdict: Verdict,
    pub summary: Counts,
    pub api_changes: Vec<ApiChange>,
    pub files: Vec<FileChange>,
    pub problems: Vec<Problem>,
    /// When the two sides came from a git bundle: the revisions compared and the commits between
    /// them. Omitted otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<History>,
    /// The compliance rules scored on both sides, and their findings.
    #[serde(default)]
    pub compliance: Compliance,
    /// Dependencies added, removed or changed between the sides.
    #[serde(default)]
    pub dependencies: Vec<DependencyChange>,
    /// Risk per area and recommendations, derived from the findings above ([`assessment`]).
    #[serde(default)]
    pub assessment: Assessment,
    /// The release verdict: the bump the changes require and whether the versions satisfy it
    /// ([`release`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release: Option<Release>,
    /// A change of the supported Python versions (`requires-python`): narrowing it is breaking
    /// for users on the dropped versions. Omitted when the same versions are allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub python_requires: Option<PythonChange>,
}

pub use crate::compliance::python_requires::PythonChange;

/// The history section (a report made from a bundle): defined with the bundle that gives it.
pub use crate::intake::bundle::history::{CommitSummary, History, Revision};

/// Facts about one side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SideSummary {
    /// Where the tree came from: the folder name in the app, the path as given in the CLI.
    pub label: String,
    pub files: usize,
    pub python_files: usize,
    /// Public importable modules found.
    pub modules: usize,
    /// Top-level packages and modules, sorted.
    pub packages: Vec<String>,
    /// Dependencies users get (distinct runtime requirements and extras' requirements).
    #[serde(default)]
    pub dependencies: usize,
    /// The files they were read from.
    #[serde(default)]
    pub dependency_files: Vec<String>,
    /// The folders the public modules were found in, and the build metadata that said so.
    #[serde(default)]
    pub api_roots: Vec<crate::model::layout::ApiRoot>,
    /// Public modules whose names cannot all be known (an extension module, a computed
    /// `__all__`, `import *` from a module the analysis cannot read): no finding is made about
    /// the names in doubt. Omitted when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_fully_readable: Vec<NotReadable>,
    /// `library`: a distribution with packaging metadata (its API is what it installs);
    /// `application`: a tree read by convention.
    #[serde(default)]
    pub kind: SideKind,
    /// The Python versions it supports (`requires-python`), when declared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requires_python: Option<String>,
}

/// What a side is: a library (a distribution) or an application tree.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SideKind {
    Library,
    #[default]
    Application,
}

impl SideKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SideKind::Library => "library",
            SideKind::Application => "application",
        }
    }

    /// For Methodology: what the kind means for the report.
    pub fn describe(self) -> &'static str {
        match self {
            SideKind::Library => "library (a distribution: its packaging metadata says what it installs)",
            SideKind::Application => "application (no packaging metadata: the tree is read by convention)",
        }
    }
}

/// A module the analysis cannot read completely, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct NotReadable {
    pub module: String,
    /// Its file (empty for an extension module the build metadata declares without a file).
    pub path: String,
    pub reason: String,
}

/// The answer to "did this change break anything?".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// At least one breaking API change.
    Breaking,
    /// No breaking API change.
    Compatible,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Breaking => "breaking",
            Verdict::Compatible => "compatible",
        }
    }
}

/// Totals, for headlines and exit codes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub breaking: usize,
    pub warning: usize,
    pub additive: usize,
    pub files_changed: usize,
    pub problems: usize,
    /// Compliance findings at level error in the current tree (new or unchanged).
    #[serde(default)]
    pub compliance_errors: usize,
    /// Compliance findings the change introduced (any level).
    #[serde(default)]
    pub compliance_new: usize,
    /// Breaking changes of objects the baseline had deprecated (of `breaking`).
    #[serde(default)]
    pub breaking_after_deprecation: usize,
}

/// One change to the public API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiChange {
    pub kind: ChangeKind,
    pub severity: Severity,
    /// Dotted path where the object is defined: module path + qualified name
    /// (`pkg.client.Client.send`); the module path alone for module changes.
    pub object: String,
    /// The module the object is in (`pkg.client` for `pkg.client.Client.send`; the module itself
    /// for a module change): the longest prefix of `object` that is a module of the side the
    /// object is read from.
    #[serde(default)]
    pub module: String,
    /// The parameter concerned, for parameter changes.
    pub parameter: Option<String>,
    pub baseline: Option<Evidence>,
    pub current: Option<Evidence>,
    pub message: String,
    /// For a removed module or class, or a removed base class: the public names that went with
    /// it (listed here instead of as findings of their own). Omitted when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<String>,
    /// The shortest public import path that reaches the object (`httpx.Client.get` for
    /// `httpx._client.Client.get`): how users name it.
    #[serde(default)]
    pub public_path: String,
    /// The object exists only for typing (a `TypeVar`, `ParamSpec`, a type alias): its removal
    /// breaks annotations, not calls. Ranked after the runtime API. Omitted when false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub typing_only: bool,
    /// For a breaking change: where the baseline already deprecated the object — removed after
    /// deprecation, not broken without warning. Omitted otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<DeprecatedAt>,
}

impl ApiChange {
    /// How users name the object: its public path, or where it is defined when it has none.
    pub fn name(&self) -> &str {
        if self.public_path.is_empty() {
            &self.object
        } else {
            &self.public_path
        }
    }

    /// What to do about it: the catalogue's fix, and for a breaking change, whether callers were
    /// warned (removed after deprecation) or not (broken without warning).
    pub fn fix(&self) -> String {
        let fix = self.kind.definition().fix;
        match (&self.deprecated, self.severity) {
            (Some(at), _) => format!(
                "Deprecated in the baseline ({}, {}:{}): {}",
                at.how,
                at.path,
                at.line,
                assessment::AFTER_DEPRECATION
            ),
            (None, Severity::Breaking) => format!("{fix} {}", assessment::WITHOUT_WARNING),
            (None, _) => fix.to_owned(),
        }
    }
}

/// Where and how the baseline deprecated an object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeprecatedAt {
    pub path: String,
    pub line: u32,
    /// `warnings.warn(…, DeprecationWarning)`, `@deprecated`, `` `.. deprecated::` in the docstring ``.
    pub how: String,
}

/// Where a change is visible on one side, and the signature there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub path: String,
    pub line: u32,
    pub signature: String,
}

/// A file that differs between the two sides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileChange {
    pub path: String,
    pub status: FileStatus,
    /// For `renamed`: the baseline path with identical content.
    pub previous_path: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileStatus {
    Added,
    Removed,
    Modified,
    Renamed,
}

impl FileStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            FileStatus::Added => "added",
            FileStatus::Removed => "removed",
            FileStatus::Modified => "modified",
            FileStatus::Renamed => "renamed",
        }
    }
}

impl Report {
    /// Assembles a report, sorting every list and deriving the verdict and counts.
    pub fn new(
        baseline: SideSummary,
        current: SideSummary,
        mut api_changes: Vec<ApiChange>,
        mut files: Vec<FileChange>,
        mut problems: Vec<Problem>,
    ) -> Report {
        api_changes.sort_by(|a, b| {
            (a.severity, a.typing_only, &a.object, a.kind, &a.parameter).cmp(&(
                b.severity,
                b.typing_only,
                &b.object,
                b.kind,
                &b.parameter,
            ))
        });
        api_changes.dedup();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        problems.sort();
        problems.dedup();
        let count = |severity| api_changes.iter().filter(|c| c.severity == severity).count();
        let summary = Counts {
            breaking_after_deprecation: api_changes.iter().filter(|c| c.deprecated.is_some()).count(),
            breaking: count(Severity::Breaking),
            warning: count(Severity::Warning),
            additive: count(Severity::Additive),
            files_changed: files.len(),
            problems: problems.len(),
            compliance_errors: 0,
            compliance_new: 0,
        };
        let verdict = if summary.breaking > 0 { Verdict::Breaking } else { Verdict::Compatible };
        Report {
            schema: SCHEMA.to_owned(),
            tool: Tool::this(),
            baseline,
            current,
            verdict,
            summary,
            api_changes,
            files,
            problems,
            history: None,
            compliance: Compliance::default(),
            dependencies: Vec::new(),
            assessment: Assessment::default(),
            release: None,
            python_requires: None,
        }
    }

    /// Attaches the history of a bundle's revisions: a side without a declared version takes
    /// the one its commit's tag names, and the release verdict is made again.
    pub fn set_history(&mut self, history: History) {
        if let Some(release) = &self.release {
            let from_tags = |declared: &crate::model::version::DeclaredVersion, revision: &Revision| {
                if declared.version.is_some() {
                    return declared.clone();
                }
                revision
                    .tags
                    .iter()
                    .chain(std::iter::once(&revision.revision))
                    .find_map(|tag| {
                        crate::model::version::from_tag(tag).map(|version| {
                            crate::model::version::DeclaredVersion {
                                version: Some(version),
                                source: format!("tag {tag}"),
                            }
                        })
                    })
                    .unwrap_or_else(|| declared.clone())
            };
            let (baseline, current) = (
                from_tags(&release.baseline, &history.baseline),
                from_tags(&release.current, &history.current),
            );
            self.release = Some(release::verdict(baseline, current, &self.api_changes));
        }
        self.history = Some(history);
        self.assessment = assessment::assess(self);
    }

    /// Adds the compliance section and the dependency changes, and their counts.
    pub fn set_compliance(&mut self, compliance: Compliance, dependencies: Vec<DependencyChange>) {
        let current = |f: &&crate::compliance::ComplianceFinding| f.status != Status::Fixed;
        self.summary.compliance_errors =
            compliance.findings.iter().filter(current).filter(|f| f.level == Level::Error).count();
        self.summary.compliance_new = compliance.findings.iter().filter(|f| f.status == Status::New).count();
        self.compliance = compliance;
        self.dependencies = dependencies;
        self.assessment = assessment::assess(self);
    }
}
