//! What worker 0 holds open for the reviewer to pick two points of history from: a git bundle,
//! or a repository folder — a checkout picked in the page, its `.git` read as the CLI's `--repo`
//! reads it ([`crate::intake::repository`]) and its working tree selected as `git status` sees
//! it (the index's tracked paths, `.gitignore` at every depth, `info/exclude`), a possible
//! current side named [`WORKING_TREE`].
//!
//! The revision ranges, the analysis and the evidence read from either the same way, so a
//! repository folder gives the report `stability-lens diff --repo` gives.

use std::collections::BTreeMap;

use web_sys::{File, FileReaderSync};

use crate::intake::archive::Limits;
use crate::intake::bundle::{Bundle, BundleSides, BundleSummary, CommitSummaryRow};
use crate::intake::input::InputError;
use crate::intake::repository::files::MemoryFiles;
use crate::intake::repository::{worktree, Repository, WORKING_TREE};
use crate::intake::{is_ignored, SourceTree};

use super::read_whole as read;

/// A bundle or a repository folder, open in worker 0.
pub enum Opened {
    Bundle { name: String, bundle: Bundle },
    Repository(Checkout),
}

/// A repository folder: its name, what its `.git` holds, and its working tree's files (those
/// `git status` sees), read only when the working tree is analysed.
pub struct Checkout {
    name: String,
    repository: Repository,
    worktree: Vec<(String, File)>,
}

/// Parts of `.git` the analysis never reads: not read at all.
const UNREAD: [&str; 3] = [".git/hooks/", ".git/logs/", ".git/lfs/"];

impl Checkout {
    /// Opens a picked repository folder: its files by path inside the folder.
    pub fn open(
        reader: &FileReaderSync,
        name: &str,
        picked: Vec<(String, File)>,
    ) -> Result<Checkout, String> {
        let in_git = |path: &str| path == ".git" || path.starts_with(".git/");
        let mut git = MemoryFiles::default();
        for (path, file) in picked.iter().filter(|(path, _)| in_git(path)) {
            if UNREAD.iter().any(|prefix| path.starts_with(prefix)) {
                continue;
            }
            git.files.insert(path.clone(), read(reader, file)?);
        }
        if git.files.is_empty() {
            return Err(format!(
                "{name}: no .git in this folder — pick the top folder of a git checkout (the one holding .git)"
            ));
        }
        let failed = |error: crate::intake::repository::RepositoryError| format!("{name}: {error}");
        let repository = Repository::open(&git, "", &Limits::default()).map_err(failed)?;
        let tracked = repository.tracked(&git).map_err(failed)?;
        let exclude = repository.info_exclude(&git);
        // The working tree: what the CLI's walk of the folder keeps (never inside .git or a
        // directory that is never code under review), then git's own rules.
        let candidates: Vec<(&String, &File)> = picked
            .iter()
            .filter(|(path, _)| !in_git(path) && !is_ignored(path))
            .map(|(p, f)| (p, f))
            .collect();
        let by_path: BTreeMap<&str, &File> =
            candidates.iter().map(|(path, file)| (path.as_str(), *file)).collect();
        let listed: Vec<String> = candidates.iter().map(|(path, _)| (*path).clone()).collect();
        let read_ignore = |path: &str| by_path.get(path).and_then(|file| read(reader, file).ok());
        let kept = worktree::select(&listed, &read_ignore, exclude.as_deref(), tracked);
        let worktree = kept
            .into_iter()
            .filter_map(|path| by_path.get(path.as_str()).map(|file| (path.clone(), (*file).clone())))
            .collect();
        Ok(Checkout { name: name.to_owned(), repository, worktree })
    }

    /// The working tree's files, read now.
    fn worktree_tree(&self, reader: &FileReaderSync) -> Result<SourceTree, String> {
        let mut tree = SourceTree::new(self.name.clone());
        for (path, file) in &self.worktree {
            tree.insert(path, read(reader, file)?);
        }
        Ok(tree)
    }

