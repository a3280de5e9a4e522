//! The root component: the two inputs, the actions, progress and the report.

use std::rc::Rc;

use yew::prelude::*;

use super::bridge::Bridge;
use super::components::drop_zone::DropZone;
use super::components::progress::Progress;
use super::components::report_view::ReportView;
use super::picked::Picked;
use super::state::{Action, AppState, Run};
use crate::problem::Side;

#[component]
pub fn App() -> Html {
    let state = use_reducer(AppState::default);
    let bridge = {
        let dispatcher = state.dispatcher();
        use_memo((), move |_| Bridge::new(dispatcher))
    };

    let on_pick = |side: Side| {
        let dispatcher = state.dispatcher();
        Callback::from(move |result: Result<Picked, String>| {
            dispatcher.dispatch(match result {
                Ok(picked) => Action::Picked { side, picked: Rc::new(picked) },
                Err(message) => Action::PickFailed { message },
            })
        })
    };
    let running = matches!(state.run, Run::Running { .. });
    let can_analyze = state.worker_ready && !running && state.baseline.is_some() && state.current.is_some();
    let on_analyze = {
        let (bridge, state) = (bridge.clone(), state.clone());
        Callback::from(move |_| {
            if let (Some(baseline), Some(current)) = (&state.baseline, &state.current) {
                bridge.analyze(baseline.clone(), current.clone());
            }
        })
    };
    let on_sample = {
        let bridge = bridge.clone();
        Callback::from(move |_| bridge.sample())
    };

    html! {
        <div class="app" data-testid="app" data-worker-ready={state.worker_ready.to_string()}>
            <header class="masthead">
                <h1>{ "Stability Lens" }</h1>
                <p class="tagline">
                    { "What did this change break? Compare two versions of a Python codebase — the public API, signature by signature. " }
                    <strong>{ "Everything runs in this browser tab: your code is never uploaded." }</strong>
                </p>
            </header>
            <main>
                <div class="zones">
                    <DropZone side={Side::Baseline} picked={state.baseline.clone()} on_pick={on_pick(Side::Baseline)} />
                    <DropZone side={Side::Current} picked={state.current.clone()} on_pick={on_pick(Side::Current)} />
                </div>
                <div class="actions">
                    <button class="button primary" data-testid="analyze" disabled={!can_analyze} onclick={on_analyze}>
                        { "Analyze" }
                    </button>
                    <button class="button secondary" data-testid="sample" disabled={!state.worker_ready || running} onclick={on_sample}>
                        { "Try the sample" }
                    </button>
                    if !state.worker_ready { <span class="muted">{ "Loading the analyser…" }</span> }
                </div>
                <Progress run={state.run.clone()} />
                if let Run::Done { result, .. } = &state.run {
                    <ReportView result={result.clone()} />
                }
            </main>
            <footer class="muted">
                { "Stability Lens — static analysis with rustpython-parser, compiled to WebAssembly. No network requests after load." }
            </footer>
        </div>
    }
}
