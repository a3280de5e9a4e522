//! The compliance part of the report: scores before and after, rule by rule, the findings (new,
//! fixed, unchanged) with each rule's explanation, the dependency changes, the import map, and
//! the policy editor. Strings from the analysed code are rendered as text, never as markup;
//! pictures are SVG with attributes only (no inline styles), so they hold under a strict CSP.

use std::rc::Rc;

use yew::prelude::*;

use super::card::Card;

use super::evidence_view::{EvidenceView, Location};
use super::widgets::{commits, message, select};
use crate::compliance::dependencies::{self, DependencyChange};
use crate::compliance::policy::EXAMPLE_POLICY;
use crate::compliance::rules::Level;
use crate::compliance::{self, ComplianceFinding, RuleScore, Status};
use crate::problem::Side;
use crate::render::svg::Zoom;
use crate::report::assessment::compliance_finding_id;
use crate::ui::state::{Analysed, PolicyState};
use crate::ui::view::{distinct, View};

#[derive(Properties, PartialEq)]
pub struct ComplianceProps {
    pub report: Rc<Analysed>,
    /// The report's view (rule filter, open finding) and where changes to it go.
    #[prop_or_default]
    pub view: View,
    #[prop_or_default]
    pub on_view: Callback<View>,
}

/// A horizontal bar for a score (0–100).
fn bar(score: Option<f64>, class: &'static str) -> Html {
    svg_markup(crate::render::svg::bar(score, class))
}

fn score_cell(score: &RuleScore, class: &'static str, label: &'static str) -> Html {
    if score.checked == 0 {
        return html! { <td class="muted" data-label={label}>{ "nothing to check" }</td> };
    }
    html! {
        <td data-label={label}>
            { bar(score.score, class) }
            <span class="score-value">{ compliance::shown(score.score) }</span>
            <span class="muted">{ format!(" ({} of {})", score.checked - score.violations, score.checked) }</span>
        </td>
    }
}

/// Where a compliance finding is on one side: at its line on its own side; on the other, the same
/// file with no line (`0`), for the file's diff.
fn at(finding: &ComplianceFinding, side: Side) -> Location {
    let line = if finding.side == side { finding.line } else { 0 };
    Some((finding.path.clone(), line))
}

