//! The history side of the app: drop or pick a git bundle — or a repository folder (a checkout,
//! `.git` included, whose working tree can be the current side) — pick the two revisions (with
//! the refs and recent commits offered), and see the commits between them before analysing.

use web_sys::{DragEvent, HtmlInputElement};
use yew::prelude::*;

use crate::intake::repository::WORKING_TREE;
use crate::problem::Side;
use crate::ui::picked::Picked;
use crate::ui::state::{BundleState, RangeState};

#[derive(Properties, PartialEq)]
pub struct BundlePanelProps {
    pub bundle: BundleState,
    pub baseline_rev: String,
    pub current_rev: String,
    pub range: RangeState,
    pub on_file: Callback<web_sys::File>,
    /// A repository folder instead of a bundle: picked or dropped as a folder.
    #[prop_or_default]
    pub repository: bool,
    #[prop_or_default]
    pub on_folder: Callback<Result<Picked, String>>,
    pub on_revision: Callback<(Side, String)>,
}

#[component]
pub fn BundlePanel(props: &BundlePanelProps) -> Html {
    let hovering = use_state(|| false);
    let on_change = {
        let (on_file, on_folder, repository) =
            (props.on_file.clone(), props.on_folder.clone(), props.repository);
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            let Some(list) = input.files() else { return };
            if repository {
                if list.length() > 0 {
                    on_folder.emit(Picked::from_file_list(&list));
                }
            } else if let Some(file) = list.get(0) {
                on_file.emit(file);
            }
        })
    };
    let on_drop = {
        let (on_file, on_folder, repository) =
            (props.on_file.clone(), props.on_folder.clone(), props.repository);
        let hovering = hovering.clone();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            hovering.set(false);
            let Some(transfer) = event.data_transfer() else { return };
            if repository {
                let on_folder = on_folder.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    on_folder.emit(Picked::from_drop(transfer).await)
                });
            } else if let Some(file) = transfer.files().and_then(|files| files.get(0)) {
                on_file.emit(file);
            }
        })
    };
    let on_drag_over = {
        let hovering = hovering.clone();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            hovering.set(true);
        })
    };
    let on_drag_leave = {
        let hovering = hovering.clone();
        Callback::from(move |_: DragEvent| hovering.set(false))
    };
    let revision_input = |side: Side, value: &str| {
        let on_revision = props.on_revision.clone();
        let oninput = Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            on_revision.emit((side, input.value()));
        });
        let (label, id) = match side {
            Side::Baseline => ("Baseline revision", "baseline-ref"),
            Side::Current => ("Current revision", "current-ref"),
        };
        html! {
            <label class="revision">
                <span>{ label }</span>
                <input type="text" list="bundle-revisions" data-testid={id} value={value.to_owned()} {oninput}
                    spellcheck="false" autocomplete="off" />
            </label>
        }
    };

    let status = match &props.bundle {
        BundleState::None if props.repository => html! {
            <p class="zone-status muted">{ "Drop or choose the top folder of a git checkout (the one holding .git): its history is read from .git, and its working tree — as git status sees it — can be the current side." }</p>
        },
        BundleState::None => {
            html! { <p class="zone-status muted">{ "Drop a bundle made with `git bundle create repo.bundle --all`, or choose one." }</p> }
        }
        BundleState::Opening { name } => html! { <p class="zone-status">{ format!("Opening {name}…") }</p> },
        BundleState::Failed { message } => {
            html! { <p class="error" role="alert" data-testid="bundle-error">{ message }</p> }
        }
        BundleState::Open(summary) => html! {
            <p class="zone-status" data-testid="bundle-picked">
                <strong>{ &summary.name }</strong>
                if props.repository {
                    { format!(" — git repository, {} objects, {} refs; current can be the {WORKING_TREE}", summary.objects, summary.refs.len()) }
                } else {
                    { format!(" — git bundle v{}, {} objects, {} refs", summary.version, summary.objects, summary.refs.len()) }
                }
            </p>
        },
    };
    let pickers = match &props.bundle {
        BundleState::Open(summary) => {
            let options = summary
                .refs
                .iter()
                .map(|r| html! { <option value={r.name.clone()}>{ format!("{} ({})", r.name, short(&r.commit)) }</option> })
                .chain(props.repository.then(|| html! { <option value={WORKING_TREE}>{ "uncommitted changes included" }</option> }))
                .chain(summary.commits.iter().take(50).map(|c| html! { <option value={short(&c.id)}>{ &c.subject }</option> }))
                .collect::<Html>();
            let thin = (!summary.prerequisites.is_empty()).then(|| html! {
                <p class="muted">{ format!("A thin bundle: it builds on {}, which it does not contain; only revisions whose files it holds in full can be analysed.", summary.prerequisites.join(", ")) }</p>
            });
            html! {
                <>
                    <datalist id="bundle-revisions">{ options }</datalist>
                    <div class="revisions">
                        { revision_input(Side::Baseline, &props.baseline_rev) }
                        <span class="range-dots">{ ".." }</span>
                        { revision_input(Side::Current, &props.current_rev) }
                    </div>
                    { for thin }
                    { range(&props.range) }
                    { history(summary, &props.on_revision) }
                </>
            }
        }
        _ => html! {},
    };
    let (heading, label, picker) = if props.repository {
        let picker = html! {
            <input id="repository-input" class="visually-hidden" type="file" webkitdirectory=true multiple=true
                data-testid="repository-files" onchange={on_change} />
        };
        ("Repository folder — its history and working tree", "Choose repository folder…", picker)
    } else {
        let picker = html! {
            <input id="bundle-input" class="visually-hidden" type="file" accept=".bundle,.pack,application/octet-stream"
                data-testid="bundle-file" onchange={on_change} />
        };
        ("Git bundle — two points in history", "Choose bundle…", picker)
    };
    let input_id = if props.repository { "repository-input" } else { "bundle-input" };
    html! {
        <section
            class={classes!("zone", "bundle", (*hovering).then_some("hovering"), matches!(props.bundle, BundleState::Open(_)).then_some("filled"))}
            ondragover={on_drag_over}
            ondragleave={on_drag_leave}
            ondrop={on_drop}
            aria-label={if props.repository { "Repository folder" } else { "Git bundle" }}
        >
            <h2>{ heading }</h2>
            { status }
            <label class="button secondary" for={input_id}>{ label }</label>
            { picker }
            { pickers }
        </section>
    }
}