    /// The revision to compare the working tree with by default, as the CLI names it: `HEAD`
    /// on the default branch, else `merge-base(main, HEAD)` (which [`Opened::range`] and
    /// [`Opened::sides`] understand); `HEAD` when there is no default branch.
    fn default_baseline(&self) -> String {
        self.repository.default_baseline().map(|(label, _)| label).unwrap_or_else(|_| "HEAD".to_owned())
    }

    /// A revision as typed in the page, for the repository's resolver: the default baseline's
    /// label stands for its commit, the working tree for `HEAD` (where commits are asked for).
    fn revision(&self, revision: &str) -> String {
        match self.repository.default_baseline() {
            Ok((label, id)) if label == revision => id.to_string(),
            _ if revision == WORKING_TREE => "HEAD".to_owned(),
            _ => revision.to_owned(),
        }
    }
}

impl Opened {
    fn name(&self) -> &str {
        match self {
            Opened::Bundle { name, .. } => name,
            Opened::Repository(checkout) => &checkout.name,
        }
    }

    fn bundle(&self) -> &Bundle {
        match self {
            Opened::Bundle { bundle, .. } => bundle,
            Opened::Repository(checkout) => &checkout.repository.bundle,
        }
    }

    /// What the page shows of it: refs, recent commits, the default range (for a repository,
    /// the working tree against the merge base with the default branch).
    pub fn summary(&self, limit: usize) -> BundleSummary {
        let mut summary = self.bundle().summary(self.name(), limit);
        if let Opened::Repository(checkout) = self {
            summary.default_baseline = Some(checkout.default_baseline());
            summary.default_current = Some(WORKING_TREE.to_owned());
        }
        summary
    }

    /// The commits in `baseline..current`, newest first.
    pub fn range(&self, baseline: &str, current: &str) -> Result<Vec<CommitSummaryRow>, String> {
        match self {
            Opened::Bundle { bundle, .. } => {
                bundle.range_rows(baseline, current).map_err(|error| error.to_string())
            }
            Opened::Repository(checkout) => {
                let (baseline, current) = (checkout.revision(baseline), checkout.revision(current));
                // A shallow clone's missing commits are named as such.
                for revision in [&baseline, &current] {
                    checkout.repository.resolve(revision).map_err(|error| error.to_string())?;
                }
                checkout.repository.bundle.range_rows(&baseline, &current).map_err(|error| error.to_string())
            }
        }
    }

    /// The two sides to analyse and the report's history.
    pub fn sides(
        &self,
        reader: &FileReaderSync,
        baseline: &str,
        current: &str,
    ) -> Result<BundleSides, String> {
        match self {
            Opened::Bundle { name, bundle } => bundle
                .sides(name, baseline, current)
                .map_err(|source| InputError::bundle(name, source).to_string()),
            Opened::Repository(checkout) => {
                // The default baseline as the CLI has it (and labels it) when that is what is asked.
                let default = checkout.default_baseline();
                let baseline = (baseline != default || checkout.repository.default_baseline().is_err())
                    .then_some(baseline);
                let current = (current != WORKING_TREE).then_some(current);
                let sides = checkout
                    .repository
                    .sides(&checkout.name, baseline, current, || {
                        checkout.worktree_tree(reader).map_err(|reason| {
                            crate::intake::repository::RepositoryError::Corrupt {
                                path: checkout.name.clone(),
                                reason,
                            }
                        })
                    })
                    .map_err(|error| format!("{}: {error}", checkout.name))?;
                Ok(BundleSides { baseline: sides.baseline, current: sides.current, history: sides.history })
            }
        }
    }

    /// A file of a revision (or of the working tree), read again for the evidence.
    pub fn file(
        &self,
        reader: &FileReaderSync,
        revision: &str,
        path: &str,
    ) -> Result<Option<Vec<u8>>, String> {
        if let Opened::Repository(checkout) = self {
            if revision == WORKING_TREE {
                let file = checkout.worktree.iter().find(|(p, _)| p == path).map(|(_, file)| file);
                return file.map(|file| read(reader, file)).transpose();
            }
        }
        let failed = |source| InputError::bundle(self.name(), source).to_string();
        let commit = self.bundle().resolve(revision).map_err(failed)?;
        self.bundle().file(commit, path).map_err(failed)
    }
}