#[component]
pub fn ComplianceView(props: &ComplianceProps) -> Html {
    let compliance = &props.report.report.compliance;
    // The tab starts on the status of the finding the address names, if any.
    let status = use_state(|| {
        compliance
            .findings
            .iter()
            .find(|f| compliance_finding_id(f) == props.view.finding)
            .map_or(Status::New, |f| f.status)
    });
    let rule = props.view.rule.clone();
    let count = |wanted: Status| {
        compliance.with_status(wanted).filter(|f| rule.is_empty() || f.rule.as_str() == rule).count()
    };
    let tab = |wanted: Status, label: &'static str| {
        let status = status.clone();
        let selected = *status == wanted;
        html! {
            <button role="tab" class={classes!("tab", selected.then_some("selected"))} aria-selected={selected.to_string()}
                data-testid={format!("findings-{}", wanted.as_str())}
                onclick={Callback::from(move |_| status.set(wanted))}>
                { format!("{label} ({})", count(wanted)) }
            </button>
        }
    };
    // Rules that checked something on either side get a row; the others fold into one line.
    let (scored, idle): (Vec<_>, Vec<_>) = compliance
        .baseline
        .rules
        .iter()
        .zip(&compliance.current.rules)
        .partition(|(before, after)| before.checked > 0 || after.checked > 0);
    let rules = scored.into_iter().map(|(before, after)| {
        let definition = after.id.definition();
        html! {
            <tr data-testid="compliance-rule" data-rule={after.id.as_str()} data-level={after.level.as_str()}
                data-before={before.violations.to_string()} data-after={after.violations.to_string()}>
                <td data-label="Rule"><code title={definition.summary}>{ after.id.as_str() }</code></td>
                <td data-label="Level"><span class={classes!("badge", level_class(after.level))}>{ after.level.as_str() }</span></td>
                { score_cell(before, "before", "Baseline") }
                { score_cell(after, "after", "Current") }
                <td data-label="Violations">{ format!("{} → {}", before.violations, after.violations) }</td>
            </tr>
        }
    });
    let idle_names: Vec<&str> = idle.iter().map(|(_, after)| after.id.as_str()).collect();
    let shown: Vec<&ComplianceFinding> =
        compliance.with_status(*status).filter(|f| rule.is_empty() || f.rule.as_str() == rule).collect();
    let findings = shown.iter().map(|finding| {
        let id = compliance_finding_id(finding);
        let is_open = props.view.finding == id;
        let toggle = {
            let (view, on_view) = (props.view.clone(), props.on_view.clone());
            Callback::from(move |_| on_view.emit(view.toggled(&id)))
        };
        let definition = finding.rule.definition();
        html! {
            <>
                <tr class={classes!("finding", is_open.then_some("open"))} data-testid="compliance-finding"
                    data-rule={finding.rule.as_str()} data-status={finding.status.as_str()} data-level={finding.level.as_str()}
                    data-path={finding.path.clone()} onclick={toggle}
                    id={crate::report::assessment::compliance_finding_id(finding)}>
                    <td><button class={classes!("badge", "disclosure", level_class(finding.level))} aria-expanded={is_open.to_string()}
                        title="The rule: why it matters">{ finding.level.as_str() }</button></td>
                    <td><code>{ finding.rule.as_str() }</code></td>
                    <td>
                        <div class="location"><code>{ format!("{}:{}", finding.path, finding.line) }</code>{ format!(" ({})", finding.side.as_str()) }</div>
                        <div class="message">{ message(&finding.message) }</div>
                    </td>
                </tr>
                if is_open {
                    <tr class="explanation"><td colspan="3">
                        <p><b>{ message(definition.summary) }</b></p>
                        <p><b>{ "Why it matters: " }</b>{ message(definition.why) }</p>
                        <div class="example"><div><div class="muted">{ "For example" }</div><pre>{ definition.example }</pre></div></div>
                        <p class="muted">{ format!("Checked: {}.", definition.checked) }</p>
                        if !finding.path.is_empty() {
                            <EvidenceView baseline={at(finding, Side::Baseline)} current={at(finding, Side::Current)} commits={commits(&props.report.report)} />
                        }
                    </td></tr>
                }
            </>
        }
    });
    html! {
        <Card testid="section-compliance" title={"Compliance"}>
            <p data-testid="compliance-summary">
                { "Policy: " }<code data-testid="compliance-policy">{ &compliance.policy }</code>
                { ". Overall score " }<b>{ compliance::movement(compliance.baseline.score, compliance.current.score) }</b>
                <span class="muted">{ " (rules weighted by level: error 3, warning 1)." }</span>
            </p>
            <table class="rules stacking">
                <thead><tr><th>{ "Rule" }</th><th>{ "Level" }</th><th>{ "Baseline" }</th><th>{ "Current" }</th><th>{ "Violations" }</th></tr></thead>
                <tbody>{ for rules }</tbody>
            </table>
            if !idle_names.is_empty() {
                <p class="muted" data-testid="rules-idle" data-count={idle_names.len().to_string()}>
                    { format!("Nothing to check for {} rule(s) on either side: ", idle_names.len()) }
                    { for idle_names.iter().enumerate().map(|(i, name)| html! { <>{ if i > 0 { ", " } else { "" } }<code>{ *name }</code></> }) }
                    { "." }
                </p>
            }
            <h3>{ "Findings" }</h3>
            <div class="tabs" role="tablist" aria-label="Findings by status">
                { tab(Status::New, "New") }
                { tab(Status::Fixed, "Fixed") }
                { tab(Status::Unchanged, "Already there") }
            </div>
            { select("filter-rule", "Rule", &rule, {
                let (view, on_view) = (props.view.clone(), props.on_view.clone());
                Callback::from(move |event: Event| {
                    let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
                    on_view.emit(View { rule: select.value(), ..view.clone() });
                })
            }, "All rules", distinct(compliance.findings.iter().map(|f| f.rule.as_str().to_owned()))) }
            if shown.is_empty() {
                <p class="muted" data-testid="findings-empty">{ match *status {
                    Status::New => "The change introduced no compliance finding.",
                    Status::Fixed => "The change fixed no compliance finding.",
                    Status::Unchanged => "No finding was there before the change.",
                } }</p>
            } else {
                <div class="table-scroll">
                    <table class="findings"><tbody>{ for findings }</tbody></table>
                </div>
            }
        </Card>
    }
}

