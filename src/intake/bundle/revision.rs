//! Revision expressions, as `git rev-parse` reads the common ones: `HEAD`, a branch or tag name
//! (`main`, `v1.2`, `refs/tags/v1.2`, `origin/main`), a full or abbreviated commit id, each
//! followed by any number of `~N` (N-th first-parent ancestor) and `^N` (N-th parent).

use super::{Bundle, BundleError, ObjectId};

/// Resolves a revision expression to a commit id.
pub fn resolve(bundle: &Bundle, expression: &str) -> Result<ObjectId, BundleError> {
    let unknown = |reason: String| BundleError::UnknownRevision { revision: expression.to_owned(), reason };
    let expression_trimmed = expression.trim();
    let split = expression_trimmed.find(['~', '^']).unwrap_or(expression_trimmed.len());
    let (name, mut suffix) = expression_trimmed.split_at(split);
    let mut commit = bundle.peel_to_commit(start(bundle, name).map_err(unknown)?)?;
    loop {
        let mut chars = suffix.chars();
        let Some(operator) = chars.next() else { break };
        suffix = chars.as_str();
        let digits: String = suffix.chars().take_while(|c| c.is_ascii_digit()).collect();
        suffix = suffix.get(digits.len()..).unwrap_or("");
        let n: usize = if digits.is_empty() {
            1
        } else {
            digits.parse().map_err(|_| unknown(format!("`{digits}` is not a number")))?
        };
        match operator {
            '~' => {
                for step in 0..n {
                    let parents = bundle.commit(&commit)?.parents;
                    commit = *parents.first().ok_or_else(|| {
                        unknown(format!("the history has only {step} commit(s) before `{name}`"))
                    })?;
                }
            }
            '^' => {
                if n == 0 {
                    continue;
                }
                let parents = bundle.commit(&commit)?.parents;
                commit = *parents
                    .get(n - 1)
                    .ok_or_else(|| unknown(format!("that commit has no parent number {n}")))?;
            }
            other => return Err(unknown(format!("unexpected `{other}`"))),
        }
    }
    if bundle.commit(&commit).is_err() {
        let prerequisite = bundle.prerequisites.iter().find(|p| p.id == commit);
        return Err(unknown(match prerequisite {
            Some(p) => format!(
                "it is {} ({}), a prerequisite this thin bundle builds on but does not contain",
                commit.short(),
                p.comment
            ),
            None => format!("it is {}, which the {} does not contain", commit.short(), bundle.what()),
        }));
    }
    Ok(commit)
}

/// The object a name designates, before any `~`/`^`.
fn start(bundle: &Bundle, name: &str) -> Result<ObjectId, String> {
    if name.is_empty() {
        return Err("no name before `~`/`^`".into());
    }
    if name == "HEAD" {
        return bundle
            .head()
            .ok_or_else(|| format!("the {} has no HEAD; name a branch or tag", bundle.what()));
    }
    for candidate in [
        name.to_owned(),
        format!("refs/{name}"),
        format!("refs/tags/{name}"),
        format!("refs/heads/{name}"),
        format!("refs/remotes/{name}"),
    ] {
        if let Some((_, id)) = bundle.refs.iter().find(|(reference, _)| *reference == candidate) {
            return Ok(*id);
        }
    }
    if name.len() >= 4 && name.chars().all(|c| c.is_ascii_hexdigit()) {
        let lower = name.to_ascii_lowercase();
        let matches: Vec<ObjectId> =
            bundle.commit_ids().filter(|id| id.to_string().starts_with(&lower)).copied().collect();
        return match matches.as_slice() {
            [one] => Ok(*one),
            [] => Err(format!("no commit in the {} starts with `{name}`", bundle.what())),
            _ => Err(format!("`{name}` is ambiguous: {} commits start with it", matches.len())),
        };
    }
    Err(format!("no branch, tag or commit called `{name}` in the {}", bundle.what()))
}
