//! Real code: PyPI source distributions fetched by `scripts/fetch-corpus.py` (into
//! `$STABILITY_LENS_CORPUS`, default `/tmp/corpus`). Each assertion is a fact checked by reading
//! the two releases' source; the comments say where.
//!
//! These tests fail when the corpus is missing (the README's test command fetches it first): a
//! silently skipped real-code test would prove nothing.

use std::path::PathBuf;

use stability_lens::report::{ApiChange, Report, Verdict};

fn corpus() -> PathBuf {
    let root = PathBuf::from(std::env::var("STABILITY_LENS_CORPUS").unwrap_or_else(|_| "/tmp/corpus".into()));
    assert!(
        root.join("flask/3.0.3").is_dir(),
        "the real-code corpus is missing at {}: run scripts/fetch-corpus.py (or set STABILITY_LENS_CORPUS)",
        root.display()
    );
    root
}

fn analyse_pair(name: &str, old: &str, new: &str) -> Report {
    let root = corpus().join(name);
    let read = |version: &str| stability_lens::intake::folder::read(&root.join(version), version).unwrap();
    stability_lens::analyse(&read(old), &read(new))
}

fn find<'a>(report: &'a Report, kind: &str, object: &str) -> Option<&'a ApiChange> {
    report.api_changes.iter().find(|c| c.kind.as_str() == kind && c.object == object)
}

#[test]
fn flask_2_3_to_3_0() {
    let report = analyse_pair("flask", "2.3.3", "3.0.3");
    assert_eq!(report.verdict, Verdict::Breaking);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(report.baseline.packages, ["flask"]);

    // flask 3.0 removed `locked_cached_property` (deprecated in 2.3): helpers.py line 619 in 2.3.3,
    // gone from 3.0.3's helpers.py.
    let removed = find(&report, "object_removed", "flask.helpers.locked_cached_property")
        .expect("locked_cached_property");
    let baseline = removed.baseline.as_ref().unwrap();
    assert_eq!((baseline.path.as_str(), baseline.line), ("src/flask/helpers.py", 619));
    assert!(baseline.signature.starts_with("class locked_cached_property("));
    // `is_ip` (helpers.py:665 in 2.3.3) went too.
    let is_ip = find(&report, "object_removed", "flask.helpers.is_ip").expect("is_ip");
    assert_eq!(is_ip.baseline.as_ref().unwrap().signature, "def is_ip(value: str) -> bool");
    // src/flask/scaffold.py moved to src/flask/sansio/scaffold.py: `import flask.scaffold` fails.
    assert!(find(&report, "module_removed", "flask.scaffold").is_some());
    // flask/sansio/ has no __init__.py (a namespace portion inside the package) and is importable.
    assert!(find(&report, "module_added", "flask.sansio.app").is_some());
    assert!(find(&report, "module_added", "flask.sansio.scaffold").is_some());

    // Flask 3 moved most of Flask's and Blueprint's members into the base classes in
    // flask/sansio/ (App, Scaffold): they are inherited, still there, never "removed".
    for class in ["flask.app.Flask", "flask.blueprints.Blueprint"] {
        let removed: Vec<&str> = report
            .api_changes
            .iter()
            .filter(|c| c.kind.as_str() == "object_removed" && c.object.starts_with(&format!("{class}.")))
            .map(|c| c.object.as_str())
            .collect();
        // The one real removal: the deprecated `Flask.got_first_request` property (app.py:576).
        let expected: &[&str] =
            if class == "flask.app.Flask" { &["flask.app.Flask.got_first_request"] } else { &[] };
        assert_eq!(removed, expected, "members of {class} reported removed");
    }
    // `flask.escape` and `flask.Markup` were served by flask/__init__.py's `__getattr__`
    // deprecation shim in 2.3 and dropped in 3.0.
    assert!(find(&report, "object_removed", "flask.escape").is_some());
    assert!(find(&report, "object_removed", "flask.Markup").is_some());
    // `flask.Flask` is re-exported from flask.app: compared once, at its definition.
    assert!(!report.api_changes.iter().any(|c| c.object.starts_with("flask.Flask.")));
}

#[test]
fn django_4_2_to_5_0() {
    let report = analyse_pair("django", "4.2.11", "5.0.4");
    assert_eq!(report.baseline.python_files, 2761);
    // django/utils/timezone.py served `utc` from a `__getattr__` deprecation shim
    // (`if name != "utc": raise AttributeError`, line 45) in 4.2; 5.0 dropped it.
    let utc = find(&report, "object_removed", "django.utils.timezone.utc").expect("timezone.utc");
    assert_eq!(utc.baseline.as_ref().unwrap().line, 45);
    // 5.0 removed the deprecated `is_dst` parameter (timezone.py:272 in 4.2.11).
    assert!(report.api_changes.iter().any(|c| c.kind.as_str() == "parameter_removed"
        && c.object == "django.utils.timezone.make_aware"
        && c.parameter.as_deref() == Some("is_dst")));
    // django.utils.baseconv and django.utils.datetime_safe were deleted in 5.0.
    assert!(find(&report, "module_removed", "django.utils.baseconv").is_some());
    assert!(find(&report, "module_removed", "django.utils.datetime_safe").is_some());
    // RemovedInDjango51Warning moved from PendingDeprecationWarning to DeprecationWarning.
    let base = find(&report, "base_class_removed", "django.utils.deprecation.RemovedInDjango51Warning")
        .expect("base");
    assert_eq!(base.parameter.as_deref(), Some("PendingDeprecationWarning"));
    // IntegerChoices(int, Choices) became IntegerChoices(Choices, IntEnum): int is still an
    // ancestor through IntEnum, so no base was removed.
    assert!(find(&report, "base_class_removed", "django.db.models.enums.IntegerChoices").is_none());
}

#[test]
fn requests_2_28_to_2_32() {
    let report = analyse_pair("requests", "2.28.2", "2.32.3");
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    // 2.32 moved the package from requests/ to src/requests/: same modules, so no module change.
    assert_eq!(report.baseline.modules, report.current.modules);
    assert!(!report.api_changes.iter().any(|c| c.kind.as_str().starts_with("module_")));
    // HTTPAdapter.get_connection_with_tls_context was added in 2.32.2 (adapters.py:446 in 2.32.3).
    let added =
        find(&report, "object_added", "requests.adapters.HTTPAdapter.get_connection_with_tls_context")
            .expect("get_connection_with_tls_context");
    let current = added.current.as_ref().unwrap();
    assert_eq!((current.path.as_str(), current.line), ("src/requests/adapters.py", 446));
    assert_eq!(
        current.signature,
        "def get_connection_with_tls_context(self, request, verify, proxies=None, cert=None)"
    );
}