fn level_class(level: Level) -> &'static str {
    match level {
        Level::Error => "breaking",
        Level::Warning => "warning",
        Level::Off => "additive",
    }
}

#[component]
pub fn DependenciesView(props: &ComplianceProps) -> Html {
    let report = &props.report.report;
    let (b, c) = (&report.baseline, &report.current);
    let files =
        |list: &[String]| if list.is_empty() { "no dependency file".to_owned() } else { list.join(", ") };
    let spec = |spec: &Option<String>| match spec.as_deref() {
        None => html! { <span class="muted">{ "—" }</span> },
        Some("") => html! { <span class="muted">{ "any version" }</span> },
        Some(spec) => html! { <code>{ spec }</code> },
    };
    let row = |change: &DependencyChange| {
        // A dependency change opens the diff of the file declaring it (`source` is the path, then
        // the section for pyproject.toml and setup.cfg).
        let id = crate::report::assessment::dependency_finding_id(change);
        let is_open = props.view.finding == id;
        let toggle = {
            let (view, on_view, id) = (props.view.clone(), props.on_view.clone(), id.clone());
            Callback::from(move |_: MouseEvent| on_view.emit(view.toggled(&id)))
        };
        let file = change.source.split(' ').next().unwrap_or_default().to_owned();
        html! {
            <>
            <tr data-testid="dependency" data-name={change.name.clone()} data-change={change.change.as_str()}
                data-scope={change.scope.as_str()} id={id}>
                <td data-label="Dependency"><button class="disclosure link" aria-expanded={is_open.to_string()} onclick={toggle}
                    title="The declaring file's diff"><code>{ change.label() }</code></button></td>
                <td data-label="Change"><span class={classes!("status", change.change.as_str())}>{ change.change.as_str() }</span></td>
                <td data-label="Baseline">{ spec(&change.baseline) }</td>
                <td data-label="Current">{ spec(&change.current) }</td>
                <td data-label="Declared in" class="muted">{ &change.source }</td>
            </tr>
            if is_open {
                <tr class="explanation"><td colspan="5">
                    <EvidenceView baseline={Some((file.clone(), 0))} current={Some((file, 0))} commits={commits(report)} />
                </td></tr>
            }
            </>
        }
    };
    let table = |changes: &[&DependencyChange]| {
        html! {
            <table class="dependencies stacking">
                <thead><tr><th>{ "Dependency" }</th><th>{ "Change" }</th><th>{ "Baseline" }</th><th>{ "Current" }</th><th>{ "Declared in" }</th></tr></thead>
                <tbody>{ for changes.iter().map(|change| row(change)) }</tbody>
            </table>
        }
    };
    let groups = dependencies::by_scope(&report.dependencies);
    let reaching: Vec<&DependencyChange> = groups
        .iter()
        .filter(|(scope, _)| scope.reaches_users())
        .flat_map(|(_, list)| list.iter().copied())
        .collect();
    // A group holding the open finding starts open.
    let holds_open = |changes: &[&DependencyChange]| {
        changes.iter().any(|c| crate::report::assessment::dependency_finding_id(c) == props.view.finding)
    };
    html! {
        <Card testid="section-dependencies" title={"Dependency impact"}>
            <p class="muted">{ format!("Requirements users install (runtime and extras): {} → {}.", b.dependencies, c.dependencies) }</p>
            <details class="scope" data-testid="dependency-files">
                <summary>{ format!("Dependency files read: {} → {}", b.dependency_files.len(), c.dependency_files.len()) }</summary>
                <p class="muted">{ format!("Baseline: {}.", files(&b.dependency_files)) }</p>
                <p class="muted">{ format!("Current: {}.", files(&c.dependency_files)) }</p>
            </details>
            if let Some(python) = &report.python_requires {
                <p id={crate::report::assessment::PYTHON_REQUIRES_ID} data-testid="python-requires" data-narrowed={python.narrowed().to_string()}
                    class={classes!(python.narrowed().then_some("notice"))}>
                    <b>{ "Python: " }</b>{ python.describe() }
                </p>
            }
            if report.dependencies.is_empty() {
                <p>{ "No dependency was added, removed or changed." }</p>
            } else if reaching.is_empty() {
                <p>{ "No runtime requirement or extra was added, removed or changed." }</p>
            } else {
                { table(&reaching) }
            }
            { for groups.iter().filter(|(scope, _)| !scope.reaches_users()).map(|(scope, changes)| html! {
                <details class="scope" data-testid="dependency-scope" data-scope={scope.as_str()} open={holds_open(changes)}>
                    <summary>{ format!("{}: {} change(s) — they do not reach users", scope.heading(), changes.len()) }</summary>
                    { table(changes) }
                </details>
            }) }
        </Card>
    }
}

