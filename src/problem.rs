//! Problems: input the engine could not use, reported with where it is and why, while the rest of
//! the analysis carries on. One broken file is one line in the report, never an abort.

use serde::{Deserialize, Serialize};

/// Which of the two trees something belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Baseline,
    Current,
}

impl Side {
    /// This side's entry of a per-side pair (`[baseline, current]`).
    pub fn of<T>(self, pair: &[T; 2]) -> &T {
        let [baseline, current] = pair;
        match self {
            Side::Baseline => baseline,
            Side::Current => current,
        }
    }

    /// This side's entry of a per-side pair, to change it.
    pub fn of_mut<T>(self, pair: &mut [T; 2]) -> &mut T {
        let [baseline, current] = pair;
        match self {
            Side::Baseline => baseline,
            Side::Current => current,
        }
    }

    /// The side across from this one.
    pub fn other(self) -> Side {
        match self {
            Side::Baseline => Side::Current,
            Side::Current => Side::Baseline,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Side::Baseline => "baseline",
            Side::Current => "current",
        }
    }
}

/// A file (or part of an input) that could not be analysed.
///
/// `line` and `column` are 1-based; both are 1 when the problem concerns the whole file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Problem {
    pub side: Side,
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
}
