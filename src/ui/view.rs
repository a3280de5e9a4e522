//! The report screen's view-model: what the reviewer has narrowed the report to — the filters,
//! the sort and the open finding — which changes that lets through and in what order, the counts
//! and options the filter bar offers, and the view's mirror in the page address's fragment
//! (`#q=…&severity=…&finding=…`), so reloading keeps the view and a shared link can point at one
//! finding. Plain Rust, built and tested natively; [`super::address`] reads and writes the real
//! address, and the components render what this module computes.

use std::collections::BTreeSet;

use crate::report::{ApiChange, Report};

/// The view; every field is empty (or false) when unset.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct View {
    /// Words every shown change must contain.
    pub text: String,
    /// Severities shown (`breaking`, `warning`, `additive`); empty: all.
    pub severity: BTreeSet<String>,
    /// Change kinds shown (`parameter_removed`, …); empty: all.
    pub kind: BTreeSet<String>,
    /// Modules shown (`payments.client`); empty: all.
    pub module: BTreeSet<String>,
    /// Changes of annotations only (return, parameter, attribute annotations) are hidden.
    pub hide_annotations: bool,
    /// A compliance rule id.
    pub rule: String,
    /// `object`, `kind` or `module`; empty: by severity, as the report orders changes.
    pub sort: String,
    /// The open finding's id (`api/…`, `rule/…`).
    pub finding: String,
}

/// One of the change filters that hold a set of values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Facet {
    Severity,
    Kind,
    Module,
}

impl Facet {
    /// The value of this facet for a change.
    pub fn of(self, change: &ApiChange) -> &str {
        match self {
            Facet::Severity => change.severity.as_str(),
            Facet::Kind => change.kind.as_str(),
            Facet::Module => &change.module,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Facet::Severity => "severity",
            Facet::Kind => "kind",
            Facet::Module => "module",
        }
    }
}

/// The address's keys, in the order the fragment writes them.
const KEYS: [&str; 8] = ["q", "severity", "kind", "module", "annotations", "rule", "sort", "finding"];

impl View {
    pub fn facet(&self, facet: Facet) -> &BTreeSet<String> {
        match facet {
            Facet::Severity => &self.severity,
            Facet::Kind => &self.kind,
            Facet::Module => &self.module,
        }
    }

    fn facet_mut(&mut self, facet: Facet) -> &mut BTreeSet<String> {
        match facet {
            Facet::Severity => &mut self.severity,
            Facet::Kind => &mut self.kind,
            Facet::Module => &mut self.module,
        }
    }

    /// The view with `value` added to the facet's selection, or taken out of it.
    pub fn with_toggled(&self, facet: Facet, value: &str) -> View {
        let mut next = self.clone();
        let set = next.facet_mut(facet);
        if !set.remove(value) {
            set.insert(value.to_owned());
        }
        next
    }

    /// The view without filters on the changes (the open finding, the compliance rule filter —
    /// another table's — and the sort stay).
    pub fn cleared(&self) -> View {
        View {
            finding: self.finding.clone(),
            rule: self.rule.clone(),
            sort: self.sort.clone(),
            ..View::default()
        }
    }

    /// Whether any filter narrows the changes.
    pub fn filters_changes(&self) -> bool {
        *self != self.cleared()
    }

    /// The view with `id` opened, or closed when it is the open finding.
    pub fn toggled(&self, id: &str) -> View {
        let finding = if self.finding == id { String::new() } else { id.to_owned() };
        View { finding, ..self.clone() }
    }

    fn value(&self, key: &str) -> String {
        let set = |values: &BTreeSet<String>| values.iter().cloned().collect::<Vec<_>>().join(",");
        match key {
            "q" => self.text.clone(),
            "severity" => set(&self.severity),
            "kind" => set(&self.kind),
            "module" => set(&self.module),
            "annotations" => {
                if self.hide_annotations {
                    "hide".to_owned()
                } else {
                    String::new()
                }
            }
            "rule" => self.rule.clone(),
            "sort" => self.sort.clone(),
            "finding" => self.finding.clone(),
            _ => String::new(),
        }
    }