/// SVG text from [`crate::render::svg`] (which escapes every name) as markup.
fn svg_markup(svg: String) -> Html {
    Html::from_html_unchecked(AttrValue::from(svg))
}

#[component]
pub fn ImportMapView(props: &ComplianceProps) -> Html {
    let compliance = &props.report.report.compliance;
    let map = &compliance.map;
    let boundary_findings: Vec<&ComplianceFinding> = compliance
        .findings
        .iter()
        .filter(|f| crate::report::assessment::is_boundary_rule(f.rule) && f.status != Status::Fixed)
        .collect();
    // Drawn at its natural size (labels at body size, the picture scrolling sideways when wider
    // than the page), or fitted to the width, or larger.
    let zoom = use_state(|| Zoom::Scale(1.0));
    let zoom_button = |label: &'static str, testid: &'static str, to: Zoom| {
        let (zoom, pressed) = (zoom.clone(), *zoom == to);
        html! {
            <button class="button secondary small" data-testid={testid} aria-pressed={pressed.to_string()}
                onclick={Callback::from(move |_: MouseEvent| zoom.set(to))}>{ label }</button>
        }
    };
    html! {
        <Card testid="section-boundaries" title={compliance.map_heading()}>
            if map.nodes.is_empty() {
                <p>{ "No importable modules in the current tree, so no import map." }</p>
            } else {
                <p class="muted" data-testid="map-legend">{ crate::render::svg::map_legend(map) }</p>
                <div class="zoom" role="group" aria-label="Zoom the import map">
                    { zoom_button("Fit", "map-zoom-fit", Zoom::Fit) }
                    { zoom_button("100%", "map-zoom-100", Zoom::Scale(1.0)) }
                    { zoom_button("150%", "map-zoom-150", Zoom::Scale(1.5)) }
                </div>
                <div class="map-scroll" tabindex="0" aria-label="Import map (scrolls sideways when wide)">
                    { svg_markup(crate::render::svg::import_map(map, *zoom)) }
                </div>
            }
            if compliance.current.rules.iter().filter(|r| r.id.definition().area == crate::compliance::rules::Area::Boundaries).all(|r| r.checked == 0) {
                <p class="muted">{ "No import contract is set: add [[contracts]] to the policy to check layers, forbidden imports or independence." }</p>
            }
            if boundary_findings.is_empty() {
                <p data-testid="boundaries-held">{ "No contract violation and no import cycle in the current tree." }</p>
            } else {
                <ul class="boundary-findings">
                    { for boundary_findings.iter().map(|f| html! {
                        <li data-testid="boundary-finding"><span class={classes!("badge", level_class(f.level))}>{ f.status.as_str() }</span>{ " " }
                            <code>{ format!("{}:{}", f.path, f.line) }</code>{ " " }{ message(&f.message) }</li>
                    }) }
                </ul>
            }
        </Card>
    }
}

