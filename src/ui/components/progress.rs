//! The progress bar while the worker works, and the timing once it is done.

use yew::prelude::*;

use crate::ui::state::{ReportSource, Run};

/// Below this (ms from the click), the report was computed before Analyze was clicked.
const READY_AT_CLICK_MS: f64 = 50.0;

#[derive(Properties, PartialEq)]
pub struct ProgressProps {
    pub run: Run,
}

#[component]
pub fn Progress(props: &ProgressProps) -> Html {
    match &props.run {
        Run::Running { phase, done, total, .. } => {
            let label = match phase.as_str() {
                "read" => format!("Reading files… {done} / {total}"),
                "parse" => format!("Parsing Python… {done} / {total}"),
                "compare" => "Comparing the two APIs…".to_owned(),
                _ => "Finishing…".to_owned(),
            };
            html! {
                <div class="progress" role="status" aria-live="polite">
                    <progress data-testid="progress" data-phase={phase.clone()} max={total.max(&1).to_string()} value={done.to_string()} />
                    <span>{ label }</span>
                </div>
            }
        }
        Run::Done { elapsed_ms, result } => {
            let files = result.report.baseline.python_files + result.report.current.python_files;
            let label = match &result.source {
                // The pool works from the pick: a report computed before the click shows at once,
                // and "in 0.00 s" would misstate the work.
                ReportSource::Analysis if *elapsed_ms < READY_AT_CLICK_MS => format!(
                    "Analysed {files} Python files as they were picked — the report was ready at the click; in this browser, nothing was uploaded."
                ),
                ReportSource::Analysis => format!(
                    "Analysed {files} Python files in {:.2} s, in this browser — nothing was uploaded.",
                    elapsed_ms / 1000.0
                ),
                ReportSource::Link => "Report opened from a shared link.".to_owned(),
                ReportSource::File(name) => format!("Report opened from {name}."),
            };
            html! {
                <div class="progress" role="status">
                    <progress data-testid="progress" data-phase="done" max="1" value="1" />
                    <span>{ label }</span>
                </div>
            }
        }
        Run::Failed { message } => html! {
            <div class="error" role="alert" data-testid="error">{ message }</div>
        },
        Run::Idle => html! {},
    }
}
