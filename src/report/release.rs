//! The release verdict: the version bump the changes require, and whether the declared bump
//! satisfies it (cargo-semver-checks' headline, for Python).
//!
//! In: each side's declared version ([`crate::model::version`]) and the API changes. Out: a
//! [`Release`]. SemVer's reading, as Cargo uses it: a breaking change requires a major bump — a
//! minor one for `0.y.z`, where "anything may change" — an addition a minor bump, anything else a
//! patch. No verdict (and the reason) when a version is missing or dynamic, or is a calendar
//! version (a year as its first number), whose numbers say nothing about compatibility.

use serde::{Deserialize, Serialize};

use super::ApiChange;
use crate::catalogue::Severity;
use crate::model::version::{release_numbers, DeclaredVersion};

/// A version bump, ordered by size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bump {
    /// The versions are equal (a pre-release of the same numbers, a rebuild).
    None,
    Patch,
    Minor,
    Major,
    /// The current version is lower.
    Downgrade,
}

impl Bump {
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
            Bump::Downgrade => "downgrade",
        }
    }
}

/// The release verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Release {
    pub baseline: DeclaredVersion,
    pub current: DeclaredVersion,
    /// The bump the API changes require; `null` when there is no verdict.
    pub required: Option<Bump>,
    /// The bump the versions declare; `null` when there is no verdict.
    pub declared: Option<Bump>,
    /// Whether the declared bump is at least the required one; `null` when there is no verdict.
    pub satisfied: Option<bool>,
    /// Why there is no verdict, when there is none.
    pub reason: Option<String>,
}

/// The verdict for two declared versions and the changes between them.
pub fn verdict(baseline: DeclaredVersion, current: DeclaredVersion, changes: &[ApiChange]) -> Release {
    let no_verdict = |baseline: DeclaredVersion, current: DeclaredVersion, reason: String| Release {
        baseline,
        current,
        required: None,
        declared: None,
        satisfied: None,
        reason: Some(reason),
    };
    let numbers = |side: &DeclaredVersion, name: &str| -> Result<Vec<u64>, String> {
        let Some(version) = &side.version else { return Err(format!("{name}: {}", side.source)) };
        let numbers =
            release_numbers(version).ok_or_else(|| format!("{name}: `{version}` is not a version number"))?;
        if numbers.first().is_some_and(|first| *first >= 1990) {
            return Err(format!(
                "{name}: `{version}` is a calendar version, whose numbers say nothing about compatibility"
            ));
        }
        Ok(numbers)
    };
    let (old, new) = match (numbers(&baseline, "baseline"), numbers(&current, "current")) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(reason), _) | (_, Err(reason)) => return no_verdict(baseline, current, reason),
    };
    let at = |numbers: &[u64], index: usize| numbers.get(index).copied().unwrap_or(0);
    let declared = if new < old {
        Bump::Downgrade
    } else if at(&new, 0) > at(&old, 0) {
        Bump::Major
    } else if at(&new, 1) > at(&old, 1) {
        Bump::Minor
    } else if new > old {
        Bump::Patch
    } else {
        Bump::None
    };
    let breaking = changes.iter().any(|c| c.severity == Severity::Breaking);
    let additive = changes.iter().any(|c| c.severity == Severity::Additive);
    let required = match (breaking, additive) {
        (true, _) if at(&old, 0) == 0 => Bump::Minor,
        (true, _) => Bump::Major,
        (false, true) => Bump::Minor,
        (false, false) => Bump::Patch,
    };
    // A 0.y.z release bumps its minor number for breaking changes: `0.9 → 0.12` is that.
    let satisfied = declared != Bump::Downgrade && declared >= required;
    Release {
        baseline,
        current,
        required: Some(required),
        declared: Some(declared),
        satisfied: Some(satisfied),
        reason: None,
    }
}

impl Release {
    /// One line for people: "major bump required (breaking changes); 2.3.3 → 3.0.3 is a major
    /// bump: satisfied".
    pub fn describe(&self) -> String {
        let versions = format!(
            "{} → {}",
            self.baseline.version.as_deref().unwrap_or("?"),
            self.current.version.as_deref().unwrap_or("?")
        );
        match (self.required, self.declared, self.satisfied) {
            (Some(required), Some(declared), Some(satisfied)) => format!(
                "{} bump required; {versions} is {}: {}",
                required.as_str(),
                match declared {
                    Bump::None => "no bump".to_owned(),
                    Bump::Downgrade => "a downgrade".to_owned(),
                    other => format!("a {} bump", other.as_str()),
                },
                if satisfied { "satisfied" } else { "NOT satisfied" }
            ),
            _ => format!("no release verdict ({versions}): {}", self.reason.as_deref().unwrap_or("unknown")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(v: &str) -> DeclaredVersion {
        DeclaredVersion { version: Some(v.into()), source: "PKG-INFO".into() }
    }

    fn change(severity: Severity) -> ApiChange {
        ApiChange {
            kind: crate::catalogue::ChangeKind::ObjectRemoved,
            severity,
            object: "x".into(),
            module: String::new(),
            parameter: None,
            baseline: None,
            current: None,
            message: String::new(),
            members: Vec::new(),
            public_path: String::new(),
            typing_only: false,
            deprecated: None,
        }
    }

    #[test]
    fn semver_readings() {
        let breaking = [change(Severity::Breaking)];
        let r = verdict(version("2.3.3"), version("3.0.3"), &breaking);
        assert_eq!((r.required, r.declared, r.satisfied), (Some(Bump::Major), Some(Bump::Major), Some(true)));
        let r = verdict(version("2.28.2"), version("2.32.3"), &breaking);
        assert_eq!((r.required, r.satisfied), (Some(Bump::Major), Some(false)));
        let r = verdict(version("0.9.0"), version("0.12.3"), &breaking);
        assert_eq!((r.required, r.declared, r.satisfied), (Some(Bump::Minor), Some(Bump::Minor), Some(true)));
        let r = verdict(version("1.0.0"), version("1.0.1"), &[change(Severity::Additive)]);
        assert_eq!((r.required, r.satisfied), (Some(Bump::Minor), Some(false)));
        let r = verdict(version("1.0.0"), version("1.0.1"), &[]);
        assert_eq!((r.required, r.declared, r.satisfied), (Some(Bump::Patch), Some(Bump::Patch), Some(true)));
        let r = verdict(version("2024.1"), version("2024.2"), &[]);
        assert!(r.reason.unwrap().contains("calendar"));
        let r = verdict(
            version("1.0"),
            DeclaredVersion { version: None, source: "no version is declared".into() },
            &[],
        );
        assert!(r.required.is_none());
        let r = verdict(version("2.0"), version("1.9"), &[]);
        assert_eq!((r.declared, r.satisfied), (Some(Bump::Downgrade), Some(false)));
    }
}