#[derive(Properties, PartialEq)]
pub struct PolicyEditorProps {
    pub report: Rc<Analysed>,
    pub policy: PolicyState,
    pub on_apply: Callback<Option<String>>,
}

/// The policy in effect, editable: apply checks it (a mistake is shown at its line and changes
/// nothing) and re-scores the last analysis without reading the files again.
#[component]
pub fn PolicyEditor(props: &PolicyEditorProps) -> Html {
    let initial = props
        .policy
        .custom
        .clone()
        .or_else(|| (!props.policy.tree.is_empty()).then(|| props.policy.tree.clone()))
        .unwrap_or_else(|| EXAMPLE_POLICY.to_owned());
    let text = use_state(|| initial.clone());
    {
        let text = text.clone();
        use_effect_with(initial, move |initial| text.set(initial.clone()));
    }
    let on_input = {
        let text = text.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(area) = event.target_dyn_into::<web_sys::HtmlTextAreaElement>() {
                text.set(area.value());
            }
        })
    };
    let on_apply = {
        let (text, apply) = (text.clone(), props.on_apply.clone());
        Callback::from(move |_| apply.emit(Some((*text).clone())))
    };
    let on_reset = {
        let apply = props.on_apply.clone();
        Callback::from(move |_| apply.emit(None))
    };
    let on_upload = {
        let text = text.clone();
        Callback::from(move |event: Event| {
            let Some(input) = event.target_dyn_into::<web_sys::HtmlInputElement>() else { return };
            let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
            let text = text.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(value) = wasm_bindgen_futures::JsFuture::from(file.text()).await {
                    text.set(value.as_string().unwrap_or_default());
                }
            });
        })
    };
    let error = props.policy.error.as_ref().map(|(line, column, message)| {
        let offending = text.lines().nth((*line as usize).saturating_sub(1)).unwrap_or("").to_owned();
        html! {
            <div class="error" data-testid="policy-error" data-line={line.to_string()}>
                if *line > 0 {
                    <div>{ format!("Line {line}, column {column}: {message}") }</div>
                    <pre class="offending">{ format!("{line:>4} | {offending}") }</pre>
                } else {
                    <div>{ message.clone() }</div>
                }
                <div class="muted">{ "The policy was not applied; the report still uses the one before." }</div>
            </div>
        }
    });
    let rows = text.lines().count().clamp(8, 24).to_string();
    html! {
        <Card testid="section-policy" title={"Policy"}>
            <p class="muted">
                { "In effect: " }<code>{ &props.report.report.compliance.policy }</code>
                { ". Edit it here (stability.toml format) and apply: the scores are recomputed from the analysis already done." }
            </p>
            <label class="visually-hidden" for="policy-text">{ "Policy (TOML)" }</label>
            <textarea id="policy-text" class="policy" data-testid="policy-editor" spellcheck="false" rows={rows}
                value={(*text).clone()} oninput={on_input} />
            { for error }
            <div class="actions">
                // While a first report's other files are compared, the complete report (scored
                // under the policy of the moment) is on its way: apply once it is here.
                <button class="button primary" data-testid="policy-apply"
                    disabled={props.policy.applying || props.report.pending_files > 0} onclick={on_apply}>
                    { if props.policy.applying { "Applying…" } else { "Apply policy" } }
                </button>
                if props.policy.custom.is_some() {
                    <button class="button secondary" data-testid="policy-reset"
                        disabled={props.report.pending_files > 0} onclick={on_reset}>{ "Use the tree's own policy" }</button>
                }
                <label class="button secondary">
                    { "Load a policy file…" }
                    <input type="file" accept=".toml,text/plain" class="visually-hidden" data-testid="policy-upload" onchange={on_upload} />
                </label>
            </div>
        </Card>
    }
}
