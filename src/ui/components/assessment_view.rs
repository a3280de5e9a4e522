//! The report's judgement sections: configuration health, risk per area and the
//! recommendations, each recommendation linking to the findings it answers (their ids are the
//! rows' element ids, see [`crate::report::assessment`]). Derived data only: nothing here decides
//! anything the report JSON does not already say.

use std::rc::Rc;

use yew::prelude::*;

use super::card::Card;

use super::widgets::message;
use crate::compliance::{ComplianceFinding, Status};
use crate::render::html::{risk_class, status_class};
use crate::report::assessment::{self, compliance_finding_id};
use crate::ui::state::Analysed;

#[derive(Properties, PartialEq)]
pub struct AssessmentProps {
    pub report: Rc<Analysed>,
}

/// Environment variables and critical symbols and literals: scores and findings.
#[component]
pub fn ConfigurationView(props: &AssessmentProps) -> Html {
    let compliance = &props.report.report.compliance;
    let rules: Vec<_> = compliance
        .baseline
        .rules
        .iter()
        .zip(&compliance.current.rules)
        .filter(|(_, after)| assessment::is_configuration_rule(after.id))
        .collect();
    let findings: Vec<&ComplianceFinding> =
        compliance.findings.iter().filter(|f| assessment::is_configuration_rule(f.rule)).collect();
    html! {
        <Card testid="section-configuration" title={"Configuration health"}>
            if rules.is_empty() {
                <p>{ "No configuration rule is on in the policy." }</p>
            } else {
                <ul class="rule-lines">
                    { for rules.iter().map(|(before, after)| {
                        let detail = if after.checked == 0 {
                            "nothing to check in the current tree".to_owned()
                        } else {
                            format!("{} of {} hold (baseline {} of {})", after.checked - after.violations, after.checked,
                                before.checked.saturating_sub(before.violations), before.checked)
                        };
                        let informational = after.informational.map(|n| format!("; {n} read(s) with a default")).unwrap_or_default();
                        html! {
                            <li data-testid="configuration-rule" data-rule={after.id.as_str()}>
                                <code title={after.id.definition().summary}>{ after.id.as_str() }</code>
                                { format!(": {detail}{informational}.") }
                            </li>
                        }
                    }) }
                </ul>
                if findings.is_empty() {
                    <p data-testid="configuration-held">{ "Every declared variable, critical symbol and critical literal checks out." }</p>
                } else {
                    <ul class="boundary-findings">
                        { for findings.iter().map(|f| html! {
                            <li data-testid="configuration-finding" data-rule={f.rule.as_str()} data-status={f.status.as_str()}
                                id={(f.status == Status::New).then(|| compliance_finding_id(f))}>
                                <span class={classes!("badge", status_class(f.status))}>{ f.status.as_str() }</span>{ " " }
                                <code>{ f.rule.as_str() }</code>{ " " }
                                <code>{ format!("{}:{}", f.path, f.line) }</code>{ " " }{ message(&f.message) }
                            </li>
                        }) }
                    </ul>
                }
            }
        </Card>
    }
}

/// Risk per area, with the reason each level was given.
#[component]
pub fn RiskView(props: &AssessmentProps) -> Html {
    let assessment = &props.report.report.assessment;
    html! {
        <Card testid="section-risk" title={"Risk assessment"}>
            <p>
                { "Overall: " }
                <span class={classes!("badge", risk_class(assessment.overall))} data-testid="risk-overall" data-level={assessment.overall.as_str()}>
                    { assessment.overall.as_str() }
                </span>
                <span class="muted">{ " — the highest of the areas below; each level follows a fixed rule (see the README)." }</span>
            </p>
            <table class="risks">
                <thead><tr><th>{ "Area" }</th><th>{ "Risk" }</th><th>{ "Why" }</th></tr></thead>
                <tbody>
                    { for assessment.risks.iter().map(|risk| html! {
                        <tr data-testid="risk" data-area={risk.area.as_str()} data-level={risk.level.as_str()}>
                            <th scope="row">{ risk.area.as_str() }</th>
                            <td><span class={classes!("badge", risk_class(risk.level))}>{ risk.level.as_str() }</span></td>
                            <td>{ message(&risk.reason) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </Card>
    }
}

/// Scrolls to a finding's row and marks it, without navigating: a fragment navigation would make
/// the browser fetch the page's icon again, a request after load.
pub(crate) fn go_to(id: &str) -> Callback<MouseEvent> {
    let id = id.to_owned();
    Callback::from(move |event: MouseEvent| {
        event.prevent_default();
        let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
        if let Ok(Some(previous)) = document.query_selector("[data-targeted]") {
            let _ = previous.remove_attribute("data-targeted");
        }
        if let Some(target) = document.get_element_by_id(&id) {
            let _ = target.set_attribute("data-targeted", "true");
            super::widgets::reveal(&target);
        }
    })
}

/// What to do, each item linking to the findings it answers.
#[component]
pub fn RecommendationsView(props: &AssessmentProps) -> Html {
    let recommendations = &props.report.report.assessment.recommendations;
    html! {
        <Card testid="section-recommendations" title={"Recommendations"}>
            if recommendations.is_empty() {
                <p data-testid="recommendations-empty">{ "Nothing to recommend: no breaking or warning change, no new compliance finding, no dependency change, and every file was analysed." }</p>
            } else {
                <ol class="recommendations">
                    { for recommendations.iter().map(|r| {
                        let more = r.count.saturating_sub(r.answers.len());
                        html! {
                            <li data-testid="recommendation" data-count={r.count.to_string()}>
                                <div>{ message(&r.text) }</div>
                                <div class="answers muted">
                                    { "Answers: " }
                                    { for r.answers.iter().map(|id| html! {
                                        <><a href={format!("#{id}")} data-testid="answers" class="finding-link" onclick={go_to(id)}><code>{ id }</code></a>{ " " }</>
                                    }) }
                                    if more > 0 { { format!("and {more} more") } }
                                </div>
                            </li>
                        }
                    }) }
                </ol>
            }
        </Card>
    }
}
