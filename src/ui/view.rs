//! The report screen's view-model: what the reviewer has narrowed the report to — the filters,
//! the sort and the open finding — which changes that lets through and in what order, the counts
//! and options the filter bar offers, and the view's mirror in the page address's fragment
//! (`#q=…&severity=…&finding=…`), so reloading keeps the view and a shared link can point at one
//! finding. Plain Rust, built and tested natively; [`super::address`] reads and writes the real
//! address, and the components render what this module computes.

use crate::report::{ApiChange, Report};

/// The view; every field is empty when unset.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct View {
    /// Words every shown change must contain.
    pub text: String,
    /// `breaking`, `warning` or `additive`.
    pub severity: String,
    /// A change kind (`parameter_removed`, …).
    pub kind: String,
    /// A module (`payments.client`).
    pub module: String,
    /// A compliance rule id.
    pub rule: String,
    /// `object`, `kind` or `module`; empty: by severity, as the report orders changes.
    pub sort: String,
    /// The open finding's id (`api/…`, `rule/…`).
    pub finding: String,
}

const KEYS: [&str; 7] = ["q", "severity", "kind", "module", "rule", "sort", "finding"];

impl View {
    fn field_mut(&mut self, key: &str) -> Option<&mut String> {
        Some(match key {
            "q" => &mut self.text,
            "severity" => &mut self.severity,
            "kind" => &mut self.kind,
            "module" => &mut self.module,
            "rule" => &mut self.rule,
            "sort" => &mut self.sort,
            "finding" => &mut self.finding,
            _ => return None,
        })
    }

    fn field(&self, key: &str) -> &str {
        match key {
            "q" => &self.text,
            "severity" => &self.severity,
            "kind" => &self.kind,
            "module" => &self.module,
            "rule" => &self.rule,
            "sort" => &self.sort,
            "finding" => &self.finding,
            _ => "",
        }
    }

    /// The view with `id` opened, or closed when it is the open finding.
    pub fn toggled(&self, id: &str) -> View {
        let finding = if self.finding == id { String::new() } else { id.to_owned() };
        View { finding, ..self.clone() }
    }

    /// The view a fragment (without `#`) describes; unknown keys and a report's data are ignored.
    pub fn from_fragment(fragment: &str) -> View {
        let mut view = View::default();
        for part in fragment.split('&') {
            let (key, value) = part.split_once('=').unwrap_or((part, ""));
            if let Some(field) = view.field_mut(key) {
                *field = percent_decode(value);
            }
        }
        view
    }

