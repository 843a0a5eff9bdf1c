//! Lesson 9, Profiling-driven optimization (seed: `PerformanceOptimizer`,
//! compare implementations): a fair comparison of implementations.

use crate::widgets::Widget;
use leptos::prelude::*;

pub fn body() -> impl IntoView {
    view! {
        <p class="lede">
            "Every earlier lesson ends in the same move: write the candidates, check that they agree, measure "
            "them fairly, and keep the winner only if it wins where it matters. The seed packages that move as "
            "a "<code>"PerformanceOptimizer"</code>" with a "<code>"compare_implementations"</code>" method. "
            "This page does the same comparison with the care the rest of the course has taught."
        </p>

        <h2>"What a fair comparison needs"</h2>
        <p>
            "The seed's method calls each implementation once between two "<code>"perf_counter"</code>" "
            "readings and divides. Three things can go wrong with that. One reading of a short call is mostly "
            "clock noise (lesson 1). The first call pays for warm-up that later calls do not. And nothing "
            "checks that the candidates computed the same thing, so a \"faster\" version that is quietly wrong "
            "wins. The widget below does it the other way round: it first requires every implementation to "
            "return the identical list at each size (the worker compares a checksum of every element, in "
            "order, and refuses to report times otherwise), then times each with calibrated batches after "
            "warm-up, and only then ranks them."
        </p>

        <h2>"Keep the positives and square them"</h2>
        <p>
            "The seed's example keeps the positive values of a list and squares them, first with a loop and "
            <code>"append"</code>", then with NumPy masks. The Rust candidates are the ones a reviewer would "
            "suggest. A loop that pushes onto an empty "<code>"Vec"</code>" grows it as it goes, reallocating "
            "and copying each time it runs out of room. An iterator chain, "<code>"filter"</code>" then "
            <code>"map"</code>" then "<code>"collect"</code>", reads better, but "<code>"collect"</code>" cannot "
            "know how many values will pass the filter, so it grows the vector the same way. "
            <code>"Vec::with_capacity(n)"</code>" reserves room for every input value up front: one "
            "allocation, never a copy, at the price of reserving about twice what the result needs. And if you "
            "own a buffer you may overwrite, you can copy the data in and do the work in place with "
            <code>"retain"</code>" and a squaring loop, without allocating at all once the buffer is big "
            "enough."
        </p>
        <Widget id="compare-implementations"/>
        <p>
            "The ranking below the chart is at the largest size; the readout also says whether the order was "
            "the same at the smallest. Move the slider and watch the order change. With a handful of values "
            "the fixed costs of a call dominate: the allocation each new vector needs (the in-place version "
            "needs none once its buffer is big enough) and a growing vector's first few reallocations. With "
            "millions of values those are lost in the per-value work and the memory traffic, which decide "
            "instead; in between, the allocator's handling of medium and large blocks can reorder things "
            "again. A speedup measured at one size is a fact about that size."
        </p>

        <h2>"The loop of profiling-driven optimization"</h2>
        <p>
            "Put together, the course's method is a loop. Measure the whole program and find where the time "
            "goes (lesson 2). Form a hypothesis about that spot: a better data structure (lesson 3), less "
            "interpretation or more vectorization (lesson 4), more cores (lesson 5), overlapping waits (lesson "
            "6), less memory traffic (lesson 7), not repeating work (lesson 8). Write the candidate, check that "
            "it gives the same answers, measure it against the original at the sizes you care about, and keep "
            "it only if it wins there. Then profile again: the bottleneck has moved."
        </p>
    }
}
