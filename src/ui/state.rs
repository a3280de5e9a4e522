//! The app's state and every way it can change.

use std::rc::Rc;

use yew::Reducible;

use super::picked::Picked;
use crate::intake::bundle::{BundleSummary, CommitSummaryRow};
use crate::problem::Side;
use crate::report::Report;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct AppState {
    /// The worker has loaded and answered; until then nothing can be analysed.
    pub worker_ready: bool,
    /// A crashed worker is being replaced and the picked sides sent again: Analyze of the two
    /// trees stays available (the pool keeps a click pending until they are processed again),
    /// so a click that lands as a worker dies is not lost.
    pub recovering: bool,
    /// The service worker has cached the app: it will load without the network.
    pub offline_ready: bool,
    pub mode: Mode,
    pub baseline: Option<Rc<Picked>>,
    pub current: Option<Rc<Picked>>,
    /// How far each side's processing (read, digest, parse) has come: (done, total, ready).
    pub prepared: [(usize, usize, bool); 2],
    /// Why a side could not be read (a corrupt archive), until it is picked again.
    pub side_errors: [Option<String>; 2],
    pub bundle: BundleState,
    /// Which way in the bundle state belongs to: a bundle or a repository folder (worker 0 holds
    /// one of them open at a time).
    pub opened_in: Mode,
    pub baseline_rev: String,
    pub current_rev: String,
    pub range: RangeState,
    pub run: Run,
    pub policy: PolicyState,
    /// Reports shown so far: each new one gets the next number ([`Analysed::serial`]).
    pub reports_shown: u32,
}

/// The compliance policy as the page knows it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PolicyState {
    /// The current tree's own policy file (empty without one).
    pub tree: String,
    /// The policy edited in the page and in effect, if any.
    pub custom: Option<String>,
    /// Why the policy last applied was refused: line, column (0 when unknown), message.
    pub error: Option<(u32, u32, String)>,
    pub applying: bool,
}

/// What the reviewer compares: two trees (folders or archives), two points of a git bundle, or
/// two points of a repository folder's history (or one and its working tree).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    #[default]
    Trees,
    Bundle,
    Repository,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub enum BundleState {
    #[default]
    None,
    Opening {
        name: String,
    },
    Open(Rc<BundleSummary>),
    Failed {
        message: String,
    },
}

/// The commits between the two picked revisions, or why they do not resolve.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum RangeState {
    #[default]
    None,
    Commits(Rc<Vec<CommitSummaryRow>>),
    Error(String),
}

/// Where the analysis is.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Run {
    #[default]
    Idle,
    Running {
        phase: String,
        done: usize,
        total: usize,
        started_ms: f64,
    },
    Done {
        result: Rc<Analysed>,
        elapsed_ms: f64,
    },
    Failed {
        message: String,
    },
}

/// A finished analysis: the report and its JSON exactly as the worker produced it (the export).
#[derive(Debug)]
pub struct Analysed {
    pub report: Report,
    pub json: String,
    pub source: ReportSource,
    /// A first report: files only the file-level comparison reads (neither Python nor project
    /// files) still being compared, so its changed files are the analysed files' alone. 0: complete.
    pub pending_files: usize,
    /// Which report this is: the complete version of a first report keeps its number, so the
    /// reviewer's place in it (open finding, scroll, focus) stays.
    pub serial: u32,
}

/// Two analyses are equal when they are the same one, or hold the same JSON (which the report is
/// parsed from). Every report section takes an `Rc<Analysed>` prop, which yew compares at each
/// render: comparing the parsed reports field by field cost tens of milliseconds on Django.
impl PartialEq for Analysed {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
            || (self.source == other.source
                && self.pending_files == other.pending_files
                && self.json == other.json)
    }
}

/// Where the report shown came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportSource {
    /// Analysed in this page: the policy can be edited and the report re-scored.
    Analysis,
    /// Opened from a shared link: read-only, no code.
    Link,
    /// Opened from a JSON report file (its name): read-only, no code.
    File(String),
}