    /// The fragment for this view (without `#`): only the fields that are set.
    pub fn to_fragment(&self) -> String {
        KEYS.iter()
            .filter(|key| !self.field(key).is_empty())
            .map(|key| format!("{key}={}", crate::render::percent_encode(self.field(key), b"-_.~/:")))
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
/// view of another report): a filter nothing matches would show an empty table under a
/// drop-down reading "All".
pub fn offered(mut view: View, report: &Report) -> View {
    let changes = &report.api_changes;
    if !["breaking", "warning", "additive"].contains(&view.severity.as_str()) {
        view.severity.clear();
    }
    if !changes.iter().any(|c| c.kind.as_str() == view.kind) {
        view.kind.clear();
    }
    if !changes.iter().any(|c| c.module == view.module) {
        view.module.clear();
    }
    if !report.compliance.findings.iter().any(|f| f.rule.as_str() == view.rule) {
        view.rule.clear();
    }
    if !["object", "kind", "module"].contains(&view.sort.as_str()) {
        view.sort.clear();
    }
    view
}

/// The changes in `range` that the view's filters let through, in the view's order.
pub fn ordered(changes: &[ApiChange], range: std::ops::Range<usize>, view: &View) -> Vec<usize> {
    let words: Vec<String> = view.text.split_whitespace().map(str::to_lowercase).collect();
    let mut order: Vec<usize> = range
        .filter(|&index| {
            changes.get(index).is_some_and(|change| {
                (view.severity.is_empty() || change.severity.as_str() == view.severity)
                    && (view.kind.is_empty() || change.kind.as_str() == view.kind)
                    && (view.module.is_empty() || change.module == view.module)
                    && (words.is_empty() || matches_words(change, &words))
            })
        })
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

/// The distinct values, sorted, as (value, label) options.
pub fn distinct(values: impl Iterator<Item = String>) -> Vec<(String, String)> {
    let set: std::collections::BTreeSet<String> = values.filter(|v| !v.is_empty()).collect();
    set.into_iter().map(|v| (v.clone(), v)).collect()
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

/// Whether a change holds every word (lower-cased) in its kind, object, parameter, message or
/// evidence paths.
pub fn matches_words(change: &ApiChange, words: &[String]) -> bool {
    let mut text = format!(
        "{} {} {} {} {}",
        change.kind.as_str(),
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

    #[test]
    fn the_fragment_round_trips_every_field() {
        let view = View {
            text: "charge 100% & more/é".into(),
            severity: "breaking".into(),
            kind: "parameter_removed".into(),
            module: "payments.client".into(),
            rule: "import_cycle".into(),
            sort: "module".into(),
            finding: "api/payments.client.Client.charge#a b".into(),
        };
        let fragment = view.to_fragment();
        assert!(!fragment.contains(' ') && !fragment.contains("& ") && !fragment.contains('#'), "{fragment}");
        assert_eq!(View::from_fragment(&fragment), view);
        assert_eq!(View::default().to_fragment(), "");
        assert_eq!(View { sort: "kind".into(), ..View::default() }.to_fragment(), "sort=kind");
    }

    #[test]
    fn a_fragment_keeps_only_known_keys_and_drops_what_does_not_decode() {
        let view = View::from_fragment("report=abc&q=a%20b&unknown=1&severity&kind=%FF%FE");
        assert_eq!(view, View { text: "a b".into(), ..View::default() });
        assert_eq!(View::from_fragment(""), View::default());
    }

    #[test]
    fn toggling_opens_and_closes_a_finding() {
        let view = View { kind: "x".into(), ..View::default() };
        let open = view.toggled("api/a");
        assert_eq!((open.finding.as_str(), open.kind.as_str()), ("api/a", "x"));
        assert_eq!(open.toggled("api/a"), view);
        assert_eq!(open.toggled("api/b").finding, "api/b");
    }

    #[test]
    fn offered_clears_what_the_report_cannot_show() {
        let report = sample();
        let first = report.api_changes.first().expect("the sample has changes");
        let kept = View {
            severity: "breaking".into(),
            kind: first.kind.as_str().into(),
            module: first.module.clone(),
            sort: "object".into(),
            text: "anything".into(),
            ..View::default()
        };
        assert_eq!(offered(kept.clone(), &report), kept);
        let foreign = View {
            severity: "fatal".into(),
            kind: "no_such_kind".into(),
            module: "elsewhere".into(),
            rule: "no_such_rule".into(),
            sort: "size".into(),
            text: "kept".into(),
            finding: "api/kept".into(),
        };
        let cleared = offered(foreign, &report);
        assert_eq!(cleared, View { text: "kept".into(), finding: "api/kept".into(), ..View::default() });
    }

    #[test]
    fn filters_let_through_exactly_the_matching_changes() {
        let report = sample();
        let all = shown(&report, &View::default());
        assert_eq!(all.len(), report.api_changes.len(), "no filter shows everything in the report's order");
        assert!(all.iter().zip(&report.api_changes).all(|(a, b)| std::ptr::eq(*a, b)));

        let breaking = shown(&report, &View { severity: "breaking".into(), ..View::default() });
        assert!(!breaking.is_empty() && breaking.iter().all(|c| c.severity == Severity::Breaking));
        assert_eq!(breaking.len(), report.summary.breaking);

        let module = report.api_changes.iter().map(|c| c.module.clone()).find(|m| !m.is_empty()).unwrap();
        let in_module = shown(&report, &View { module: module.clone(), ..View::default() });
        assert!(!in_module.is_empty() && in_module.iter().all(|c| c.module == module));
        assert!(in_module.iter().all(|c| c.object == module || c.object.starts_with(&format!("{module}."))));

        // Every word must match, in any case, anywhere in the change's text.
        let first = report.api_changes.first().unwrap();
        let words = format!("{} {}", first.kind.as_str().to_uppercase(), first.object);
        let found = shown(&report, &View { text: words, ..View::default() });
        assert!(found.iter().any(|c| std::ptr::eq(*c, first)));
        assert!(found.iter().all(|c| c.kind == first.kind));
        assert!(shown(&report, &View { text: format!("{} zzz-nowhere", first.object), ..View::default() })
            .is_empty());

        // A range shows only its part.
        let part = ordered(&report.api_changes, 1..3, &View::default());
        assert_eq!(part, vec![1, 2]);
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
    fn counts_and_options() {
        let report = sample();
        let counts = kind_counts(&report.api_changes);
        assert_eq!(counts.iter().map(|(_, n)| n).sum::<usize>(), report.api_changes.len());
        assert!(
            counts.windows(2).all(|w| w[0].1 > w[1].1 || (w[0].1 == w[1].1 && w[0].0 < w[1].0)),
            "{counts:?}"
        );
        let options = distinct(["b", "", "a", "b"].into_iter().map(String::from));
        assert_eq!(options, vec![("a".into(), "a".into()), ("b".into(), "b".into())]);
    }
}
