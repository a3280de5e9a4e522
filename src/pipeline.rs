//! The whole pipeline, from two source trees to one report.
//!
//! In: two [`SourceTree`]s. Out: a [`Report`]. Progress is reported per Python file parsed, so a
//! caller (the web worker, the CLI) can show it; the caller decides how often to pass it on.

use crate::compare;
use crate::intake::SourceTree;
use crate::model::{self, ApiSurface};
use crate::parse;
use crate::problem::{Problem, Side};
use crate::report::{Report, SideSummary};

/// The stage the analysis is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Parse,
    Compare,
    Done,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Parse => "parse",
            Phase::Compare => "compare",
            Phase::Done => "done",
        }
    }
}

/// How far the analysis has come: `done` of `total` units of the current phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub phase: Phase,
    pub done: usize,
    pub total: usize,
}

/// Analyses two trees.
pub fn analyse(baseline: &SourceTree, current: &SourceTree) -> Report {
    analyse_with_progress(baseline, current, &mut |_| {})
}

/// Analyses two trees, calling `progress` after each Python file and at each phase change.
pub fn analyse_with_progress(
    baseline: &SourceTree,
    current: &SourceTree,
    progress: &mut dyn FnMut(Progress),
) -> Report {
    let total = python_files(baseline) + python_files(current);
    let mut done = 0;
    let mut on_file = || {
        done += 1;
        progress(Progress { phase: Phase::Parse, done, total });
    };
    let old = model_side(Side::Baseline, baseline, &mut on_file);
    let new = model_side(Side::Current, current, &mut on_file);
    progress(Progress { phase: Phase::Compare, done: 0, total: 1 });
    let api_changes = compare::api::compare(&old.surface, &new.surface);
    let files = compare::files::compare(baseline, current);
    let mut problems = old.problems;
    problems.extend(new.problems);
    let report = Report::new(old.summary, new.summary, api_changes, files, problems);
    progress(Progress { phase: Phase::Done, done: 1, total: 1 });
    report
}

/// What the pipeline knows about one side after parsing and modelling it.
struct ModelledSide {
    surface: ApiSurface,
    summary: SideSummary,
    problems: Vec<Problem>,
}

fn is_python(path: &str) -> bool {
    path.ends_with(".py")
}

fn python_files(tree: &SourceTree) -> usize {
    tree.paths().filter(|path| is_python(path)).count()
}

fn model_side(side: Side, tree: &SourceTree, on_file: &mut dyn FnMut()) -> ModelledSide {
    let modules = model::packages::discover(tree.paths());
    let module_by_path: std::collections::HashMap<&str, &model::packages::ModuleFile> =
        modules.values().map(|module| (module.path.as_str(), module)).collect();

    let mut problems: Vec<Problem> = tree
        .skipped
        .iter()
        .map(|skipped| Problem {
            side,
            path: skipped.path.clone(),
            line: 1,
            column: 1,
            message: skipped.reason.clone(),
        })
        .collect();
    let mut surface = ApiSurface {
        top_level: model::packages::top_level_names(modules.values()).into_iter().collect(),
        ..ApiSurface::default()
    };
    for (path, bytes) in tree.files().filter(|(path, _)| is_python(path)) {
        match parse::parse(path, bytes) {
            Ok(parsed) => {
                if let Some(module) = module_by_path.get(path) {
                    let api = model::extract::extract(module, &parsed);
                    surface.modules.insert(api.name.clone(), api);
                }
            }
            Err(failure) => {
                if let Some(module) = module_by_path.get(path) {
                    surface.unparsed.insert(module.name.clone());
                }
                problems.push(Problem {
                    side,
                    path: path.to_owned(),
                    line: failure.line,
                    column: failure.column,
                    message: failure.message,
                })
            }
        }
        on_file();
    }
    let summary = SideSummary {
        label: tree.label.clone(),
        files: tree.len(),
        python_files: python_files(tree),
        modules: modules.values().filter(|module| module.public).count(),
        packages: model::packages::top_level_names(modules.values().filter(|module| module.public)),
    };
    ModelledSide { surface, summary, problems }
}
