//! What the `persistent-cache` widget records about each lookup in the browser's storage,
//! and how storage failures become sentences (pure: the IndexedDB calls themselves live
//! in `widgets::storage`).

use serde::{Deserialize, Serialize};

/// Why the storage could not do what was asked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum StoreError {
    /// No IndexedDB at all, or the browser refused to open it (private mode, blocked
    /// site data, a sandboxed frame).
    #[error("the browser's storage is unavailable here ({0})")]
    Unavailable(String),
    /// The origin's storage quota is used up.
    #[error("the browser's storage is full (quota exceeded)")]
    Full,
    /// Anything else the storage reported.
    #[error("the browser's storage failed ({0})")]
    Failed(String),
}

impl StoreError {
    /// Classifies a DOMException by its `name` (and message, for the sentence).
    pub fn from_dom(name: &str, message: &str) -> Self {
        let detail = if message.is_empty() {
            name.to_owned()
        } else {
            format!("{name}: {message}")
        };
        match name {
            "QuotaExceededError" => Self::Full,
            "SecurityError" | "InvalidStateError" | "NotSupportedError" | "UnknownError" => {
                Self::Unavailable(detail)
            }
            _ => Self::Failed(detail),
        }
    }
}

/// How one Run of the widget got its answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Outcome {
    /// Read from storage: the computation did not run.
    Hit,
    /// Not stored yet: computed, then stored.
    Miss,
    /// Stored but unreadable: computed again and the entry replaced.
    Corrupt {
        /// Why the stored text was refused.
        reason: String,
    },
    /// Storage could not be used: computed without a cache (and maybe not saved).
    NoStorage {
        /// What went wrong.
        error: StoreError,
    },
    /// Computed and could not be saved.
    NotSaved {
        /// What went wrong.
        error: StoreError,
    },
}

impl Outcome {
    /// The `data-outcome` value.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Hit => "hit",
            Self::Miss => "miss",
            Self::Corrupt { .. } => "corrupt",
            Self::NoStorage { .. } => "unavailable",
            Self::NotSaved { .. } => "not-saved",
        }
    }

    /// True when the answer came from storage.
    pub fn is_hit(&self) -> bool {
        matches!(self, Self::Hit)
    }

    /// The sentence a reader sees for this outcome.
    pub fn message(&self) -> String {
        match self {
            Self::Hit => "Hit: the answer was read from this browser's storage; nothing was computed.".into(),
            Self::Miss => "Miss: nothing was stored for these arguments, so the answer was computed on the worker and stored.".into(),
            Self::Corrupt { reason } => format!(
                "The stored entry for these arguments could not be used ({reason}), so the answer was computed again and the entry replaced."
            ),
            Self::NoStorage { error } => format!(
                "Computed without a cache: {error}. The answer is correct; it just will not survive a reload."
            ),
            Self::NotSaved { error } => format!(
                "Computed, but not saved: {error}. The next run will compute again."
            ),
        }
    }
}

/// One Run of the widget.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Lookup {
    /// 1 for the page's first run, and so on.
    pub run: u32,
    /// The argument.
    pub n: u64,
    /// The storage key.
    pub key: String,
    /// How the answer was obtained.
    pub outcome: Outcome,
    /// The answer.
    pub result: crate::details::PrimeCount,
    /// Time to the answer (reading storage on a hit, computing on a miss), ms.
    pub ms: f64,
    /// What the store holds after this run: entries and bytes of stored text.
    pub stored: Option<(u64, u64)>,
}

/// Hits and misses in a log.
pub fn tally(log: &[Lookup]) -> (usize, usize) {
    let hits = log.iter().filter(|l| l.outcome.is_hit()).count();
    (hits, log.len() - hits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dom_errors_are_classified() {
        assert_eq!(
            StoreError::from_dom("QuotaExceededError", "x"),
            StoreError::Full
        );
        assert!(matches!(
            StoreError::from_dom("SecurityError", "blocked"),
            StoreError::Unavailable(d) if d.contains("blocked")
        ));
        assert!(matches!(
            StoreError::from_dom("DataError", ""),
            StoreError::Failed(d) if d == "DataError"
        ));
        assert!(StoreError::Full.to_string().contains("quota"));
    }

    #[test]
    fn every_outcome_has_a_sentence_and_a_name() {
        let r = crate::topics::caching::persistent_cache::count_primes(10);
        let outcomes = [
            Outcome::Hit,
            Outcome::Miss,
            Outcome::Corrupt {
                reason: "it is not a stored entry".into(),
            },
            Outcome::NoStorage {
                error: StoreError::Unavailable("no IndexedDB".into()),
            },
            Outcome::NotSaved {
                error: StoreError::Full,
            },
        ];
        let log: Vec<Lookup> = outcomes
            .iter()
            .enumerate()
            .map(|(i, o)| Lookup {
                run: i as u32 + 1,
                n: 10,
                key: "k".into(),
                outcome: o.clone(),
                result: r,
                ms: 1.0,
                stored: None,
            })
            .collect();
        assert_eq!(tally(&log), (1, 4));
        assert!(outcomes[2].message().contains("not a stored entry"));
        assert!(outcomes[3].message().contains("no IndexedDB"));
        assert!(outcomes[4].message().contains("full"));
        let names: std::collections::BTreeSet<_> = outcomes.iter().map(Outcome::as_str).collect();
        assert_eq!(names.len(), 5);
    }
}
