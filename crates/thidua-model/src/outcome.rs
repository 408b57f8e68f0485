//! What became of a bundle file the clerk imported: the outcome shown beside the file, kept in
//! the import log, and read by the CLI's exit code.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum BundleOutcome {
    /// Its content is in (or, in a dry run, would be).
    Applied,
    /// The same bundle came before: nothing changed.
    Duplicate,
    /// Kept aside until the bundle before it in the sender's chain arrives.
    Held,
    /// Another bundle with the same place in the sender's chain was applied; the clerk chooses.
    Conflict,
    /// Not taken; the message says why and what to do. Nothing changed but the log.
    Refused,
    /// The clerk chose the other bundle of a conflict and set this one aside.
    Discarded,
}

impl BundleOutcome {
    pub const ALL: [Self; 6] = [Self::Applied, Self::Duplicate, Self::Held, Self::Conflict, Self::Refused, Self::Discarded];

    /// The code kept in the import log.
    pub fn code(self) -> &'static str {
        match self {
            Self::Applied => "applied",
            Self::Duplicate => "duplicate",
            Self::Held => "held",
            Self::Conflict => "conflict",
            Self::Refused => "refused",
            Self::Discarded => "discarded",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.code() == code)
    }

    /// Whether the file is in, now or from before: `bundle import` exits 0 only if all are.
    pub fn is_in(self) -> bool {
        matches!(self, Self::Applied | Self::Duplicate)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_outcome_reads_back_from_its_code_and_serialises_as_it() {
        for o in BundleOutcome::ALL {
            assert_eq!(BundleOutcome::from_code(o.code()), Some(o));
            assert_eq!(serde_json::to_value(o).unwrap(), serde_json::Value::String(o.code().into()));
        }
        assert_eq!(BundleOutcome::from_code("accepted"), None);
    }
}
