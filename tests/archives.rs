//! Archives made by real `tar` and Python's `zipfile` (`tests/fixtures/archives/make.py`), hostile
//! ones included, and real sdists from the corpus: an archive diff gives the same API changes as
//! the folder diff of the same trees.

use std::path::{Path, PathBuf};

use stability_lens::intake::archive::{self, ArchiveError, Limits};
use stability_lens::intake::SourceTree;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/archives").join(name)
}

fn read(name: &str) -> Result<SourceTree, ArchiveError> {
    archive::read(&std::fs::read(fixture(name)).unwrap(), name, &Limits::default())
}

fn skipped(tree: &SourceTree) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> =
        tree.skipped.iter().map(|s| (s.path.clone(), s.reason.clone())).collect();
    out.sort();
    out
}

#[test]
fn every_archive_kind_gives_the_folder_tree() {
    let (folder_baseline, folder_current) = stability_lens::sample::trees();
    let sdist = read("payments-1.4.0.tar.gz").unwrap();
    assert_eq!(
        sdist.paths().collect::<Vec<_>>(),
        folder_baseline.paths().collect::<Vec<_>>(),
        "top directory stripped"
    );
    for name in ["payments-2.0.0.zip", "payments-2.0.0.tar"] {
        let tree = read(name).unwrap();
        assert_eq!(tree.paths().collect::<Vec<_>>(), folder_current.paths().collect::<Vec<_>>(), "{name}");
        let from_archives = stability_lens::analyse(&sdist, &tree);
        let from_folders = stability_lens::analyse(&folder_baseline, &folder_current);
        assert_eq!(from_archives.api_changes, from_folders.api_changes, "{name}");
    }
    // A wheel has two top-level directories (the package and its .dist-info): nothing stripped.
    let wheel = read("payments-2.0.0-py3-none-any.whl").unwrap();
    assert!(wheel.contains("payments/client.py") && wheel.contains("payments-2.0.0.dist-info/METADATA"));
    let report = stability_lens::analyse(&folder_current, &wheel);
    assert!(
        report.api_changes.is_empty(),
        "the wheel has the same API as the tree: {:?}",
        report.api_changes
    );
}

#[test]
fn hostile_entries_are_skipped_with_reasons() {
    let tar = read("hostile.tar").unwrap();
    assert_eq!(tar.paths().collect::<Vec<_>>(), ["pkg/__init__.py", "pkg/dup.py"]);
    assert_eq!(tar.get("pkg/dup.py"), Some(&b"second = 2\n"[..]), "the last duplicate wins");
    let reasons = skipped(&tar);
    let find =
        |path: &str| reasons.iter().find(|(p, _)| p == path).map(|(_, r)| r.clone()).unwrap_or_default();
    assert!(find("pkg/../../escape.py").contains("leaves the archive"), "{reasons:?}");
    assert!(find("/abs.py").contains("absolute"), "{reasons:?}");
    assert!(find("pkg/link.py").contains("link to `/etc/passwd`"), "{reasons:?}");
    assert!(find("pkg/hard.py").contains("link"), "{reasons:?}");
    assert!(find("pkg/fifo").contains("special file"), "{reasons:?}");
    assert!(find("pkg/dup.py").contains("duplicate"), "{reasons:?}");

    let zip = read("hostile.zip").unwrap();
    assert_eq!(zip.paths().collect::<Vec<_>>(), ["pkg/__init__.py"]);
    let reasons = skipped(&zip);
    assert!(
        reasons.iter().any(|(p, r)| p == "../escape.py" && r.contains("leaves the archive")),
        "{reasons:?}"
    );
    assert!(reasons.iter().any(|(p, r)| p == "pkg/link.py" && r.contains("symbolic link")), "{reasons:?}");
    assert!(reasons.iter().any(|(p, r)| p == "pkg/zeros.bin" && r.contains("archive bomb")), "{reasons:?}");

    // The skipped entries reach the report as problems; the rest is analysed.
    let report = stability_lens::analyse(&tar, &zip);
    assert!(report.problems.iter().any(|p| p.path == "pkg/../../escape.py" && p.side.as_str() == "baseline"));
}

#[test]
fn bad_archives_are_refused_with_a_reason() {
    let bomb = read("bomb.tar.gz").err().unwrap().to_string();
    assert!(bomb.contains("compression ratio") && bomb.contains("--max-compression-ratio"), "{bomb}");
    let truncated = read("truncated.tar.gz").err().unwrap().to_string();
    assert!(truncated.starts_with("corrupt tar.gz archive"), "{truncated}");
    let corrupt = read("corrupt.zip").err().unwrap().to_string();
    assert!(corrupt.starts_with("corrupt zip archive"), "{corrupt}");
    assert_eq!(read("not-an-archive.zip").err(), Some(ArchiveError::NotAnArchive));
    // Limits can be lowered (and raised): a two-entry limit refuses the sdist.
    let tight = Limits { max_entries: 2, ..Limits::default() };
    let error =
        archive::read(&std::fs::read(fixture("payments-1.4.0.tar.gz")).unwrap(), "x", &tight).err().unwrap();
    assert!(error.to_string().contains("number of entries exceeds the limit of 2"), "{error}");
}

#[test]
fn real_sdists_equal_their_unpacked_folders() {
    let corpus =
        PathBuf::from(std::env::var("STABILITY_LENS_CORPUS").unwrap_or_else(|_| "/tmp/corpus".into()));
    let sdist = |version: &str| {
        let folder = corpus.join("dl/flask").join(version);
        let file = std::fs::read_dir(&folder)
            .unwrap_or_else(|e| panic!("{}: {e} (run scripts/fetch-corpus.py)", folder.display()))
            .flatten()
            .map(|entry| entry.path())
            .find(|path| path.to_string_lossy().ends_with(".tar.gz"))
            .expect("an sdist");
        archive::read(&std::fs::read(file).unwrap(), version, &Limits::default()).unwrap()
    };
    let folder = |version: &str| {
        stability_lens::intake::folder::read(&corpus.join("flask").join(version), version).unwrap()
    };
    let from_archives = stability_lens::analyse(&sdist("2.3.3"), &sdist("3.0.3"));
    let from_folders = stability_lens::analyse(&folder("2.3.3"), &folder("3.0.3"));
    assert_eq!(from_archives.api_changes, from_folders.api_changes);
    assert!(from_archives.problems.is_empty());
}
