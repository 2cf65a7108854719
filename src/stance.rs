//! The three stance labels and their parsing.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The stance a speaker takes in a quote (see `stance-guidelines.md`).
///
/// ```
/// use quotestance::Stance;
/// let s: Stance = " Refusal ".parse().unwrap();
/// assert_eq!(s, Stance::Refusal);
/// assert_eq!(s.to_string(), "refusal");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stance {
    /// The speaker binds themselves to an action or firmly affirms an outcome.
    Commitment,
    /// The speaker hedges, attaches conditions, warns or doubts.
    Caution,
    /// The speaker declines, rejects, rules out or denies.
    Refusal,
}

impl Stance {
    /// Every label, in the canonical order used in reports and model files.
    pub const ALL: [Stance; 3] = [Stance::Commitment, Stance::Caution, Stance::Refusal];

    /// The lower-case name written in CSV files and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Stance::Commitment => "commitment",
            Stance::Caution => "caution",
            Stance::Refusal => "refusal",
        }
    }
}

impl fmt::Display for Stance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error returned when a string names no stance label.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown stance label {0:?}: expected one of commitment, caution, refusal")]
pub struct UnknownStance(pub String);

impl FromStr for Stance {
    type Err = UnknownStance;

    /// Parses a label, ignoring surrounding white space and letter case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let trimmed = s.trim();
        Stance::ALL
            .into_iter()
            .find(|label| label.as_str().eq_ignore_ascii_case(trimmed))
            .ok_or_else(|| UnknownStance(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_any_case_and_rejects_unknown() {
        assert_eq!("CAUTION".parse::<Stance>(), Ok(Stance::Caution));
        assert_eq!("commitment\n".parse::<Stance>(), Ok(Stance::Commitment));
        let err = "neutral".parse::<Stance>().unwrap_err();
        assert!(err.to_string().contains("neutral"));
    }
}
