//! Where a repository's files are read from: the disk (the CLI) or the files a reviewer picked in
//! the browser (the app), behind one small trait so [`super::Repository`] reads both the same way.

use std::collections::BTreeMap;

/// A read-only view of files by `/`-separated path.
pub trait GitFiles {
    /// A file's bytes; `None` when there is no such file.
    fn read(&self, path: &str) -> Option<Vec<u8>>;
    /// Whether a directory exists.
    fn is_dir(&self, path: &str) -> bool;
    /// Every file below a directory (any depth), as paths relative to it, sorted.
    fn list(&self, dir: &str) -> Vec<String>;
}

/// Files held in memory, keyed by path (the app: a picked folder's files).
#[derive(Debug, Clone, Default)]
pub struct MemoryFiles {
    pub files: BTreeMap<String, Vec<u8>>,
}

impl GitFiles for MemoryFiles {
    fn read(&self, path: &str) -> Option<Vec<u8>> {
        self.files.get(path).cloned()
    }

    fn is_dir(&self, path: &str) -> bool {
        let prefix = format!("{}/", path.trim_end_matches('/'));
        self.files.range(prefix.clone()..).next().is_some_and(|(key, _)| key.starts_with(&prefix))
    }

    fn list(&self, dir: &str) -> Vec<String> {
        let prefix = if dir.is_empty() { String::new() } else { format!("{}/", dir.trim_end_matches('/')) };
        self.files
            .range(prefix.clone()..)
            .take_while(|(key, _)| key.starts_with(&prefix))
            .filter_map(|(key, _)| key.strip_prefix(&prefix).map(str::to_owned))
            .collect()
    }
}

/// Files on disk, by path (the CLI).
#[cfg(not(target_arch = "wasm32"))]
pub struct DiskFiles;

#[cfg(not(target_arch = "wasm32"))]
impl GitFiles for DiskFiles {
    fn read(&self, path: &str) -> Option<Vec<u8>> {
        let path = std::path::Path::new(path);
        if path.is_file() {
            std::fs::read(path).ok()
        } else {
            None
        }
    }

    fn is_dir(&self, path: &str) -> bool {
        std::path::Path::new(path).is_dir()
    }

    fn list(&self, dir: &str) -> Vec<String> {
        let root = std::path::Path::new(dir);
        let mut out: Vec<String> = walkdir::WalkDir::new(root)
            .follow_links(false)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|entry| entry.file_type().is_file())
            .filter_map(|entry| {
                let relative = entry.path().strip_prefix(root).ok()?;
                relative.to_str().map(|p| p.replace('\\', "/"))
            })
            .collect();
        out.sort();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_files_list_and_find_directories() {
        let mut files = MemoryFiles::default();
        for path in ["r/.git/HEAD", "r/.git/refs/heads/main", "r/.git/refs/tags/v1", "r/a.py", "r/.gitx"] {
            files.files.insert(path.to_owned(), path.as_bytes().to_vec());
        }
        assert!(files.is_dir("r/.git") && files.is_dir("r/.git/refs") && !files.is_dir("r/.gi"));
        assert_eq!(files.list("r/.git/refs"), ["heads/main", "tags/v1"]);
        assert_eq!(files.read("r/a.py").as_deref(), Some(&b"r/a.py"[..]));
        assert_eq!(files.read("r/.git"), None);
    }
}
