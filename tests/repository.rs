//! `stability-lens diff --repo PATH`: a checkout read directly, on repositories real `git` builds
//! here — loose and packed objects, packed refs, annotated tags, index versions 2 to 4, a linked
//! worktree, `.gitignore` at several depths — checked against what `git` itself says (its
//! `ls-files`, its `merge-base`) and against the bundle path on the same commits; and bad input
//! (a shallow clone missing the baseline, a SHA-256 repository, a damaged object) gets one line
//! and exit code 2.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use stability_lens::intake::repository::files::DiskFiles;
use stability_lens::intake::repository::{index, Repository};

fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_SYSTEM", "/dev/null")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .output()
        .expect("git runs");
    assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn cli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stability-lens")).args(args).output().expect("the binary runs")
}

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A library with history: `main` (v1.0 → v1.1, annotated tag v1.1), a `feature` branch off v1.0
/// with a commit, then uncommitted changes, an untracked module, and ignored files.
fn library(name: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("stability-repo-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).unwrap();
    git(&root, &["init", "-q", "-b", "main"]);
    write(&root, "pyproject.toml", "[project]\nname = \"shop\"\nversion = \"1.0.0\"\n");
    write(&root, "shop/__init__.py", "from .cart import Cart\n");
    write(&root, "shop/cart.py", "class Cart:\n    def add(self, item, quantity=1):\n        return item\n\n    def total(self):\n        return 0\n");
    write(&root, ".gitignore", "*.log\n/build/\n!keep.log\n");
    write(&root, "shop/vendor/.gitignore", "*.py\n!api.py\n");
    write(&root, "shop/vendor/api.py", "def call():\n    pass\n");
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-q", "-m", "v1.0"]);
    git(&root, &["tag", "v1.0"]);
    write(&root, "shop/cart.py", "class Cart:\n    def add(self, item, quantity=1, *, note=None):\n        return item\n\n    def total(self):\n        return 0\n");
    write(&root, "pyproject.toml", "[project]\nname = \"shop\"\nversion = \"1.1.0\"\n");
    git(&root, &["commit", "-q", "-am", "v1.1: add(note=)"]);
    git(&root, &["tag", "-a", "v1.1", "-m", "release 1.1"]);
    git(&root, &["checkout", "-q", "-b", "feature", "v1.0"]);
    write(&root, "shop/cart.py", "class Cart:\n    def add(self, item):\n        return item\n\n    def total(self):\n        return 0\n");
    git(&root, &["commit", "-q", "-am", "feature: drop quantity"]);
    // Uncommitted: total() removed; an untracked module; ignored files; a tracked file in an
    // ignored folder (added with -f), which the working tree keeps.
    write(&root, "shop/cart.py", "class Cart:\n    def add(self, item):\n        return item\n");
    write(&root, "shop/checkout.py", "def pay(cart):\n    return cart\n");
    write(&root, "debug.log", "noise");
    write(&root, "build/gen.py", "def generated():\n    pass\n");
    write(&root, "shop/vendor/ignored.py", "def hidden():\n    pass\n");
    write(&root, "build/tracked.py", "def kept():\n    pass\n");
    git(&root, &["add", "-f", "build/tracked.py"]);
    root
}

fn json(args: &[&str]) -> serde_json::Value {
    let output = cli(args);
    assert!(matches!(output.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("a JSON report")
}

fn objects(report: &serde_json::Value) -> BTreeSet<(String, String)> {
    report["api_changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["kind"].as_str().unwrap().to_owned(), c["object"].as_str().unwrap().to_owned()))
        .collect()
}

#[test]
fn the_working_tree_against_the_merge_base_by_default() {
    let root = library("default");
    let path = root.to_str().unwrap();
    let report = json(&["diff", "--repo", path, "--format", "json"]);
    // The merge base of feature with main is v1.0, as git says.
    let base = git(&root, &["merge-base", "HEAD", "main"]).trim().to_owned();
    assert_eq!(report["history"]["baseline"]["commit"], base.as_str());
    assert_eq!(report["history"]["current"]["revision"], "working tree");
    assert_eq!(report["history"]["commits"].as_array().unwrap().len(), 1, "feature's one commit");
    assert!(report["current"]["label"].as_str().unwrap().ends_with("(working tree)"));
    let changes = objects(&report);
    assert!(changes.contains(&("parameter_removed".into(), "shop.cart.Cart.add".into())), "{changes:?}");
    assert!(
        changes.contains(&("object_removed".into(), "shop.cart.Cart.total".into())),
        "uncommitted: {changes:?}"
    );
    assert!(changes.contains(&("module_added".into(), "shop.checkout".into())), "untracked: {changes:?}");
    // The working tree as git status sees it: ignored files left out, tracked ones kept.
    let files: BTreeSet<&str> =
        report["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert!(files.contains("shop/checkout.py") && files.contains("build/tracked.py"), "{files:?}");
    for ignored in ["debug.log", "build/gen.py", "shop/vendor/ignored.py"] {
        assert!(!files.contains(ignored), "{ignored} is ignored: {files:?}");
    }
    let _ = std::fs::remove_dir_all(root);
}

#[test]
fn two_revisions_give_the_bundles_report_loose_or_packed() {
    let root = library("revisions");
    let path = root.to_str().unwrap();
    let bundle = root.join("all.bundle");
    git(&root, &["bundle", "create", "-q", bundle.to_str().unwrap(), "--all"]);
    let normalised = |mut report: serde_json::Value| {
        for side in ["baseline", "current"] {
            report[side]["label"] = serde_json::Value::Null;
        }
        report["history"]["source"] = serde_json::Value::Null;
        report
    };
    let from_bundle = normalised(json(&[
        "diff",
        "--bundle",
        bundle.to_str().unwrap(),
        "--baseline",
        "v1.0",
        "--current",
        "v1.1",
        "--format",
        "json",
    ]));
    let loose = normalised(json(&[
        "diff",
        "--repo",
        path,
        "--baseline",
        "v1.0",
        "--current",
        "v1.1",
        "--format",
        "json",
    ]));
    assert_eq!(loose, from_bundle, "loose objects");
    assert!(objects(&loose).contains(&("parameter_added_optional".into(), "shop.cart.Cart.add".into())));
    assert_eq!(loose["history"]["current"]["tags"], serde_json::json!(["v1.1"]), "the annotated tag, peeled");
    git(&root, &["gc", "-q"]);
    git(&root, &["pack-refs", "--all"]);
    assert!(!root.join(".git/refs/tags/v1.1").exists(), "the tag is in packed-refs now");
    let packed = normalised(json(&[
        "diff",
        "--repo",
        path,
        "--baseline",
        "v1.0",
        "--current",
        "main",
        "--format",
        "json",
    ]));
    let mut expected = from_bundle.clone();
    expected["history"]["current"]["revision"] = "main".into();
    assert_eq!(packed, expected, "packed objects and refs");
    let _ = std::fs::remove_dir_all(root);
}

#[test]
fn the_index_is_read_as_git_lists_it_in_every_version() {
    let root = library("index");
    for version in ["2", "3", "4"] {
        git(&root, &["update-index", "--index-version", version]);
        let listed: BTreeSet<String> = git(&root, &["ls-files"]).lines().map(str::to_owned).collect();
        let bytes = std::fs::read(root.join(".git/index")).unwrap();
        assert_eq!(index::tracked_paths(&bytes).unwrap(), listed, "index version {version}");
    }
    let _ = std::fs::remove_dir_all(root);
}

#[test]
fn a_linked_worktree_and_a_detached_head() {
    let root = library("worktree");
    let linked = root.with_extension("linked");
    let _ = std::fs::remove_dir_all(&linked);
    git(&root, &["worktree", "add", "-q", "--detach", linked.to_str().unwrap(), "v1.1"]);
    assert!(linked.join(".git").is_file(), "a .git file that points to the main repository");
    let repository = Repository::open(&DiskFiles, linked.to_str().unwrap(), &Default::default()).unwrap();
    assert_eq!(repository.head_branch, None, "detached");
    assert_eq!(
        repository.resolve("HEAD").unwrap().to_string(),
        git(&root, &["rev-parse", "v1.1^{commit}"]).trim()
    );
    assert_eq!(repository.default_branch().as_deref(), Some("main"));
    let report =
        json(&["diff", "--repo", linked.to_str().unwrap(), "--baseline", "v1.0", "--format", "json"]);
    assert!(objects(&report).contains(&("parameter_added_optional".into(), "shop.cart.Cart.add".into())));
    let _ = std::fs::remove_dir_all(root);
    let _ = std::fs::remove_dir_all(linked);
}

fn fails_with(args: &[&str], pattern: &str) {
    let output = cli(args);
    assert_eq!(output.status.code(), Some(2), "{args:?}: {}", String::from_utf8_lossy(&output.stdout));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(stderr.contains(pattern), "{pattern:?} not in {stderr}");
}

#[test]
fn bad_repositories_get_one_line_and_exit_2() {
    let root = library("bad");
    let path = root.to_str().unwrap();
    // A shallow clone asked for a baseline it does not have.
    let shallow = root.with_extension("shallow");
    let _ = std::fs::remove_dir_all(&shallow);
    git(
        &std::env::temp_dir(),
        &[
            "clone",
            "-q",
            "--depth",
            "1",
            "--branch",
            "main",
            &format!("file://{path}"),
            shallow.to_str().unwrap(),
        ],
    );
    fails_with(&["diff", "--repo", shallow.to_str().unwrap(), "--baseline", "HEAD~1"], "shallow clone");
    fails_with(&["diff", "--repo", shallow.to_str().unwrap(), "--baseline", "v1.0"], "shallow clone");
    // SHA-256 object names.
    let sha256 = root.with_extension("sha256");
    let _ = std::fs::remove_dir_all(&sha256);
    std::fs::create_dir_all(&sha256).unwrap();
    git(&sha256, &["init", "-q", "--object-format=sha256"]);
    fails_with(&["diff", "--repo", sha256.to_str().unwrap()], "sha256 repository");
    // A damaged loose object.
    let object = std::fs::read_dir(root.join(".git/objects"))
        .unwrap()
        .flatten()
        .filter(|d| d.file_name().len() == 2)
        .flat_map(|d| std::fs::read_dir(d.path()).unwrap().flatten())
        .next()
        .unwrap()
        .path();
    let mut permissions = std::fs::metadata(&object).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    permissions.set_readonly(false);
    std::fs::set_permissions(&object, permissions).unwrap();
    std::fs::write(&object, b"not zlib").unwrap();
    fails_with(&["diff", "--repo", path, "--baseline", "v1.0", "--current", "v1.1"], "is damaged");
    // Not a repository at all.
    fails_with(&["diff", "--repo", std::env::temp_dir().to_str().unwrap()], "not a git repository");
    fails_with(&["diff", "a", "b", "--baseline", "v1"], "go with --bundle or --repo");
    let _ = std::fs::remove_dir_all(root);
    let _ = std::fs::remove_dir_all(shallow);
    let _ = std::fs::remove_dir_all(sha256);
}
