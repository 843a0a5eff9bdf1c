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

/// The ranking as a table (markup, every value escaped): rank, implementation (`label`
/// of each variant id: the widget's), time per value and relative to the fastest, with the
/// DOM contract's `data-ranking`, `data-rank`, `data-variant` and `data-relative`.
pub fn table(r: &Ranking, label: &dyn Fn(&str) -> String) -> String {
    use crate::format::{count, duration_ns, fixed, three_digits};
    let mut m = crate::html::Markup::new();
    m.table(
        &[("data-ranking", &r.n.to_string())],
        &format!(
            "Ranking at n = {}: time per value and relative to the fastest.",
            count(r.n)
        ),
        &[
            "Rank",
            "Implementation",
            "Time per value",
            "Relative to the fastest",
        ],
        |m| {
            for (k, (v, ns, rel)) in r.rows.iter().enumerate() {
                let rank = (k + 1).to_string();
                let relative = match k {
                    0 => "fastest".to_owned(),
                    _ => format!("{}× slower", three_digits(*rel)),
                };
                m.row(
                    &[
                        ("data-rank", &rank),
                        ("data-variant", v),
                        ("data-relative", &fixed(*rel, 4)),
                    ],
                    &rank,
                    &[&label(v), &duration_ns(*ns), &relative],
                );
            }
        },
    );
    m.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ranking_table_lists_fastest_first_with_its_contract() {
        let r = Ranking {
            n: 1_000_000,
            rows: vec![
                ("retain".into(), 3.59, 1.0),
                ("push".into(), 4.38, 4.38 / 3.59),
            ],
        };
        let html = table(&r, &|v| crate::topics::label("compare-implementations", v));
        assert!(
            html.starts_with("<table class=\"results\" data-ranking=\"1000000\"><caption>Ranking at n = 1,000,000: time per value and relative to the fastest.</caption><thead><tr><th scope=\"col\">Rank</th>"),
            "{html}"
        );
        assert!(
            html.contains("<tr data-rank=\"1\" data-variant=\"retain\" data-relative=\"1.0000\"><th scope=\"row\">1</th><td>in place: copy into a reused buffer, retain, square</td><td>3.59 ns</td><td>fastest</td></tr>"),
            "{html}"
        );
        assert!(
            html.contains("data-rank=\"2\" data-variant=\"push\" data-relative=\"1.2201\"><th scope=\"row\">2</th><td>a loop pushing onto a new Vec</td><td>4.38 ns</td><td>1.22× slower</td></tr></tbody></table>"),
            "{html}"
        );
    }
}
