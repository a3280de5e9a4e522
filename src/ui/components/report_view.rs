//! The report page: verdict, counts, the API changes with before/after signatures, changed files
//! and problems, composed from the sections (`compliance_view`, `assessment_view`), the exports
//! and the filter bar (`report_tools`); what the filters let through is `ui::view`'s. Every string from the analysed code is rendered as text by yew
//! (never as HTML), so names and paths cannot inject markup.

use std::rc::Rc;

use gloo_timers::callback::Timeout;
use yew::prelude::*;

use super::card::Card;

use super::assessment_view::{ConfigurationView, RecommendationsView, RiskView};
use super::compliance_view::{ComplianceView, DependenciesView, ImportMapView, PolicyEditor};
use super::evidence_view::{EvidenceView, Location};
use super::report_tools::{use_report_keys, Exports, FilterBar, HelpAction, Shortcuts};
use super::widgets::{commits, message};
use crate::catalogue::{ChangeKind, Severity};
use crate::render::diff::{self, Segment};
use crate::render::html::risk_class;
use crate::report::assessment::api_finding_id;
use crate::report::{ApiChange, Evidence, Report, Verdict};
use crate::ui::address;
use crate::ui::state::{Analysed, PolicyState, ReportSource};
use crate::ui::view::{kind_counts, offered, ordered, View};

#[derive(Properties, PartialEq)]
pub struct ReportViewProps {
    pub result: Rc<Analysed>,
    pub policy: PolicyState,
    pub on_policy: Callback<Option<String>>,
}

