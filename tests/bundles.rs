//! Git bundles made by real git (`tests/fixtures/bundles/make.sh`): refs, history, revision
//! expressions, thin and v3 bundles, SHA-256 refusal, damaged files — and the promise that a
//! bundle diff gives the same API changes as the folder diff of the same trees.

use std::path::{Path, PathBuf};

use stability_lens::intake::archive::Limits;
use stability_lens::intake::bundle::{Bundle, BundleError};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bundles").join(name)
}

fn open(name: &str) -> Result<Bundle, BundleError> {
    Bundle::open(&std::fs::read(fixture(name)).unwrap(), &Limits::default())
}

#[test]
fn reads_refs_history_and_revisions() {
    let bundle = open("linear.bundle").unwrap();
    assert_eq!(bundle.version, 2);
    let names: Vec<&str> = bundle.refs.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["refs/heads/main", "refs/tags/v1.4.0", "refs/tags/v2.0.0", "HEAD"]);
    let history = bundle.history(100);
    let subjects: Vec<&str> = history.iter().map(|c| c.subject.as_str()).collect();
    assert_eq!(
        subjects,
        [
            "Release 2.0.0",
            "Webhooks and disputes; drop parse_amount",
            "Client: idempotency keys, list_charges pagination, stream_events",
            "Release 1.4.0"
        ]
    );
    assert_eq!(history[0].author, "Ada Reviewer");
    // HEAD~3 is the first release; the annotated tag v2.0.0 peels to HEAD.
    assert_eq!(bundle.resolve("HEAD~3").unwrap(), bundle.resolve("v1.4.0").unwrap());
    assert_eq!(bundle.resolve("v2.0.0").unwrap(), bundle.resolve("HEAD").unwrap());
    assert_eq!(bundle.resolve("refs/heads/main~1").unwrap(), bundle.resolve("HEAD^").unwrap());
    let short = history[1].id.short();
    assert_eq!(bundle.resolve(&short).unwrap(), history[1].id);
    assert_eq!(bundle.default_revisions(), Some(("HEAD~3".into(), "HEAD".into())));
    let range = bundle.range(bundle.resolve("HEAD~3").unwrap(), bundle.resolve("HEAD").unwrap());
    assert_eq!(range.len(), 3);
    let error = bundle.resolve("HEAD~9").unwrap_err().to_string();
    assert!(error.contains("only 3 commit(s) before `HEAD`"), "{error}");
    assert!(bundle
        .resolve("nope")
        .unwrap_err()
        .to_string()
        .contains("no branch, tag or commit called `nope`"));
}

#[test]
fn bundle_diff_equals_folder_diff() {
    let bundle = open("linear.bundle").unwrap();
    let baseline = bundle.tree(bundle.resolve("v1.4.0").unwrap(), "v1.4.0").unwrap();
    let current = bundle.tree(bundle.resolve("HEAD").unwrap(), "HEAD").unwrap();
    let from_bundle = stability_lens::analyse(&baseline, &current);
    let (folder_baseline, folder_current) = stability_lens::sample::trees();
    let from_folders = stability_lens::analyse(&folder_baseline, &folder_current);
    assert_eq!(from_bundle.api_changes, from_folders.api_changes);
    assert_eq!(from_bundle.files, from_folders.files);
    assert_eq!(from_bundle.problems.len(), from_folders.problems.len());
}

#[test]
fn one_file_reads_the_same_bytes_as_the_whole_tree() {
    let bundle = open("linear.bundle").unwrap();
    let head = bundle.resolve("HEAD").unwrap();
    let tree = bundle.tree(head, "HEAD").unwrap();
    assert!(tree.len() > 3);
    for (path, bytes) in tree.files() {
        assert_eq!(bundle.file(head, path).unwrap().as_deref(), Some(bytes), "{path}");
    }
    let first = tree.paths().next().unwrap().to_owned();
    assert_eq!(bundle.file(head, "no/such/file.py").unwrap(), None);
    assert_eq!(bundle.file(head, &format!("{first}/below")).unwrap(), None);
    let directory = tree.paths().find_map(|p| p.split_once('/').map(|(d, _)| d.to_owned())).unwrap();
    assert_eq!(bundle.file(head, &directory).unwrap(), None, "a directory is not a file");
}