    /// The view a fragment (without `#`) describes; unknown keys and a report's data are ignored.
    /// Sets are comma-separated (`severity=breaking,warning`).
    pub fn from_fragment(fragment: &str) -> View {
        let mut view = View::default();
        for part in fragment.split('&') {
            let (key, value) = part.split_once('=').unwrap_or((part, ""));
            let set = || -> BTreeSet<String> {
                value.split(',').map(percent_decode).filter(|v| !v.is_empty()).collect()
            };
            match key {
                "q" => view.text = percent_decode(value),
                "severity" => view.severity = set(),
                "kind" => view.kind = set(),
                "module" => view.module = set(),
                "annotations" => view.hide_annotations = value == "hide",
                "rule" => view.rule = percent_decode(value),
                "sort" => view.sort = percent_decode(value),
                "finding" => view.finding = percent_decode(value),
                _ => {}
            }
        }
        view
    }

    /// The fragment for this view (without `#`): only the fields that are set.
    pub fn to_fragment(&self) -> String {
        KEYS.iter()
            .map(|key| (key, self.value(key)))
            .filter(|(_, value)| !value.is_empty())
            .map(|(key, value)| {
                let encoded: Vec<String> = if matches!(*key, "severity" | "kind" | "module") {
                    value.split(',').map(|v| crate::render::percent_encode(v, b"-_.~/:")).collect()
                } else {
                    vec![crate::render::percent_encode(&value, b"-_.~/:")]
                };
                format!("{key}={}", encoded.join(","))
            })
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// `%XX` escapes decoded as UTF-8 (the inverse of [`crate::render::percent_encode`]); a value
/// that does not decode to UTF-8 reads as unset, as a malformed address should.
fn percent_decode(value: &str) -> String {
    percent_encoding::percent_decode_str(value)
        .decode_utf8()
        .map(|text| text.into_owned())
        .unwrap_or_default()
}

/// The view with the filter values this report does not offer cleared (the address may hold a
/// view of another report): a filter nothing matches would show an empty table for no reason the
/// reviewer chose.
pub fn offered(mut view: View, report: &Report) -> View {
    let changes = &report.api_changes;
    view.severity.retain(|s| ["breaking", "warning", "additive"].contains(&s.as_str()));
    view.kind.retain(|k| changes.iter().any(|c| c.kind.as_str() == k));
    view.module.retain(|m| changes.iter().any(|c| &c.module == m));
    if !report.compliance.findings.iter().any(|f| f.rule.as_str() == view.rule) {
        view.rule.clear();
    }
    if !["object", "kind", "module"].contains(&view.sort.as_str()) {
        view.sort.clear();
    }
    view
}

/// Whether a change passes the view's filters, leaving out one facet (`except`): facet counts
/// say how many changes each option would show with the other filters as they are.
fn passes(change: &ApiChange, view: &View, words: &[String], except: Option<Facet>) -> bool {
    let facet_ok = |facet: Facet| {
        except == Some(facet) || view.facet(facet).is_empty() || view.facet(facet).contains(facet.of(change))
    };
    facet_ok(Facet::Severity)
        && facet_ok(Facet::Kind)
        && facet_ok(Facet::Module)
        && !(view.hide_annotations && change.kind.is_annotation_only())
        && (words.is_empty() || matches_words(change, words))
}

fn words_of(view: &View) -> Vec<String> {
    view.text.split_whitespace().map(str::to_lowercase).collect()
}

/// The changes in `range` that the view's filters let through, in the view's order.
pub fn ordered(changes: &[ApiChange], range: std::ops::Range<usize>, view: &View) -> Vec<usize> {
    let words = words_of(view);
    let mut order: Vec<usize> = range
        .filter(|&index| changes.get(index).is_some_and(|change| passes(change, view, &words, None)))
        .collect();
    let key = |index: &usize| -> (String, String) {
        let Some(change) = changes.get(*index) else { return Default::default() };
        match view.sort.as_str() {
            "kind" => (change.kind.as_str().to_owned(), change.object.clone()),
            "module" => (change.module.clone(), change.object.clone()),
            "object" => (change.object.clone(), String::new()),
            _ => Default::default(), // the report's order: by severity
        }
    };
    order.sort_by_cached_key(key);
    order
}

/// One choice of a facet, as the filter bar offers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetOption {
    pub value: String,
    /// What the reviewer reads (`Parameter removed`, `payments.client`, `breaking`).
    pub label: String,
    /// Changes this option shows with the other filters as they are.
    pub count: usize,
    pub selected: bool,
}

/// The options of a facet — every value some change has (and any selected one) — with counts
/// under the other filters: severities in severity order, kinds in catalogue order, modules by
/// name.
pub fn facet_options(changes: &[ApiChange], view: &View, facet: Facet) -> Vec<FacetOption> {
    let words = words_of(view);
    let mut counts: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for change in changes {
        let value = facet.of(change);
        if value.is_empty() {
            continue;
        }
        let count = counts.entry(value.to_owned()).or_insert(0);
        if passes(change, view, &words, Some(facet)) {
            *count += 1;
        }
    }
    let rank = |value: &str| -> (usize, String) {
        match facet {
            Facet::Severity => (
                ["breaking", "warning", "additive"].iter().position(|s| *s == value).unwrap_or(3),
                String::new(),
            ),
            Facet::Kind => (
                crate::catalogue::ChangeKind::from_id(value)
                    .and_then(|k| crate::catalogue::ChangeKind::ALL.iter().position(|x| *x == k))
                    .unwrap_or(usize::MAX),
                String::new(),
            ),
            Facet::Module => (0, value.to_owned()),
        }
    };
    let mut options: Vec<FacetOption> = counts
        .into_iter()
        .map(|(value, count)| FacetOption {
            label: match facet {
                Facet::Kind => crate::catalogue::ChangeKind::from_id(&value)
                    .map_or_else(|| value.clone(), |k| k.definition().label.to_owned()),
                _ => value.clone(),
            },
            selected: view.facet(facet).contains(&value),
            value,
            count,
        })
        .collect();
    options.sort_by_cached_key(|o| rank(&o.value));
    options
}

/// How many changes the view hides of `range`.
pub fn hidden(changes: &[ApiChange], range: std::ops::Range<usize>, view: &View) -> usize {
    range.len() - ordered(changes, range, view).len()
}

/// How many changes of each kind, most frequent first.
pub fn kind_counts(changes: &[ApiChange]) -> Vec<(&'static str, usize)> {
    let mut counts: Vec<(&'static str, usize)> = Vec::new();
    for change in changes {
        match counts.iter_mut().find(|(kind, _)| *kind == change.kind.as_str()) {
            Some((_, count)) => *count += 1,
            None => counts.push((change.kind.as_str(), 1)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    counts
}

/// The distinct values, sorted, as (value, label) options (the compliance rule filter).
pub fn distinct(values: impl Iterator<Item = String>) -> Vec<(String, String)> {
    let set: BTreeSet<String> = values.filter(|v| !v.is_empty()).collect();
    set.into_iter().map(|v| (v.clone(), v)).collect()
}

/// Whether a change holds every word (lower-cased) in its kind (id or label), object, parameter,
/// message or evidence paths.
pub fn matches_words(change: &ApiChange, words: &[String]) -> bool {
    let mut text = format!(
        "{} {} {} {} {} {}",
        change.kind.as_str(),
        change.kind.definition().label,
        change.severity.as_str(),
        change.object,
        change.public_path,
        change.message
    );
    for part in [change.parameter.as_deref()]
        .into_iter()
        .flatten()
        .chain(change.baseline.iter().map(|e| e.path.as_str()))
        .chain(change.current.iter().map(|e| e.path.as_str()))
    {
        text.push(' ');
        text.push_str(part);
    }
    let text = text.to_lowercase();
    words.iter().all(|word| text.contains(word.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Severity;

    fn sample() -> Report {
        let (baseline, current) = crate::sample::trees();
        crate::analyse(&baseline, &current)
    }

    fn shown<'r>(report: &'r Report, view: &View) -> Vec<&'r ApiChange> {
        let changes = &report.api_changes;
        ordered(changes, 0..changes.len(), view).into_iter().filter_map(|i| changes.get(i)).collect()
    }

    fn set(values: &[&str]) -> BTreeSet<String> {
        values.iter().map(|v| (*v).to_owned()).collect()
    }

    #[test]
    fn the_fragment_round_trips_every_field() {
        let view = View {
            text: "charge 100% & more/é".into(),
            severity: set(&["breaking", "warning"]),
            kind: set(&["parameter_removed"]),
            module: set(&["payments.client", "payments.models"]),
            hide_annotations: true,
            rule: "import_cycle".into(),
            sort: "module".into(),
            finding: "api/payments.client.Client.charge#a b".into(),
        };
        let fragment = view.to_fragment();
        assert!(!fragment.contains(' ') && !fragment.contains("& ") && !fragment.contains('#'), "{fragment}");
        assert!(
            fragment.contains("severity=breaking,warning") && fragment.contains("annotations=hide"),
            "{fragment}"
        );
        assert_eq!(View::from_fragment(&fragment), view);
        assert_eq!(View::default().to_fragment(), "");
        assert_eq!(View { sort: "kind".into(), ..View::default() }.to_fragment(), "sort=kind");
        // A value holding a comma stays one value.
        let comma = View { text: "a,b".into(), ..View::default() };
        assert_eq!(View::from_fragment(&comma.to_fragment()), comma);
    }

    #[test]
    fn a_fragment_keeps_only_known_keys_and_drops_what_does_not_decode() {
        let view = View::from_fragment("report=abc&q=a%20b&unknown=1&severity&kind=%FF%FE");
        assert_eq!(view, View { text: "a b".into(), ..View::default() });
        assert_eq!(View::from_fragment(""), View::default());
    }

    #[test]
    fn toggling_opens_and_closes_a_finding_and_facet_values() {
        let view = View { kind: set(&["x"]), ..View::default() };
        let open = view.toggled("api/a");
        assert_eq!((open.finding.as_str(), open.kind.clone()), ("api/a", set(&["x"])));
        assert_eq!(open.toggled("api/a"), view);
        assert_eq!(open.toggled("api/b").finding, "api/b");
        let both = view.with_toggled(Facet::Kind, "y");
        assert_eq!(both.kind, set(&["x", "y"]));
        assert_eq!(both.with_toggled(Facet::Kind, "x").kind, set(&["y"]));
        let cleared = View { sort: "kind".into(), finding: "api/a".into(), ..both.clone() }.cleared();
        assert_eq!(cleared, View { sort: "kind".into(), finding: "api/a".into(), ..View::default() });
        assert!(both.filters_changes() && !cleared.filters_changes());
    }

    #[test]
    fn offered_clears_what_the_report_cannot_show() {
        let report = sample();
        let first = report.api_changes.first().expect("the sample has changes");
        let kept = View {
            severity: set(&["breaking"]),
            kind: set(&[first.kind.as_str()]),
            module: set(&[&first.module]),
            sort: "object".into(),
            text: "anything".into(),
            ..View::default()
        };
        assert_eq!(offered(kept.clone(), &report), kept);
        let foreign = View {
            severity: set(&["fatal", "breaking"]),
            kind: set(&["no_such_kind"]),
            module: set(&["elsewhere"]),
            hide_annotations: true,
            rule: "no_such_rule".into(),
            sort: "size".into(),
            text: "kept".into(),
            finding: "api/kept".into(),
        };
        let cleared = offered(foreign, &report);
        let expected = View {
            text: "kept".into(),
            finding: "api/kept".into(),
            severity: set(&["breaking"]),
            hide_annotations: true,
            ..View::default()
        };
        assert_eq!(cleared, expected);
    }

    #[test]
    fn filters_let_through_exactly_the_matching_changes() {
        let report = sample();
        let all = shown(&report, &View::default());
        assert_eq!(all.len(), report.api_changes.len(), "no filter shows everything in the report's order");
        assert!(all.iter().zip(&report.api_changes).all(|(a, b)| std::ptr::eq(*a, b)));

        let breaking = shown(&report, &View { severity: set(&["breaking"]), ..View::default() });
        assert!(!breaking.is_empty() && breaking.iter().all(|c| c.severity == Severity::Breaking));
        assert_eq!(breaking.len(), report.summary.breaking);
        let two = shown(&report, &View { severity: set(&["breaking", "additive"]), ..View::default() });
        assert_eq!(two.len(), report.summary.breaking + report.summary.additive, "a set is a union");

        let module = report.api_changes.iter().map(|c| c.module.clone()).find(|m| !m.is_empty()).unwrap();
        let in_module = shown(&report, &View { module: set(&[&module]), ..View::default() });
        assert!(!in_module.is_empty() && in_module.iter().all(|c| c.module == module));
        assert!(in_module.iter().all(|c| c.object == module || c.object.starts_with(&format!("{module}."))));

        // Every word must match, in any case, anywhere in the change's text (labels too).
        let first = report.api_changes.first().unwrap();
        let words = format!("{} {}", first.kind.as_str().to_uppercase(), first.object);
        let found = shown(&report, &View { text: words, ..View::default() });
        assert!(found.iter().any(|c| std::ptr::eq(*c, first)));
        assert!(found.iter().all(|c| c.kind == first.kind));
        let by_label =
            shown(&report, &View { text: first.kind.definition().label.to_owned(), ..View::default() });
        assert!(by_label.iter().any(|c| std::ptr::eq(*c, first)));
        assert!(shown(&report, &View { text: format!("{} zzz-nowhere", first.object), ..View::default() })
            .is_empty());

        // A range shows only its part.
        let part = ordered(&report.api_changes, 1..3, &View::default());
        assert_eq!(part, vec![1, 2]);
    }

    #[test]
    fn annotation_only_changes_can_be_hidden() {
        let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/parameter_annotation_changed");
        let read = |side: &str| crate::intake::folder::read(&fixture.join(side), side).expect("the fixture");
        let report = crate::analyse(&read("baseline"), &read("current"));
        let annotations = report.api_changes.iter().filter(|c| c.kind.is_annotation_only()).count();
        assert!(annotations > 0, "the sample has annotation changes");
        let hidden_view = View { hide_annotations: true, ..View::default() };
        let rest = shown(&report, &hidden_view);
        assert_eq!(rest.len(), report.api_changes.len() - annotations);
        assert!(rest.iter().all(|c| !c.kind.is_annotation_only()));
        let changes = &report.api_changes;
        assert_eq!(hidden(changes, 0..changes.len(), &hidden_view), annotations);
    }

    #[test]
    fn sorts_by_object_kind_or_module() {
        let report = sample();
        let by = |sort: &str| shown(&report, &View { sort: sort.into(), ..View::default() });
        let objects: Vec<&str> = by("object").iter().map(|c| c.object.as_str()).collect();
        assert!(objects.windows(2).all(|w| w[0] <= w[1]), "{objects:?}");
        let kinds: Vec<(&str, &str)> =
            by("kind").iter().map(|c| (c.kind.as_str(), c.object.as_str())).collect();
        assert!(kinds.windows(2).all(|w| w[0] <= w[1]), "{kinds:?}");
        let modules: Vec<(&str, &str)> =
            by("module").iter().map(|c| (c.module.as_str(), c.object.as_str())).collect();
        assert!(modules.windows(2).all(|w| w[0] <= w[1]), "{modules:?}");
    }

    #[test]
    fn facet_options_count_under_the_other_filters() {
        let report = sample();
        let changes = &report.api_changes;
        let severities = facet_options(changes, &View::default(), Facet::Severity);
        let values: Vec<&str> = severities.iter().map(|o| o.value.as_str()).collect();
        let present: Vec<&str> = ["breaking", "warning", "additive"]
            .into_iter()
            .filter(|s| changes.iter().any(|c| c.severity.as_str() == *s))
            .collect();
        assert_eq!(values, present, "in severity order");
        assert_eq!(severities.iter().map(|o| o.count).sum::<usize>(), changes.len());
        // Choosing a severity does not change the severity counts, but narrows the kinds'.
        let breaking = View { severity: set(&["breaking"]), ..View::default() };
        assert_eq!(
            facet_options(changes, &breaking, Facet::Severity),
            severities
                .iter()
                .map(|o| FacetOption { selected: o.value == "breaking", ..o.clone() })
                .collect::<Vec<_>>()
        );
        let kinds = facet_options(changes, &breaking, Facet::Kind);
        assert_eq!(kinds.iter().map(|o| o.count).sum::<usize>(), report.summary.breaking);
        let first = kinds.first().expect("kinds");
        assert_eq!(
            first.label,
            crate::catalogue::ChangeKind::from_id(&first.value).unwrap().definition().label
        );
        let counts = kind_counts(changes);
        assert_eq!(counts.iter().map(|(_, n)| n).sum::<usize>(), changes.len());
        assert!(
            counts.windows(2).all(|w| w[0].1 > w[1].1 || (w[0].1 == w[1].1 && w[0].0 < w[1].0)),
            "{counts:?}"
        );
        let options = distinct(["b", "", "a", "b"].into_iter().map(String::from));
        assert_eq!(options, vec![("a".into(), "a".into()), ("b".into(), "b".into())]);
    }
}