/// The refs and the history, each with buttons that make it the baseline or the current side.
fn history(summary: &crate::intake::bundle::BundleSummary, on_revision: &Callback<(Side, String)>) -> Html {
    let pick = |side: Side, revision: String, label: &'static str| {
        let on_revision = on_revision.clone();
        let title = format!("compare from/to {revision}");
        html! {
            <button class="pick" title={title} onclick={Callback::from(move |_| on_revision.emit((side, revision.clone())))}>
                { label }
            </button>
        }
    };
    let picks = |revision: &str| {
        html! { <>{ pick(Side::Baseline, revision.to_owned(), "baseline") }{ pick(Side::Current, revision.to_owned(), "current") }</> }
    };
    html! {
        <details class="history">
            <summary>{ format!("Refs ({}) and history ({} commits)", summary.refs.len(), summary.commits.len()) }</summary>
            <table class="commits">
                <tbody>
                    { for summary.refs.iter().map(|r| html! {
                        <tr data-testid="ref-row" data-name={r.name.clone()}>
                            <td><code>{ short(&r.commit) }</code></td>
                            <td colspan="3"><strong>{ &r.name }</strong></td>
                            <td class="picks">{ picks(&r.name) }</td>
                        </tr>
                    }) }
                    { for summary.commits.iter().map(|c| html! {
                        <tr data-testid="history-row" data-id={c.id.clone()}>
                            <td><code>{ short(&c.id) }</code></td>
                            <td class="muted">{ c.date.get(..10).unwrap_or(&c.date).to_owned() }</td>
                            <td>{ &c.subject }</td>
                            <td class="muted">{ &c.author }</td>
                            <td class="picks">{ picks(&short(&c.id)) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </details>
    }
}

fn short(id: &str) -> String {
    id.chars().take(7).collect()
}

fn range(range: &RangeState) -> Html {
    match range {
        RangeState::None => html! {},
        RangeState::Error(message) => html! { <p class="error" data-testid="range-error">{ message }</p> },
        RangeState::Commits(commits) if commits.is_empty() => {
            html! { <p class="muted" data-testid="range-empty">{ "No commits between these revisions." }</p> }
        }
        RangeState::Commits(commits) => html! {
            <div class="range">
                <p class="muted">{ format!("{} commit(s) in this range:", commits.len()) }</p>
                <table class="commits">
                    <tbody>
                        { for commits.iter().map(|c| html! {
                            <tr data-testid="commit-row" data-id={c.id.clone()}>
                                <td><code>{ short(&c.id) }</code></td>
                                <td class="muted">{ c.date.get(..10).unwrap_or(&c.date).to_owned() }</td>
                                <td>{ &c.subject }</td>
                                <td class="muted">{ &c.author }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        },
    }
}
