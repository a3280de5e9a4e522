//! Reading the inputs the CLI is given — a folder, an archive file, a bundle file — with one
//! error type that names the path it came from ([`InputError`]), so the CLI prints it as its one
//! exit-2 line (and the web worker as its message) without adding the path again at each call.

#[cfg(not(target_arch = "wasm32"))]
use std::path::Path;

use super::archive::ArchiveError;
use super::bundle::BundleError;
use super::repository::RepositoryError;
#[cfg(not(target_arch = "wasm32"))]
use super::{
    archive::{self, Limits},
    bundle::Bundle,
    folder::{self, FolderError},
    SourceTree,
};

/// An input that could not be read, named by the path it was given as.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{path}: {source}")]
    Archive { path: String, source: ArchiveError },
    #[error("{path}: {source}")]
    Bundle { path: String, source: BundleError },
    /// A repository's errors name the file they are about, or say what is missing.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
    /// A folder's errors name their path already.
    #[cfg(not(target_arch = "wasm32"))]
    #[error(transparent)]
    Folder(#[from] FolderError),
}

impl InputError {
    /// A bundle error for the bundle named `path`.
    pub fn bundle(path: &str, source: BundleError) -> InputError {
        InputError::Bundle { path: path.to_owned(), source }
    }

    /// An archive error for the archive named `path`.
    pub fn archive(path: &str, source: ArchiveError) -> InputError {
        InputError::Archive { path: path.to_owned(), source }
    }
}

#[cfg(not(target_arch = "wasm32"))]
/// A side given as a path: a folder, or an archive file (`.tar.gz`, `.zip`, `.whl`, …), labelled
/// with the path as given.
pub fn read_tree(path: &Path, limits: &Limits) -> Result<SourceTree, InputError> {
    let label = path.to_string_lossy();
    if path.is_file() {
        let bytes = read_file(path)?;
        return archive::read(&bytes, &label, limits).map_err(|source| InputError::archive(&label, source));
    }
    Ok(folder::read(path, &label)?)
}

#[cfg(not(target_arch = "wasm32"))]
/// A git bundle file, opened.
pub fn open_bundle(path: &Path, limits: &Limits) -> Result<Bundle, InputError> {
    let bytes = read_file(path)?;
    Bundle::open(&bytes, limits).map_err(|source| InputError::bundle(&path.display().to_string(), source))
}

#[cfg(not(target_arch = "wasm32"))]
fn read_file(path: &Path) -> Result<Vec<u8>, InputError> {
    std::fs::read(path).map_err(|source| InputError::Io { path: path.display().to_string(), source })
}

#[cfg(not(target_arch = "wasm32"))]
/// The sides a checkout gives (`--repo PATH`): `baseline` (default: the merge base with the
/// default branch) and `current` (default: the working tree, read from disk as `git status`
/// sees it), and the commits between them.
pub fn repository_sides(
    root: &Path,
    baseline: Option<&str>,
    current: Option<&str>,
    limits: &Limits,
) -> Result<super::repository::RepositorySides, InputError> {
    use super::repository::{files::DiskFiles, worktree, Repository};
    let shown = root.display().to_string();
    if !root.is_dir() {
        return Err(InputError::Io {
            path: shown,
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "not a directory"),
        });
    }
    let root_text = root.to_string_lossy().into_owned();
    let repository = Repository::open(&DiskFiles, &root_text, limits)?;
    let name = root
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| shown.clone());
    let worktree = || {
        let worktree_root = repository.worktree.clone().ok_or_else(|| RepositoryError::Unsupported {
            path: shown.clone(),
            what: "a bare repository has no working tree to compare: give --current REV".into(),
        })?;
        let tracked = repository.tracked(&DiskFiles)?;
        worktree::read_worktree(
            Path::new(&worktree_root),
            &name,
            repository.info_exclude(&DiskFiles).as_deref(),
            tracked,
        )
        .map_err(|error| RepositoryError::Corrupt { path: worktree_root.clone(), reason: error.to_string() })
    };
    Ok(repository.sides(&name, baseline, current, worktree)?)
}
