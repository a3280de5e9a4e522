//! The root component: the two inputs, the actions, progress and the report.

use std::rc::Rc;

use yew::prelude::*;

use super::bridge::Bridge;
use super::components::bundle_panel::BundlePanel;
use super::components::drop_zone::DropZone;
use super::components::progress::Progress;
use super::components::report_view::ReportView;
use super::offline;
use super::picked::Picked;
use super::share;
use super::state::{Action, AppState, BundleState, Mode, ReportSource, Run};
use super::theme;
use crate::problem::Side;

#[component]
pub fn App() -> Html {
    let state = use_reducer(AppState::default);
    let bridge = {
        let dispatcher = state.dispatcher();
        use_memo((), move |_| Bridge::new(dispatcher))
    };

    let on_pick = |side: Side| {
        let (dispatcher, bridge) = (state.dispatcher(), bridge.clone());
        Callback::from(move |result: Result<Picked, String>| match result {
            Ok(picked) => {
                let picked = Rc::new(picked);
                dispatcher.dispatch(Action::Picked { side, picked: picked.clone() });
                // Start reading and parsing now: most of the work is done before Analyze.
                bridge.pick(side, picked);
            }
            Err(message) => dispatcher.dispatch(Action::PickFailed { message }),
        })
    };
    let running = matches!(state.run, Run::Running { .. });
    let can_analyze = state.can_analyze();
    let on_analyze = {
        let (bridge, state) = (bridge.clone(), state.clone());
        Callback::from(move |_| match state.mode {
            Mode::Trees => bridge.analyze(),
            Mode::Bundle | Mode::Repository => bridge.bundle_analyze(&state.baseline_rev, &state.current_rev),
        })
    };
    let on_repository = {
        let (bridge, dispatcher) = (bridge.clone(), state.dispatcher());
        Callback::from(move |picked: Result<Picked, String>| match picked {
            Ok(Picked::Folder(folder)) => bridge.repository_open(Rc::new(folder)),
            Ok(Picked::Archive { label, .. }) => dispatcher.dispatch(Action::PickFailed {
                message: format!(
                    "{label} is a file: drop or choose the checkout's folder (the one holding .git)"
                ),
            }),
            Err(message) => dispatcher.dispatch(Action::PickFailed { message }),
        })
    };
    let on_bundle_file = {
        let bridge = bridge.clone();
        Callback::from(move |file: web_sys::File| bridge.bundle_open(&file))
    };
    let on_revision = {
        let (bridge, state) = (bridge.clone(), state.clone());
        Callback::from(move |(side, revision): (Side, String)| {
            let (baseline, current) = match side {
                Side::Baseline => (revision.clone(), state.current_rev.clone()),
                Side::Current => (state.baseline_rev.clone(), revision.clone()),
            };
            state.dispatch(Action::SetRevision { side, revision });
            bridge.bundle_range(&baseline, &current);
        })
    };
    // When a bundle opens, show the default range at once.
    {
        let (bridge, opened) = (bridge.clone(), matches!(state.bundle, BundleState::Open(_)));
        let revisions = (state.baseline_rev.clone(), state.current_rev.clone());
        use_effect_with(opened, move |opened| {
            if *opened {
                bridge.bundle_range(&revisions.0, &revisions.1);
            }
        });
    }
    let tab = |mode: Mode, label: &'static str, testid: &'static str| {
        let selected = state.mode == mode;
        let dispatcher = state.dispatcher();
        html! {
            <button role="tab" class={classes!("tab", selected.then_some("selected"))} aria-selected={selected.to_string()}
                data-testid={testid} onclick={Callback::from(move |_| dispatcher.dispatch(Action::SetMode(mode)))}>
                { label }
            </button>
        }
    };
    let on_sample = {
        let bridge = bridge.clone();
        Callback::from(move |_| bridge.sample())
    };
    let on_policy = {
        let bridge = bridge.clone();
        Callback::from(move |text: Option<String>| bridge.apply_policy(text))
    };
    // Opened from a shared link: show that report, read-only. And cache the app for offline use.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let offline = dispatcher.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if offline::register().await {
                    offline.dispatch(Action::OfflineReady);
                }
            });
            if let Some(data) = share::fragment() {
                dispatcher.dispatch(Action::Started { now_ms: 0.0 });
                wasm_bindgen_futures::spawn_local(async move {
                    match share::open(&data).await {
                        Ok(json) => dispatcher.dispatch(Action::Opened { json, source: ReportSource::Link }),
                        Err(message) => dispatcher.dispatch(Action::Failed {
                            message: format!("This shared link cannot be opened: {message}."),
                        }),
                    }
                });
            }
        });
    }
    // The colour theme: the system's unless the reviewer chose one (kept in local storage).
    let theme = use_state(|| {
        let saved = theme::saved();
        theme::apply(saved);
        saved
    });
    let on_theme = {
        let theme = theme.clone();
        Callback::from(move |_: MouseEvent| {
            let next = theme::next(&theme);
            theme::apply(next);
            theme.set(next);
        })
    };
    let on_open_report = {
        let dispatcher = state.dispatcher();
        Callback::from(move |event: Event| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            let Some(file) = input.files().and_then(|list| list.get(0)) else { return };
            input.set_value("");
            let dispatcher = dispatcher.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match wasm_bindgen_futures::JsFuture::from(file.text()).await.ok().and_then(|v| v.as_string())
                {
                    Some(json) => {
                        dispatcher.dispatch(Action::Opened { json, source: ReportSource::File(file.name()) })
                    }
                    None => dispatcher
                        .dispatch(Action::Failed { message: format!("{} could not be read.", file.name()) }),
                }
            });
        })
    };

    html! {
        <div class="app" data-testid="app" data-worker-ready={state.worker_ready.to_string()} data-offline-ready={state.offline_ready.to_string()}>
            <header class="masthead">
                <button class="button secondary theme" data-testid="theme" data-theme={*theme} onclick={on_theme}
                    title="Colour theme: the system's, light or dark">{ format!("Theme: {}", *theme) }</button>
                <h1>{ "Stability Lens" }</h1>
                <p class="tagline">
                    { "What did this change break? Compare two versions of a Python codebase — the public API, signature by signature. " }
                    <strong>{ "Everything runs in this browser tab: your code is never uploaded." }</strong>
                </p>
            </header>
            <main>
                <div class="tabs" role="tablist" aria-label="What to compare">
                    { tab(Mode::Trees, "Two folders or archives", "mode-trees") }
                    { tab(Mode::Bundle, "A git bundle", "mode-bundle") }
                    { tab(Mode::Repository, "A repository folder", "mode-repository") }
                </div>
                if state.mode == Mode::Trees {
                    <div class="zones" role="tabpanel">
                        <DropZone side={Side::Baseline} picked={state.baseline.clone()} prepared={state.prepared[0]} error={state.side_errors[0].clone()} on_pick={on_pick(Side::Baseline)} />
                        <DropZone side={Side::Current} picked={state.current.clone()} prepared={state.prepared[1]} error={state.side_errors[1].clone()} on_pick={on_pick(Side::Current)} />
                    </div>
                } else {
                    <div role="tabpanel">
                        // Worker 0 holds a bundle or a repository open: each panel shows its own.
                        <BundlePanel bundle={if state.opened_in == state.mode { state.bundle.clone() } else { BundleState::None }}
                            baseline_rev={state.baseline_rev.clone()}
                            current_rev={state.current_rev.clone()} range={state.range.clone()}
                            repository={state.mode == Mode::Repository} on_folder={on_repository}
                            on_file={on_bundle_file} on_revision={on_revision} />
                    </div>
                }
                <div class="actions">
                    <button class="button primary" data-testid="analyze" disabled={!can_analyze} onclick={on_analyze}>
                        { "Analyze" }
                    </button>
                    <button class="button secondary" data-testid="sample" disabled={!state.worker_ready || running} onclick={on_sample}>
                        { "Try the sample" }
                    </button>
                    <label class="button secondary" title="A report saved as JSON (from this page or the CLI)">
                        { "Open a report…" }
                        <input type="file" class="visually-hidden" accept=".json,application/json" data-testid="open-report" onchange={on_open_report} />
                    </label>
                    if !state.worker_ready { <span class="muted">{ "Loading the analyser…" }</span> }
                </div>
                <Progress run={state.run.clone()} />
                if let Run::Done { result, .. } = &state.run {
                    // Keyed by the report: a new one (a saved file opened over an analysis) starts
                    // a fresh view; the complete version of a first report keeps it. Only a
                    // report analysed here can read its code again.
                    <ContextProvider<Option<Bridge>> context={(result.source == ReportSource::Analysis).then(|| (*bridge).clone())}
                        key={result.serial}>
                        <ReportView result={result.clone()} policy={state.policy.clone()} on_policy={on_policy} />
                    </ContextProvider<Option<Bridge>>>
                }
            </main>
            <footer class="muted">
                <span data-testid="version">{ format!("Stability Lens {}", crate::report::VERSION) }</span>
                { " — static analysis with rustpython-parser, compiled to WebAssembly. No network requests after load." }
            </footer>
        </div>
    }
}
