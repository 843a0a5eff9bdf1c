//! The CPU kernel of `blocking-the-ui`: a chain of integer mixing steps, each depending
//! on the last, so it cannot be vectorised, parallelised or skipped.
//!
//! The worker runs it from its message loop; the UI thread runs the very same function
//! from a click handler, on purpose, to show what that does to the page.

/// Longest the UI thread may be blocked on the reader's request, ms.
pub const UI_LIMIT_MS: f64 = 1000.0;

// region: worker
/// `n` dependent mixing steps; returns the final state, which the caller keeps.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn spin(n: u64) -> u64 {
    let mut x = 0x2545_f491_4f6c_dd1d_u64;
    for i in 0..n {
        x = super::mix64(x ^ i);
    }
    x
}
// endregion

// region: ui-thread
/// The same function, called straight from the Run button's click handler: until it
/// returns, the UI thread can neither paint, animate nor answer input.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn on_ui_thread(n: u64) -> u64 {
    spin(n)
}
// endregion

/// The variants: one on each thread.
pub static VARIANTS: [super::Variant; 2] = [
    super::Variant::new("worker", "On the bench worker", "spin"),
    super::Variant::new("ui-thread", "On the UI thread", "spin"),
];

/// Steps to run for `target_ms`, given a measured time per step, capped so one call
/// stays within [`UI_LIMIT_MS`].
pub fn steps_for(target_ms: f64, ns_per_step: f64) -> u64 {
    let ns = ns_per_step.max(0.01);
    let target = target_ms.clamp(1.0, UI_LIMIT_MS);
    (target * 1e6 / ns).floor().max(1.0) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spin_depends_on_every_step() {
        assert_ne!(spin(1000), spin(1001));
        assert_eq!(spin(1000), on_ui_thread(1000));
    }

    #[test]
    fn steps_are_capped_at_the_ui_limit() {
        assert_eq!(steps_for(500.0, 1.0), 500_000_000);
        assert_eq!(steps_for(5000.0, 1.0), 1_000_000_000);
        assert_eq!(steps_for(100.0, 0.0), 10_000_000_000);
        assert!(steps_for(0.0, 2.0) >= 1);
    }
}