#[test]
fn reads_merges_v3_and_thin_bundles() {
    let merges = open("merges.bundle").unwrap();
    let merge = merges.resolve("main").unwrap();
    assert_eq!(merges.commit(&merge).unwrap().parents.len(), 2);
    assert_eq!(merges.resolve("main^2").unwrap(), merges.resolve("feature").unwrap());
    let tree = merges.tree(merge, "main").unwrap();
    assert!(tree.contains("payments/bulk.py"));

    let v3 = open("v3.bundle").unwrap();
    assert_eq!(v3.version, 3);
    assert_eq!(v3.history(10).len(), 4);

    // v1.4.0..main: builds on v1.4.0, which it does not contain.
    let thin = open("thin.bundle").unwrap();
    assert_eq!(thin.prerequisites.len(), 1);
    assert!(!thin.missing().is_empty());
    assert_eq!(thin.history(10).len(), 3);
    // Its history and refs are readable; a tree that needs objects of the prerequisite is refused
    // with the reason, not built incomplete (missing files would read as removed modules).
    let main = thin.resolve("main").unwrap();
    let error = thin.tree(main, "main").err().unwrap().to_string();
    assert!(
        error.contains("object(s) missing")
            && error.contains("thin bundle builds on ")
            && error.contains("(Release 1.4.0)"),
        "{error}"
    );
    let error = thin.resolve("HEAD~3").unwrap_err().to_string();
    assert!(error.contains("HEAD~3"), "{error}");
}

#[test]
fn refuses_what_it_cannot_read_with_a_reason() {
    let sha256 = open("sha256.bundle").err().unwrap().to_string();
    assert!(sha256.contains("sha256") && sha256.contains("not supported"), "{sha256}");
    let truncated = open("truncated.bundle").err().unwrap().to_string();
    assert!(truncated.contains("truncated") || truncated.contains("checksum"), "{truncated}");
    let flipped = open("flipped.bundle").err().unwrap().to_string();
    assert!(flipped.contains("checksum mismatch"), "{flipped}");
    let delta = open("delta-out-of-range.bundle").err().unwrap().to_string();
    assert!(
        delta.contains("delta at offset") && delta.contains("copies bytes 65535..65540 from a base of"),
        "{delta}"
    );
    let header = open("no-header.bundle").err().unwrap().to_string();
    assert!(header.starts_with("not a git bundle"), "{header}");
}

/// Real history: flask's PyPI releases 2.2.5, 2.3.3, 3.0.0 and 3.0.3 as commits of one
/// repository (`scripts/make-release-bundle.sh flask 2.2.5 2.3.3 3.0.0 3.0.3`, which the
/// README's test command runs). The bundle diff of two tags equals the folder diff of the same
/// releases, and HEAD~3..HEAD spans all four.
#[test]
fn release_history_bundle_equals_folder_diff() {
    let corpus =
        PathBuf::from(std::env::var("STABILITY_LENS_CORPUS").unwrap_or_else(|_| "/tmp/corpus".into()));
    let path = corpus.join("bundles/flask.bundle");
    assert!(
        path.is_file(),
        "missing {}: run scripts/make-release-bundle.sh flask 2.2.5 2.3.3 3.0.0 3.0.3",
        path.display()
    );
    let bundle = Bundle::open(&std::fs::read(&path).unwrap(), &Limits::default()).unwrap();
    assert_eq!(bundle.default_revisions(), Some(("HEAD~3".into(), "HEAD".into())));
    assert_eq!(bundle.resolve("HEAD~3").unwrap(), bundle.resolve("v2.2.5").unwrap());
    let old = bundle.resolve("v2.3.3").unwrap();
    let new = bundle.resolve("v3.0.3").unwrap();
    let subjects: Vec<String> = bundle.range(old, new).into_iter().map(|c| c.subject).collect();
    assert_eq!(subjects, ["flask 3.0.3", "flask 3.0.0"]);
    let from_bundle =
        stability_lens::analyse(&bundle.tree(old, "v2.3.3").unwrap(), &bundle.tree(new, "v3.0.3").unwrap());
    let read = |v: &str| stability_lens::intake::folder::read(&corpus.join("flask").join(v), v).unwrap();
    let from_folders = stability_lens::analyse(&read("2.3.3"), &read("3.0.3"));
    assert_eq!(from_bundle.api_changes, from_folders.api_changes);
    assert!(!from_bundle.api_changes.is_empty());
}
