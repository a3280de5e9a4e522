//! What a checkout's `.git` holds that a bundle does not: the index (`.git/index`, its paths),
//! a loose object (zlib over a header and the content), and refs with `.gitignore` rules read as
//! a repository — from arbitrary bytes, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use stability_lens::intake::bundle::store::Store;
use stability_lens::intake::repository::files::MemoryFiles;
use stability_lens::intake::repository::{index, worktree, Repository};

#[path = "limits.rs"]
mod limits;

fuzz_target!(|data: &[u8]| {
    let _ = index::tracked_paths(data);
    let mut store = Store::default();
    let _ = store.add_loose(Default::default(), data, 1 << 20);
    // The same bytes as HEAD, a ref, packed-refs, an ignore file and the index of a repository.
    let mut files = MemoryFiles::default();
    for path in ["r/.git/HEAD", "r/.git/refs/heads/main", "r/.git/packed-refs", "r/.git/index", "r/.gitignore", "r/.git/config"] {
        files.files.insert(path.to_owned(), data.to_vec());
    }
    files.files.insert("r/.git/objects/info/x".to_owned(), Vec::new());
    if let Ok(repository) = Repository::open(&files, "r", &limits::small()) {
        let _ = repository.default_baseline();
        let _ = repository.tracked(&files);
    }
    let read = |_: &str| Some(data.to_vec());
    let _ = worktree::select(&[".gitignore".into(), "a/b.py".into(), "build/x".into()], &read, Some(data), Default::default());
});