pub enum Action {
    WorkerReady,
    OfflineReady,
    /// The worker stopped (crashed or failed to load); a new one is being started.
    WorkerLost {
        message: String,
        /// The sides were sent again and a pending analysis will complete.
        recovering: bool,
    },
    SetMode(Mode),
    Picked {
        side: Side,
        picked: Rc<Picked>,
    },
    SideProgress {
        side: Side,
        done: usize,
        total: usize,
    },
    SideReady {
        side: Side,
    },
    SideFailed {
        side: Side,
        message: String,
    },
    PickFailed {
        message: String,
    },
    BundleOpening {
        name: String,
        /// A bundle ([`Mode::Bundle`]) or a repository folder ([`Mode::Repository`]).
        mode: Mode,
    },
    BundleOpened {
        json: String,
    },
    SetRevision {
        side: Side,
        revision: String,
    },
    Range {
        json: String,
    },
    RangeError {
        message: String,
    },
    Started {
        now_ms: f64,
    },
    Progress {
        phase: String,
        done: usize,
        total: usize,
    },
    Finished {
        json: String,
        now_ms: f64,
        tree_policy: String,
        custom: Option<String>,
        /// Files still being compared (a first report), else 0.
        pending_files: usize,
        /// The complete version of the first report shown.
        completes: bool,
    },
    PolicyApplying,
    PolicyError {
        line: u32,
        column: u32,
        message: String,
    },
    Failed {
        message: String,
    },
    /// A report opened from a link or a JSON file, shown read-only.
    Opened {
        json: String,
        source: ReportSource,
    },
}

