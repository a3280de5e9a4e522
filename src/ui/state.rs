//! The app's state and every way it can change.

use std::rc::Rc;

use yew::Reducible;

use super::picked::Picked;
use crate::problem::Side;
use crate::report::Report;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct AppState {
    /// The worker has loaded and answered; until then nothing can be analysed.
    pub worker_ready: bool,
    pub baseline: Option<Rc<Picked>>,
    pub current: Option<Rc<Picked>>,
    pub run: Run,
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
#[derive(Debug, PartialEq)]
pub struct Analysed {
    pub report: Report,
    pub json: String,
}

pub enum Action {
    WorkerReady,
    /// The worker stopped (crashed or failed to load); a new one is being started.
    WorkerLost {
        message: String,
    },
    Picked {
        side: Side,
        picked: Rc<Picked>,
    },
    PickFailed {
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
    },
    Failed {
        message: String,
    },
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut state = (*self).clone();
        match action {
            Action::WorkerReady => state.worker_ready = true,
            Action::WorkerLost { message } => {
                state.worker_ready = false;
                if matches!(state.run, Run::Running { .. }) {
                    state.run = Run::Failed { message };
                }
            }
            Action::Picked { side, picked } => match side {
                Side::Baseline => state.baseline = Some(picked),
                Side::Current => state.current = Some(picked),
            },
            Action::PickFailed { message } => state.run = Run::Failed { message },
            Action::Started { now_ms } => {
                state.run = Run::Running { phase: "read".into(), done: 0, total: 0, started_ms: now_ms }
            }
            Action::Progress { phase, done, total } => {
                if let Run::Running { started_ms, .. } = state.run {
                    state.run = Run::Running { phase, done, total, started_ms };
                }
            }
            Action::Finished { json, now_ms } => {
                let started = match state.run {
                    Run::Running { started_ms, .. } => started_ms,
                    _ => now_ms,
                };
                state.run = match crate::render::json::parse(&json) {
                    Ok(report) => {
                        Run::Done { result: Rc::new(Analysed { report, json }), elapsed_ms: now_ms - started }
                    }
                    Err(error) => {
                        Run::Failed { message: format!("the worker sent an unreadable report: {error}") }
                    }
                };
            }
            Action::Failed { message } => state.run = Run::Failed { message },
        }
        Rc::new(state)
    }
}
