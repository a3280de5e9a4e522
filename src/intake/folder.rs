//! Reading a source tree from a folder on disk (CLI only).
//!
//! Symbolic links are not followed: a link can point outside the tree or form a cycle, and the
//! browser's folder picker does not follow them either, so skipping them keeps CLI and app equal.

use std::path::{Path, PathBuf};

use super::{is_ignored_directory, Skipped, SourceTree};

/// Why a folder could not be read as a source tree.
#[derive(Debug, thiserror::Error)]
pub enum FolderError {
    #[error("{path}: no such file or directory")]
    NotFound { path: PathBuf },
    #[error("{path}: not a directory")]
    NotADirectory { path: PathBuf },
    #[error("{path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
}

/// Reads every regular file under `root` into a tree labelled `label`.
pub fn read(root: &Path, label: &str) -> Result<SourceTree, FolderError> {
    let metadata = std::fs::metadata(root).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => FolderError::NotFound { path: root.to_path_buf() },
        _ => FolderError::Read { path: root.to_path_buf(), source },
    })?;
    if !metadata.is_dir() {
        return Err(FolderError::NotADirectory { path: root.to_path_buf() });
    }
    let mut tree = SourceTree::new(label);
    let walker =
        walkdir::WalkDir::new(root).follow_links(false).sort_by_file_name().into_iter().filter_entry(
            |entry| {
                entry.depth() == 0
                    || !entry.file_type().is_dir()
                    || !entry.file_name().to_str().is_some_and(is_ignored_directory)
            },
        );
    for entry in walker {
        let entry = entry.map_err(|error| {
            let path = error.path().unwrap_or(root).to_path_buf();
            FolderError::Read { path, source: error.into() }
        })?;
        let Ok(relative) = entry.path().strip_prefix(root) else { continue };
        let shown = relative.to_string_lossy().replace('\\', "/");
        if entry.path_is_symlink() {
            let reason = "symbolic link, not followed".to_string();
            tree.skipped.push(Skipped { path: shown, reason });
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let Some(relative) = relative.to_str() else {
            let reason = "file name is not valid UTF-8".to_string();
            tree.skipped.push(Skipped { path: shown, reason });
            continue;
        };
        let bytes = std::fs::read(entry.path())
            .map_err(|source| FolderError::Read { path: entry.path().to_path_buf(), source })?;
        tree.insert(relative, bytes);
    }
    Ok(tree)
}