impl AppState {
    /// Whether Analyze has everything it needs.
    pub fn can_analyze(&self) -> bool {
        let running = matches!(self.run, Run::Running { .. });
        let idle = self.worker_ready && !running;
        match self.mode {
            Mode::Trees => {
                (idle || self.recovering && !running)
                    && self.baseline.is_some()
                    && self.current.is_some()
                    && self.side_errors.iter().all(Option::is_none)
            }
            Mode::Bundle | Mode::Repository => {
                idle && self.opened_in == self.mode
                    && matches!(self.bundle, BundleState::Open(_))
                    && matches!(self.range, RangeState::Commits(_))
            }
        }
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut state = (*self).clone();
        match action {
            Action::WorkerReady => {
                state.worker_ready = true;
                state.recovering = false;
            }
            Action::WorkerLost { message, recovering } => {
                state.worker_ready = false;
                state.recovering = recovering;
                if let Run::Running { started_ms, .. } = state.run {
                    // The sides are being processed again: the analysis goes on, from the start.
                    state.run = if recovering {
                        Run::Running { phase: "read".into(), done: 0, total: 0, started_ms }
                    } else {
                        Run::Failed { message }
                    };
                }
            }
            Action::SetMode(mode) => state.mode = mode,
            Action::Picked { side, picked } => {
                *side.of_mut(&mut state.prepared) = (0, 0, false);
                *side.of_mut(&mut state.side_errors) = None;
                match side {
                    Side::Baseline => state.baseline = Some(picked),
                    Side::Current => state.current = Some(picked),
                }
            }
            Action::SideProgress { side, done, total } => {
                let ready = side.of(&state.prepared).2;
                *side.of_mut(&mut state.prepared) = (done, total, ready);
            }
            Action::SideReady { side } => side.of_mut(&mut state.prepared).2 = true,
            Action::SideFailed { side, message } => {
                *side.of_mut(&mut state.side_errors) = Some(message);
                if matches!(state.run, Run::Running { .. }) {
                    state.run = Run::Idle;
                }
            }
            Action::PickFailed { message } => state.run = Run::Failed { message },
            Action::BundleOpening { name, mode } => {
                state.mode = mode;
                state.opened_in = mode;
                state.bundle = BundleState::Opening { name };
                state.range = RangeState::None;
            }
            Action::BundleOpened { json } => match serde_json::from_str::<BundleSummary>(&json) {
                Ok(summary) => {
                    state.baseline_rev = summary.default_baseline.clone().unwrap_or_default();
                    state.current_rev = summary.default_current.clone().unwrap_or_default();
                    state.bundle = BundleState::Open(Rc::new(summary));
                }
                Err(error) => {
                    state.bundle =
                        BundleState::Failed { message: format!("unreadable bundle summary: {error}") }
                }
            },
            Action::SetRevision { side, revision } => match side {
                Side::Baseline => state.baseline_rev = revision,
                Side::Current => state.current_rev = revision,
            },
            Action::Range { json } => {
                state.range = match serde_json::from_str::<Vec<CommitSummaryRow>>(&json) {
                    Ok(rows) => RangeState::Commits(Rc::new(rows)),
                    Err(error) => RangeState::Error(error.to_string()),
                }
            }
            Action::RangeError { message } => state.range = RangeState::Error(message),
            Action::Started { now_ms } => {
                state.run = Run::Running { phase: "read".into(), done: 0, total: 0, started_ms: now_ms }
            }
            Action::Progress { phase, done, total } => {
                if let Run::Running { started_ms, .. } = state.run {
                    state.run = Run::Running { phase, done, total, started_ms };
                }
            }
            Action::Finished { json, now_ms, tree_policy, custom, pending_files, completes } => {
                state.policy = PolicyState { tree: tree_policy, custom, error: None, applying: false };
                let started = match &state.run {
                    Run::Running { started_ms, .. } => *started_ms,
                    // A policy applied to a report, or its files' comparison completing, keeps
                    // that report's timing.
                    Run::Done { elapsed_ms, .. } => now_ms - elapsed_ms,
                    _ => now_ms,
                };
                let serial = match &state.run {
                    Run::Done { result, .. } if completes => result.serial,
                    _ => {
                        state.reports_shown += 1;
                        state.reports_shown
                    }
                };
                state.run = match crate::render::json::parse(&json) {
                    Ok(report) => {
                        let result =
                            Analysed { report, json, source: ReportSource::Analysis, pending_files, serial };
                        Run::Done { result: Rc::new(result), elapsed_ms: now_ms - started }
                    }
                    Err(error) => {
                        Run::Failed { message: format!("the worker sent an unreadable report: {error}") }
                    }
                };
            }
            Action::PolicyApplying => {
                state.policy.applying = true;
                state.policy.error = None;
            }
            Action::PolicyError { line, column, message } => {
                state.policy.applying = false;
                state.policy.error = Some((line, column, message));
            }
            Action::OfflineReady => state.offline_ready = true,
            Action::Opened { json, source } => {
                state.run = match crate::render::json::parse(&json) {
                    Ok(report) if report.schema == crate::report::SCHEMA => {
                        state.reports_shown += 1;
                        let result =
                            Analysed { report, json, source, pending_files: 0, serial: state.reports_shown };
                        Run::Done { result: Rc::new(result), elapsed_ms: 0.0 }
                    }
                    Ok(report) => Run::Failed {
                        message: format!(
                            "this report has schema `{}`; this version of Stability Lens reads `{}`",
                            report.schema,
                            crate::report::SCHEMA
                        ),
                    },
                    Err(error) => {
                        Run::Failed { message: format!("this is not a Stability Lens report: {error}") }
                    }
                };
            }
            Action::Failed { message } => {
                // A bundle that cannot be opened is the bundle panel's business.
                if matches!(state.bundle, BundleState::Opening { .. }) {
                    state.bundle = BundleState::Failed { message };
                } else {
                    state.run = Run::Failed { message };
                }
            }
        }
        Rc::new(state)
    }
}