#[component]
pub fn ReportView(props: &ReportViewProps) -> Html {
    let shortcuts = use_report_keys();
    let close_shortcuts = {
        let shortcuts = shortcuts.dispatcher();
        Callback::from(move |_: MouseEvent| shortcuts.dispatch(HelpAction::Hide))
    };
    // The filters, the sort and the open finding, kept in the page's address (`ui::view`). The
    // words filter: every word must appear in a change (kind, object, parameter, message, path);
    // `/` focuses it.
    let view = use_state(|| offered(address::current(), &props.result.report));
    let from_link = props.result.source == ReportSource::Link;
    use_effect_with(((*view).clone(), from_link), |(view, from_link)| address::store(view, *from_link));
    let on_view = {
        let view = view.clone();
        Callback::from(move |next: View| view.set(next))
    };
    // A new report whose verdict is below the fold (inputs above it, such as a bundle's commit
    // list) is scrolled to, so the first screen says what broke.
    let summary_ref = use_node_ref();
    use_effect_with((), {
        let summary_ref = summary_ref.clone();
        move |_| {
            let window = web_sys::window();
            let height = window.as_ref().and_then(|w| w.inner_height().ok()).and_then(|h| h.as_f64());
            if let (Some(element), Some(height)) = (summary_ref.cast::<web_sys::Element>(), height) {
                if element.get_bounding_client_rect().bottom() > height {
                    // The least scroll that shows it: the progress line above stays in view.
                    let options = web_sys::ScrollIntoViewOptions::new();
                    options.set_block(web_sys::ScrollLogicalPosition::Nearest);
                    element.scroll_into_view_with_scroll_into_view_options(&options);
                }
            }
        }
    });
    // A finding named in the address (a link to it) is scrolled to once it is rendered.
    use_effect_with((), {
        let finding = view.finding.clone();
        move |_| {
            if !finding.is_empty() {
                scroll_to_when_shown(finding, 50);
            }
        }
    });
    let report = &props.result.report;
    let pending = props.result.pending_files;
    let breaking = report.api_changes.iter().take_while(|c| c.severity == Severity::Breaking).count();
    let read_only = props.result.source != ReportSource::Analysis;
    html! {
        <section class="report" aria-label="Stability report">
            if read_only {
                <p class="notice" data-testid="read-only" role="note">
                    { match &props.result.source {
                        ReportSource::File(name) => format!("A saved report ({name}), shown read-only. "),
                        _ => "A shared report, shown read-only. ".to_owned(),
                    } }
                    { "It holds the findings, signatures and scores — not the code itself, which never left the reviewer's browser. To re-check it, analyse the two trees here." }
                </p>
            }
            <section class="card summary" data-testid="section-summary" ref={summary_ref.clone()}>
                <Headline report={props.result.clone()} />
                <TopBreaking report={props.result.clone()} view={(*view).clone()} on_view={on_view.clone()} />
                <p class="overall-risk">
                    { "Overall risk: " }
                    <span class={classes!("badge", risk_class(report.assessment.overall))}>{ report.assessment.overall.as_str() }</span>
                    { format!(" — {} recommendation(s). ", report.assessment.recommendations.len()) }
                    <a href="#section-risk" onclick={super::assessment_view::go_to("section-risk")}>{ "Why" }</a>
                </p>
            </section>
            if pending > 0 {
                <p class="notice" role="status" data-testid="files-pending">
                    { format!("First report: every module, every Python file outside the tests and every project file is analysed, so the verdict, the API changes, the compliance scores and the dependency changes below are final. Still being read: {pending} other files — tests outside the packages (checked for syntax only) and files that are not Python — for the changed files and the problems (and the risk notes and recommendation that count problems). The exports wait for them.") }
                </p>
            }
            <Exports report={props.result.clone()} fragment={view.to_fragment()} />
            <Sides report={props.result.clone()} />
            if shortcuts.0 { <Shortcuts on_close={close_shortcuts} /> }
            // The filter bar sticks to the top while the change lists it filters scroll by.
            <div class="changes-area">
                <FilterBar report={props.result.clone()} view={(*view).clone()} on_view={on_view.clone()} />
                <Changes report={props.result.clone()} start={0} end={breaking} view={(*view).clone()} on_view={on_view.clone()}
                    title="Breaking changes" testid="section-breaking-changes"
                    empty="No breaking change: every public module, name, signature and parameter callers could use is still there." />
                <Changes report={props.result.clone()} start={breaking} end={report.api_changes.len()} view={(*view).clone()} on_view={on_view.clone()}
                    title="Interface compatibility" testid="section-interface-compatibility"
                    empty="No warning and no addition: the rest of the public API is unchanged." />
            </div>
            <Later>
                <DependenciesView report={props.result.clone()} view={(*view).clone()} on_view={on_view.clone()} />
                <ImportMapView report={props.result.clone()} />
                <ConfigurationView report={props.result.clone()} />
                <ComplianceView report={props.result.clone()} view={(*view).clone()} on_view={on_view.clone()} />
                <RiskView report={props.result.clone()} />
                <RecommendationsView report={props.result.clone()} />
                if !read_only {
                    <PolicyEditor report={props.result.clone()} policy={props.policy.clone()} on_apply={props.on_policy.clone()} />
                }
                <Files report={props.result.clone()} />
                <Problems report={props.result.clone()} />
            </Later>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct SectionProps {
    report: Rc<Analysed>,
}

#[component]
fn Headline(props: &SectionProps) -> Html {
    let report: &Report = &props.report.report;
    let s = &report.summary;
    let (class, title, detail) = match report.verdict {
        Verdict::Breaking => {
            let warned = if s.breaking_after_deprecation > 0 {
                format!(
                    " {} without warning, {} after a deprecation in the baseline.",
                    s.breaking - s.breaking_after_deprecation,
                    s.breaking_after_deprecation
                )
            } else {
                String::new()
            };
            (
                "verdict breaking",
                "Breaking",
                format!("{} change(s) can break existing callers.{warned}", s.breaking),
            )
        }
        Verdict::Compatible => {
            ("verdict compatible", "Compatible", "No breaking API change was found.".to_owned())
        }
    };
    html! {
        <div class={class} data-testid="verdict" data-verdict={report.verdict.as_str()}>
            <div class="verdict-title">{ title }</div>
            <div class="verdict-detail">{ detail }</div>
            if let Some(release) = &report.release {
                <div class="release" data-testid="release"
                    data-satisfied={release.satisfied.map(|v| v.to_string()).unwrap_or_default()}>
                    { format!("Release: {}", release.describe()) }
                </div>
            }
            if let Some(python) = report.python_requires.as_ref().filter(|p| p.narrowed()) {
                <div class="release" data-testid="verdict-python">
                    <a href={format!("#{}", crate::report::assessment::PYTHON_REQUIRES_ID)}>{ "Supported Pythons narrowed" }</a>
                    { format!(": {}", python.describe()) }
                </div>
            }
            <ul class="counts">
                <li class="count breaking"><b>{ s.breaking }</b>{ " breaking" }</li>
                <li class="count warning"><b>{ s.warning }</b>{ " warnings" }</li>
                <li class="count additive"><b>{ s.additive }</b>{ " additive" }</li>
                <li class="count"><b>{ s.files_changed }</b>
                    { if props.report.pending_files > 0 { " files changed so far" } else { " files changed" } }</li>
                <li class="count"><b>{ s.problems }</b>{ " problems" }</li>
            </ul>
        </div>
    }
}

/// Methodology in one line, for the collapsed card.
fn methodology_summary(report: &Report) -> String {
    let (b, c) = (&report.baseline, &report.current);
    let roots = |side: &crate::report::SideSummary| {
        let paths: Vec<&str> = side.api_roots.iter().map(|r| r.path.as_str()).collect();
        if paths.is_empty() {
            "the tree's root".to_owned()
        } else {
            paths.join(", ")
        }
    };
    let a = |kind: crate::report::SideKind| match kind {
        crate::report::SideKind::Library => "a library",
        crate::report::SideKind::Application => "an application",
    };
    let kind =
        if b.kind == c.kind { a(b.kind).to_owned() } else { format!("{} becoming {}", a(b.kind), a(c.kind)) };
    format!(
        "Parsed in this browser: {} and {} Python files of {kind}; public API read from {} (baseline) and {} (current); policy: {}.",
        b.python_files,
        c.python_files,
        roots(b),
        roots(c),
        report.compliance.policy
    )
}

#[derive(Properties, PartialEq)]
struct TopBreakingProps {
    report: Rc<Analysed>,
    view: View,
    on_view: Callback<View>,
}

/// How many breaking changes the verdict card names.
const TOP_BREAKING: usize = 5;

/// The first breaking changes, named as users import them, each a link that opens its row: the
/// runtime API broken without warning first, then what was removed after a deprecation, then
/// names that exist only for typing.
#[component]
fn TopBreaking(props: &TopBreakingProps) -> Html {
    let changes = &props.report.report.api_changes;
    let mut top: Vec<&ApiChange> = changes.iter().filter(|c| c.severity == Severity::Breaking).collect();
    top.sort_by_key(|c| (c.typing_only, c.deprecated.is_some()));
    let total = top.len();
    top.truncate(TOP_BREAKING);
    if top.is_empty() {
        return html! {};
    }
    let open = |id: String| {
        let (view, on_view) = (props.view.clone(), props.on_view.clone());
        Callback::from(move |event: MouseEvent| {
            event.prevent_default();
            // The row is shown whatever the filters were: they are cleared, the sort kept.
            on_view.emit(View { finding: id.clone(), ..view.cleared() });
            scroll_to_when_shown(id.clone(), 50);
        })
    };
    html! {
        <div class="top-breaking">
            <ol data-testid="top-breaking">
                { for top.into_iter().map(|change| {
                    let id = api_finding_id(change);
                    html! {
                        <li data-testid="top-breaking-item" data-finding={id.clone()}>
                            <a href={format!("#{}", crate::render::percent_encode(&id, b"-._~/"))} onclick={open(id)}>
                                <code>{ change.name().to_owned() }</code>
                            </a>
                            <span class="top-message">{ " — " }{ message(&change.message) }</span>
                        </li>
                    }
                }) }
            </ol>
            if total > TOP_BREAKING {
                <p class="muted">{ format!("and {} more below.", total - TOP_BREAKING) }</p>
            }
        </div>
    }
}

#[component]
fn Sides(props: &SectionProps) -> Html {
    let report = &props.report.report;
    let row = |name: &str, baseline: String, current: String| {
        html! { <tr><th scope="row">{ name.to_owned() }</th><td>{ baseline }</td><td>{ current }</td></tr> }
    };
    let (b, c) = (&report.baseline, &report.current);
    let roots = |side: &crate::report::SideSummary| {
        side.api_roots.iter().map(|r| format!("{} ({})", r.path, r.from)).collect::<Vec<_>>().join("; ")
    };
    let python = |side: &crate::report::SideSummary| {
        side.requires_python.clone().unwrap_or_else(|| "not declared".to_owned())
    };
    let unreadable = |side: &crate::report::SideSummary| {
        if side.not_fully_readable.is_empty() {
            "none".to_owned()
        } else {
            side.not_fully_readable
                .iter()
                .map(|n| format!("{}: {}", n.module, n.reason))
                .collect::<Vec<_>>()
                .join("; ")
        }
    };
    html! {
        <Card testid="section-methodology" title={"Methodology"} open={false} summary={methodology_summary(report)}>
            <p>
                { "Every Python file on both sides was parsed in this browser; the public API (modules, functions, classes, methods, their parameters) was extracted and compared signature by signature; the compliance rules were scored on both sides with the policy " }
                <code>{ &report.compliance.policy }</code>{ "." }
            </p>
            <table class="sides">
                <thead><tr><th></th><th>{ "Baseline" }</th><th>{ "Current" }</th></tr></thead>
                <tbody>
                    { row("Source", b.label.clone(), c.label.clone()) }
                    { row("Files", b.files.to_string(), c.files.to_string()) }
                    { row("Python files", b.python_files.to_string(), c.python_files.to_string()) }
                    { row("Public modules", b.modules.to_string(), c.modules.to_string()) }
                    { row("Packages", b.packages.join(", "), c.packages.join(", ")) }
                    { row("API read from", roots(b), roots(c)) }
                    { row("Kind", b.kind.describe().to_owned(), c.kind.describe().to_owned()) }
                    { row("Supports Python", python(b), python(c)) }
                    { row("Not fully readable", unreadable(b), unreadable(c)) }
                </tbody>
            </table>
            if let Some(history) = &report.history {
                <p class="scope">
                    { format!("Scope: {}..{} — {} commit(s) in {}:", history.baseline.revision, history.current.revision, history.commits.len(), history.source) }
                </p>
                <table class="commits">
                    <tbody>
                        { for history.commits.iter().map(|commit| html! {
                            <tr data-testid="history-commit" data-id={commit.id.clone()}>
                                <td><code>{ commit.id.get(..7).unwrap_or("").to_owned() }</code></td>
                                <td class="muted">{ commit.date.get(..10).unwrap_or(&commit.date).to_owned() }</td>
                                <td>{ &commit.subject }</td>
                                <td class="muted">{ &commit.author }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
        </Card>
    }
}

#[derive(Properties, PartialEq)]
struct ChangesProps {
    report: Rc<Analysed>,
    /// The changes shown: `api_changes[start..end]` (the report sorts them by severity).
    start: usize,
    end: usize,
    title: &'static str,
    testid: &'static str,
    /// What the section says when it has no change.
    empty: &'static str,
    /// The filters, the sort and the open finding.
    view: View,
    on_view: Callback<View>,
}

#[component]
fn Changes(props: &ChangesProps) -> Html {
    let (first, total) = (props.start, props.end.max(props.start));
    // The shown changes in the shown order: indices into `api_changes`.
    let order = use_memo(
        (SameReport(props.report.clone()), first, total, props.view.clone()),
        |(report, first, total, view)| ordered(&report.0.report.api_changes, *first..*total, view),
    );
    // Long lists are rendered in steps, each after the browser had a chance to paint and handle
    // input: the first rows show at once and no step becomes a long task.
    let count = order.len();
    let shown = use_state(|| count.min(FIRST_STEP));
    {
        let shown = shown.clone();
        use_effect_with((*shown, count), move |(done, count)| {
            let (done, count) = (*done, *count);
            let timer =
                (done < count).then(|| Timeout::new(0, move || shown.set((done + ROWS_PER_STEP).min(count))));
            move || drop(timer)
        });
    }
    if first == total {
        return html! {
            <section class="card" data-testid={props.testid}><h2>{ props.title }</h2><p>{ props.empty }</p></section>
        };
    }
    let changes = &props.report.report.api_changes;
    // The open finding, when it is one of these changes.
    let open = props
        .view
        .finding
        .starts_with("api/")
        .then(|| {
            order
                .iter()
                .copied()
                .find(|&i| changes.get(i).is_some_and(|c| api_finding_id(c) == props.view.finding))
        })
        .flatten();
    // One toggle callback for the component's life, reading the view as it is now: a new callback
    // at each render would make every row block render again (2,000 rows on Django: ~300 ms).
    let latest = use_mut_ref(|| (props.view.clone(), props.on_view.clone()));
    *latest.borrow_mut() = (props.view.clone(), props.on_view.clone());
    let on_toggle = {
        let report = props.report.clone();
        use_callback((), move |index: usize, _| {
            let (view, on_view) = latest.borrow().clone();
            let id = report.report.api_changes.get(index).map(api_finding_id).unwrap_or_default();
            on_view.emit(view.toggled(&id));
        })
    };
    // Rows come in blocks of one step each: a block whose rows and open row are unchanged is not
    // rendered again, so each step costs only its own rows.
    let report_ref = SameReport(props.report.clone());
    let shown_rows = order.get(..(*shown).min(count)).unwrap_or_default();
    let blocks = shown_rows.chunks(ROWS_PER_STEP).enumerate().map(|(block, rows)| {
        let open = open.filter(|index| rows.contains(index));
        html! { <ChangeBlock key={block} report={report_ref.clone()} rows={rows.to_vec()} {open} on_toggle={on_toggle.clone()} /> }
    });
    let title = if count == total - first {
        format!("{} ({})", props.title, total - first)
    } else {
        format!("{} ({} of {} shown)", props.title, count, total - first)
    };
    let clear = {
        let (view, on_view) = (props.view.clone(), props.on_view.clone());
        Callback::from(move |_: MouseEvent| on_view.emit(view.cleared()))
    };
    html! {
        <Card testid={props.testid} {title}>
            <p class="kind-counts" data-testid="kind-counts">
                { for kind_counts(changes.get(first..total).unwrap_or_default()).into_iter().map(|(kind, count)| {
                    let label = ChangeKind::from_id(kind).map_or(kind, |k| k.definition().label);
                    html! {
                        <span class="kind-count" data-kind={kind} data-count={count.to_string()} title={kind}>{ label }<b>{ format!(" ×{count}") }</b></span>
                    }
                }) }
            </p>
            if count == 0 {
                <p class="empty-result" data-testid="no-match" role="status">
                    { format!("No change here matches the filters ({} hidden). ", total - first) }
                    <button class="button secondary" data-testid="clear-filters-empty" onclick={clear}>{ "Clear filters" }</button>
                </p>
            } else {
                <p class="muted hint">{ "Click a change for why it matters, how to fix it, and its source." }</p>
                <ol class="changes" data-testid="changes" data-complete={(*shown >= count).to_string()}>
                    { for blocks }
                </ol>
            }
        </Card>
    }
}

/// Scrolls to the element with this id once it exists (rows render in steps), trying every
/// 100 ms a few times.
fn scroll_to_when_shown(id: String, attempts: u32) {
    let target = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(&id));
    match target {
        Some(target) => super::widgets::reveal(&target),
        None if attempts > 0 => {
            // Runs once; a few of these per page load at most.
            Timeout::new(100, move || scroll_to_when_shown(id, attempts - 1)).forget();
        }
        None => {}
    }
}

/// The report, compared by identity: a block's props are equal when they show the same report —
/// or the complete version of the first report shown (same serial), whose API changes are the
/// same (`tests/first_report.rs`), so its rows are not rendered again.
#[derive(Clone)]
struct SameReport(Rc<Analysed>);

impl PartialEq for SameReport {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0) || self.0.serial == other.0.serial
    }
}

#[derive(Properties, PartialEq)]
struct ChangeBlockProps {
    report: SameReport,
    /// The rows: indices into `api_changes`.
    rows: Vec<usize>,
    /// The open row, when it is in this block.
    open: Option<usize>,
    on_toggle: Callback<usize>,
}

/// Some rows of the change list: each a card — severity, how users name the object, what
/// happened; then the signatures before and after side by side (stacked on narrow screens);
/// under it, once opened, the explanation and the evidence.
#[component]
fn ChangeBlock(props: &ChangeBlockProps) -> Html {
    let changes = &props.report.0.report.api_changes;
    props
        .rows
        .iter()
        .filter_map(|&index| Some((index, changes.get(index)?)))
        .map(|(index, change)| {
            let is_open = props.open == Some(index);
            let toggle = props.on_toggle.reform(move |_: MouseEvent| index);
            let definition = change.kind.definition();
            html! {
                <li
                    class={classes!("change", change.severity.as_str(), is_open.then_some("open"))}
                    data-testid="change-row"
                    id={api_finding_id(change)}
                    data-kind={change.kind.as_str()}
                    data-severity={change.severity.as_str()}
                    data-object={change.object.clone()}
                    data-parameter={change.parameter.clone().unwrap_or_default()}
                >
                    <div class="change-summary" onclick={toggle}>
                        <div class="change-head">
                            <button class={classes!("badge", "disclosure", change.severity.as_str())} aria-expanded={is_open.to_string()}
                                title="Why it matters and how to fix it">{ change.severity.as_str() }</button>
                            <code class="object" data-testid="public-path">{ breakable(change.name()) }</code>
                            if let Some(parameter) = &change.parameter { <span class="parameter">{ " · " }<code>{ parameter }</code></span> }
                            if let Some(at) = &change.deprecated {
                                <span class="badge neutral deprecated" data-testid="after-deprecation"
                                    title={format!("{} ({}:{})", at.how, at.path, at.line)}>{ "after deprecation" }</span>
                            }
                            if change.typing_only {
                                <span class="badge neutral" title="exists only for type checkers">{ "typing only" }</span>
                            }
                            <span class="kind" title={format!("{}: {}", definition.id, definition.summary)}>{ definition.label }</span>
                        </div>
                        <div class="message">{ message(&change.message) }</div>
                        if change.name() != change.object {
                            <div class="defined muted">{ "defined as " }<code>{ breakable(&change.object) }</code></div>
                        }
                        if !change.members.is_empty() {
                            <div class="members">{ format!("{}: {}", if change.kind.severity() == Severity::Additive { "Provides" } else { "Went with it" }, change.members.join(", ")) }</div>
                        }
                        { signatures(change.baseline.as_ref(), change.current.as_ref()) }
                    </div>
                    if is_open { <Explanation change={change.clone()} commits={commits(&props.report.0.report)} /> }
                </li>
            }
        })
        .collect()
}

/// A dotted name or a signature with places to wrap at: after `.`, `,`, `(`, `[`, `|` and before
/// `->` — never inside an identifier. Pieces holding a `-` or `/` (`->`, `"utf-8"`, `a/b`) are
/// kept whole: browsers may otherwise break after those.
fn breakable(text: &str) -> Html {
    let mut out: Vec<Html> = Vec::new();
    let mut piece = String::new();
    let flush = |piece: &mut String, out: &mut Vec<Html>| {
        let text = std::mem::take(piece);
        if text.contains(['-', '/']) {
            out.push(html! { <span class="whole">{ text }</span> });
        } else if !text.is_empty() {
            out.push(html! { { text } });
        }
    };
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '-' && chars.peek() == Some(&'>') && !piece.is_empty() {
            flush(&mut piece, &mut out);
            out.push(html! { <wbr /> });
        }
        piece.push(c);
        if matches!(c, '.' | ',' | '(' | '[' | '|') {
            flush(&mut piece, &mut out);
            out.push(html! { <wbr /> });
        }
    }
    flush(&mut piece, &mut out);
    out.into_iter().collect()
}

#[derive(Properties, PartialEq)]
struct LaterProps {
    children: Html,
}

/// Renders its children one zero-delay timeout after it first appears, so the top of the report
/// paints in one task and the sections below in the next: neither becomes a long task.
#[component]
fn Later(props: &LaterProps) -> Html {
    let ready = use_state(|| false);
    {
        let ready = ready.clone();
        use_effect_with((), move |_| {
            let timer = (!*ready).then(|| Timeout::new(0, move || ready.set(true)));
            move || drop(timer)
        });
    }
    if *ready {
        props.children.clone()
    } else {
        html! { <p class="muted" aria-busy="true">{ "Rendering the rest of the report…" }</p> }
    }
}

/// Change rows rendered per step (see `Changes`).
const ROWS_PER_STEP: usize = 50;
/// Rows in the first step, which shares its task with the rest of the report's first render.
const FIRST_STEP: usize = 20;

/// The signatures before and after; when both sides exist, what differs is highlighted.
fn signatures(before: Option<&Evidence>, after: Option<&Evidence>) -> Html {
    let side = |evidence: Option<&Evidence>,
                segments: Option<Vec<Segment>>,
                class: &'static str,
                label: &'static str| match evidence {
        Some(evidence) => {
            let text = match segments {
                Some(segments) => segments
                    .into_iter()
                    .map(|s| {
                        if s.changed {
                            html! { <mark class={class}>{ breakable(&s.text) }</mark> }
                        } else {
                            breakable(&s.text)
                        }
                    })
                    .collect::<Html>(),
                None => breakable(&evidence.signature),
            };
            html! {
                <div class={classes!("side", class)}>
                    <div class="side-label">{ label }</div>
                    <code class="signature">{ text }</code>
                    <div class="location">{ format!("{}:{}", evidence.path, evidence.line) }</div>
                </div>
            }
        }
        None => html! {
            <div class={classes!("side", class, "absent")}>
                <div class="side-label">{ label }</div><span class="muted">{ "—" }</span>
            </div>
        },
    };
    let (left, right) = match (before, after) {
        (Some(b), Some(a)) => {
            let (left, right) = diff::segments(&b.signature, &a.signature);
            (Some(left), Some(right))
        }
        _ => (None, None),
    };
    html! {
        <div class="signatures">{ side(before, left, "removed", "Before") }{ side(after, right, "added", "After") }</div>
    }
}

#[derive(Properties, PartialEq)]
struct ExplanationProps {
    change: ApiChange,
    commits: Option<[String; 2]>,
}

#[component]
fn Explanation(props: &ExplanationProps) -> Html {
    let definition = props.change.kind.definition();
    let why =
        if props.change.severity == Severity::Additive { "What it means" } else { "Why it breaks callers" };
    // A side without the object still shows its version of the file, in the diff (line 0).
    let (before, after) = (location(props.change.baseline.as_ref()), location(props.change.current.as_ref()));
    let file_only = |other: &Location| other.as_ref().map(|(path, _)| (path.clone(), 0));
    let (baseline, current) =
        (before.clone().or_else(|| file_only(&after)), after.or_else(|| file_only(&before)));
    html! {
        <div class="explanation">
            <p><b>{ message(definition.summary) }</b></p>
            <p><b>{ why }{ ": " }</b>{ message(definition.why) }</p>
            <div class="example">
                <div><div class="muted">{ "Before" }</div><pre>{ definition.before }</pre></div>
                <div><div class="muted">{ "After" }</div><pre>{ definition.after }</pre></div>
            </div>
            <p><b>{ "How to fix: " }</b>{ message(&props.change.fix()) }</p>
            <EvidenceView baseline={baseline} current={current} commits={props.commits.clone()} />
        </div>
    }
}

fn location(evidence: Option<&Evidence>) -> Location {
    evidence.map(|e| (e.path.clone(), e.line))
}

#[component]
fn Files(props: &SectionProps) -> Html {
    let report = &props.report.report;
    let shown = use_state(|| false);
    let pending = props.report.pending_files;
    let note = (pending > 0).then(|| {
        html! {
            <p class="muted" data-testid="files-pending-note">
                { format!("The analysed files so far: {pending} other files are still being compared.") }
            </p>
        }
    });
    if report.files.is_empty() {
        return html! {
            <section class="card"><h2>{ "Changed files" }</h2>
                { note.unwrap_or_else(|| html! { <p>{ "No file differs." }</p> }) }
            </section>
        };
    }
    let toggle = {
        let shown = shown.clone();
        Callback::from(move |_| shown.set(!*shown))
    };
    html! {
        <Card title={format!("Changed files ({}{})", report.files.len(), if pending > 0 { " so far" } else { "" })}>
            { for note }
            <button class="button secondary" data-testid="toggle-files" onclick={toggle}>
                { if *shown { "Hide files" } else { "Show files" } }
            </button>
            if *shown {
                <table class="files">
                    <thead><tr><th>{ "File" }</th><th>{ "Status" }</th></tr></thead>
                    <tbody>
                        { for report.files.iter().map(|file| html! {
                            <tr data-testid="file-row" data-path={file.path.clone()} data-status={file.status.as_str()}>
                                <td>
                                    <code>{ &file.path }</code>
                                    if let Some(previous) = &file.previous_path { <span class="muted">{ " ← " }<code>{ previous }</code></span> }
                                </td>
                                <td><span class={classes!("status", file.status.as_str())}>{ file.status.as_str() }</span></td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
        </Card>
    }
}

#[component]
fn Problems(props: &SectionProps) -> Html {
    let report = &props.report.report;
    let pending = props.report.pending_files;
    if report.problems.is_empty() {
        let text = if pending > 0 {
            format!("Every file analysed so far was read; {pending} other files are still being read.")
        } else {
            "Every file was analysed.".to_owned()
        };
        return html! { <section class="card"><h2>{ "Problems" }</h2><p>{ text }</p></section> };
    }
    html! {
        <Card title={format!("Problems ({}{})", report.problems.len(), if pending > 0 { " so far" } else { "" })}>
            <p class="muted">{ if pending > 0 {
                format!("These files could not be analysed; {pending} other files are still being read.")
            } else {
                "These files could not be analysed; everything else was.".to_owned()
            } }</p>
            <table class="problems">
                <thead><tr><th>{ "Side" }</th><th>{ "Location" }</th><th>{ "Reason" }</th></tr></thead>
                <tbody>
                    { for report.problems.iter().map(|problem| html! {
                        <tr data-testid="problem-row" data-path={problem.path.clone()} data-side={problem.side.as_str()}
                            id={crate::report::assessment::problem_finding_id(problem)}>
                            <td>{ problem.side.as_str() }</td>
                            <td><code>{ format!("{}:{}:{}", problem.path, problem.line, problem.column) }</code></td>
                            <td>{ &problem.message }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </Card>
    }
}
