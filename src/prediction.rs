//! Predict, then run: before a Run the reader may say which variant will be fastest at
//! the largest size and by how much it will beat the slowest; after the run the widget
//! says how close that was. Pure: the UI stores predictions with the reader's progress
//! and shows [`verdict`]'s sentence.

use crate::html::Markup;
use crate::protocol::Point;
use crate::ranking::ranking;
use crate::topics::label;

/// What the reader expects of one widget.
#[derive(Clone, Debug, PartialEq)]
pub struct Prediction {
    /// The variant expected to be fastest.
    pub winner: String,
    /// How many times faster than the slowest variant it is expected to be (≥ 1).
    pub factor: f64,
}

/// Smallest and largest factor a reader can predict.
pub const FACTOR_RANGE: (f64, f64) = (1.0, 10_000.0);

impl Prediction {
    /// A prediction with its factor clamped to [`FACTOR_RANGE`]; `None` for a factor
    /// that is not a number.
    pub fn new(winner: &str, factor: f64) -> Option<Self> {
        factor.is_finite().then(|| Self {
            winner: winner.to_owned(),
            factor: factor.clamp(FACTOR_RANGE.0, FACTOR_RANGE.1),
        })
    }
}

/// How a prediction compares with a run.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    /// The size compared (the largest at which every variant was measured).
    pub n: u64,
    /// The variant that was fastest there.
    pub winner: String,
    /// The slowest one.
    pub slowest: String,
    /// The fastest's advantage over the slowest, measured.
    pub factor: f64,
    /// Whether the predicted winner won.
    pub winner_right: bool,
    /// Measured factor over predicted factor (1 is exact; 2 means twice as large as
    /// predicted, 0.5 half).
    pub factor_ratio: f64,
}

/// Whether widget `widget`'s variants can be predicted: two or more of them, compared by
/// time at each size.
pub fn predictable(variants: &[&str]) -> bool {
    variants.len() >= 2
}

/// Compares `p` with the points of a run, at the largest size where every one of
/// `variants` was measured; `None` when there is no such size.
pub fn verdict(p: &Prediction, variants: &[&str], points: &[Point]) -> Option<Verdict> {
    let r = ranking(variants, points, None)?;
    let (winner, fastest, _) = r.rows.first()?.clone();
    let (slowest, slowest_t, _) = r.rows.last()?.clone();
    let factor = slowest_t / fastest.max(f64::MIN_POSITIVE);
    Some(Verdict {
        n: r.n,
        winner_right: winner == p.winner,
        winner,
        slowest,
        factor,
        factor_ratio: factor / p.factor,
    })
}

/// The sentence the widget shows after a run for which the reader predicted `p`.
pub fn sentence(widget: &str, p: &Prediction, v: &Verdict) -> String {
    let times = |x: f64| crate::format::ratio(x);
    let winner = if v.winner_right {
        format!("you were right: {} was fastest", label(widget, &v.winner))
    } else {
        format!(
            "{} was fastest, not {}",
            label(widget, &v.winner),
            label(widget, &p.winner)
        )
    };
    let gap = if v.factor_ratio > 1.25 {
        format!(
            "the gap was {} larger than you expected",
            times(v.factor_ratio)
        )
    } else if v.factor_ratio < 0.8 {
        format!(
            "the gap was {} smaller than you expected",
            times(1.0 / v.factor_ratio)
        )
    } else {
        "you judged the gap well".to_owned()
    };
    format!(
        "Your prediction: {} fastest, about {} faster than the slowest. At n = {}, {}, {} faster than {}; {gap}.",
        label(widget, &p.winner),
        times(p.factor),
        crate::format::count(v.n),
        winner,
        times(v.factor),
        label(widget, &v.slowest),
    )
}

/// Steps per decade of the form's factor slider (a log scale from 1× to 10,000×).
pub const STEPS_PER_DECADE: f64 = 4.0;

/// The factor a position of the form's slider stands for.
pub fn factor_of(step: f64) -> f64 {
    10f64.powf(step / STEPS_PER_DECADE)
}

/// The panel's upper part as markup: the reader's stored prediction with a "Change it"
/// button, or (none stored) the folded form: one radio per variant `(id, label)` named
/// `predict-<widget>`, the factor slider at 10×, and a Save button disabled until a variant
/// is chosen. Buttons carry `data-action` ("change", "save") for the panel's one listener.
pub fn form_markup(widget: &str, variants: &[(&str, &str)], stored: Option<&Prediction>) -> String {
    let mut m = Markup::new();
    if let Some(p) = stored {
        m.open("p", &[("class", "muted"), ("data-prediction", &p.winner)])
            .text(&format!(
                "Your prediction: {} fastest, about {} faster than the slowest. ",
                label(widget, &p.winner),
                crate::format::ratio(p.factor)
            ))
            .element(
                "button",
                &[("type", "button"), ("data-action", "change")],
                "Change it",
            )
            .close("p");
        return m.finish();
    }
    let name = format!("predict-{widget}");
    let max = crate::format::shortest(FACTOR_RANGE.1.log10() * STEPS_PER_DECADE);
    let start = crate::format::shortest(STEPS_PER_DECADE);
    let shown = crate::format::ratio(factor_of(STEPS_PER_DECADE));
    m.open("details", &[])
        .element("summary", &[], "Predict first (optional)")
        .open("fieldset", &[])
        .element("legend", &[], "Which will be fastest at the largest size?");
    for (id, text) in variants {
        m.open("label", &[("class", "choice")])
            .open(
                "input",
                &[("type", "radio"), ("name", &name), ("value", id)],
            )
            .text(text)
            .close("label");
    }
    m.close("fieldset")
        .open("label", &[("class", "slider")])
        .text("How many times faster than the slowest? ")
        .open(
            "input",
            &[
                ("type", "range"),
                ("name", "predict-factor"),
                ("min", "0"),
                ("max", &max),
                ("step", "1"),
                ("value", &start),
                ("aria-valuetext", &shown),
            ],
        )
        .element("output", &[], &shown)
        .close("label")
        .element(
            "button",
            &[
                ("type", "button"),
                ("data-action", "save"),
                ("disabled", ""),
            ],
            "Save my prediction",
        )
        .close("details");
    m.finish()
}

