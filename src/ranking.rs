//! The variants of a run ranked at one size, fastest first (pure): what
//! `compare-implementations`' table, bars and sentence show, and what a reader's
//! prediction is scored against.

use crate::protocol::Point;

/// The variants ranked at one size: fastest first, each with its time per operation and
/// its time relative to the fastest (1.0 for the fastest).
#[derive(Clone, Debug, PartialEq)]
pub struct Ranking {
    /// The size.
    pub n: u64,
    /// (variant id, ns per operation, relative to the fastest), fastest first.
    pub rows: Vec<(String, f64, f64)>,
}

/// The ranking of the measured variants at size `n` (or, with `None`, at the largest
/// size where every listed variant was measured).
pub fn ranking(variants: &[&str], points: &[Point], n: Option<u64>) -> Option<Ranking> {
    let at = |n: u64| -> Option<Vec<(String, f64)>> {
        variants
            .iter()
            .map(|v| {
                points
                    .iter()
                    .find(|p| p.variant == *v && p.n == n)
                    .and_then(Point::median_per_op_ns)
                    .map(|t| ((*v).to_owned(), t))
            })
            .collect()
    };
    let n = match n {
        Some(n) => n,
        None => points
            .iter()
            .map(|p| p.n)
            .filter(|&n| at(n).is_some())
            .max()?,
    };
    let mut rows = at(n)?;
    crate::order::sort_small_by(&mut rows, |a, b| a.1 < b.1);
    let fastest = rows.first()?.1.max(f64::MIN_POSITIVE);
    Some(Ranking {
        n,
        rows: rows.into_iter().map(|(v, t)| (v, t, t / fastest)).collect(),
    })
}