/// The verdict after a run as markup: one status paragraph whose `data-prediction-result`
/// is "right" or "wrong" (the winner), holding [`sentence`].
pub fn result_markup(widget: &str, p: &Prediction, v: &Verdict) -> String {
    let mut m = Markup::new();
    m.element(
        "p",
        &[
            ("class", "prediction-result"),
            ("role", "status"),
            (
                "data-prediction-result",
                if v.winner_right { "right" } else { "wrong" },
            ),
        ],
        &sentence(widget, p, v),
    );
    m.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::fixtures::measured;

    fn run() -> Vec<Point> {
        vec![
            measured("vec-remove-front", 100, 1, 9.0, 10.0, 11.0),
            measured("vecdeque-pop-front", 100, 1, 1.9, 2.0, 2.1),
            measured("vec-remove-front", 10_000, 1, 990.0, 1000.0, 1010.0),
            measured("vecdeque-pop-front", 10_000, 1, 19.0, 20.0, 21.0),
        ]
    }
    const VARIANTS: [&str; 2] = ["vec-remove-front", "vecdeque-pop-front"];

    #[test]
    fn a_right_winner_and_a_low_factor() {
        let p = Prediction::new("vecdeque-pop-front", 10.0).expect("a number");
        let v = verdict(&p, &VARIANTS, &run()).expect("a complete size");
        assert_eq!(v.n, 10_000, "the largest complete size");
        assert!(v.winner_right);
        assert!((v.factor - 50.0).abs() < 1e-9);
        assert!((v.factor_ratio - 5.0).abs() < 1e-9);
        let s = sentence("queue-ops", &p, &v);
        assert!(s.contains("you were right"), "{s}");
        assert!(s.contains("50× faster than"), "{s}");
        assert!(
            s.contains("the gap was 5.00× larger than you expected"),
            "{s}"
        );
    }

    #[test]
    fn a_wrong_winner_and_a_good_factor() {
        let p = Prediction::new("vec-remove-front", 45.0).expect("a number");
        let v = verdict(&p, &VARIANTS, &run()).expect("a complete size");
        assert!(!v.winner_right);
        let s = sentence("queue-ops", &p, &v);
        assert!(s.contains("was fastest, not"), "{s}");
        assert!(s.contains("you judged the gap well"), "{s}");
    }

    #[test]
    fn factors_are_clamped_and_nan_refused() {
        assert_eq!(Prediction::new("a", 0.2).map(|p| p.factor), Some(1.0));
        assert_eq!(Prediction::new("a", 1e9).map(|p| p.factor), Some(10_000.0));
        assert_eq!(Prediction::new("a", f64::NAN), None);
        // No size with every variant measured: nothing to compare.
        let partial = vec![measured("vec-remove-front", 100, 1, 1.0, 1.0, 1.0)];
        let p = Prediction::new("vec-remove-front", 2.0).expect("a number");
        assert_eq!(verdict(&p, &VARIANTS, &partial), None);
    }

    #[test]
    fn the_form_is_folded_with_save_disabled_and_a_stored_prediction_replaces_it() {
        let form = form_markup("queue-ops", &[("a", "A <vec>"), ("b", "B")], None);
        assert!(
            form.starts_with("<details><summary>Predict first (optional)</summary>"),
            "{form}"
        );
        assert!(form.contains("<input type=\"radio\" name=\"predict-queue-ops\" value=\"a\">A &lt;vec&gt;</label>"), "{form}");
        assert!(form.contains("name=\"predict-factor\" min=\"0\" max=\"16\" step=\"1\" value=\"4\" aria-valuetext=\"10×\"><output>10×</output>"), "{form}");
        assert!(
            form.contains(
                "data-action=\"save\" disabled=\"\">Save my prediction</button></details>"
            ),
            "{form}"
        );
        assert_eq!(factor_of(16.0), 10_000.0);
        let p = Prediction::new("vecdeque-pop-front", 100.0).expect("a number");
        let stored = form_markup("queue-ops", &[], Some(&p));
        assert!(
            stored.starts_with(
                "<p class=\"muted\" data-prediction=\"vecdeque-pop-front\">Your prediction: "
            ),
            "{stored}"
        );
        assert!(stored.contains("about 100× faster than the slowest. <button type=\"button\" data-action=\"change\">Change it</button></p>"), "{stored}");
        let v = verdict(&p, &VARIANTS, &run()).expect("a complete size");
        let result = result_markup("queue-ops", &p, &v);
        assert!(result.starts_with("<p class=\"prediction-result\" role=\"status\" data-prediction-result=\"right\">Your prediction:"), "{result}");
    }
}
