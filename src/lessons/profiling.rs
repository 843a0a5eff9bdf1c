//! Lesson 2, Profiling (seed: cProfile/pstats, memory_profiler, line-by-line profiling).

use crate::widgets::Widget;
use leptos::prelude::*;

pub fn body() -> impl IntoView {
    view! {
        <p class="lede">
            "Optimizing the wrong part of a program is the most common way to waste an afternoon. A profiler "
            "tells you where the time and the memory actually go, so you can spend your effort where it pays. "
            "This lesson profiles a small data pipeline for time, then measures where a few common patterns "
            "allocate memory."
        </p>

        <h2>"Two kinds of profiler"</h2>
        <p>
            "A sampling profiler interrupts the program many times a second and records which function was "
            "running; over thousands of samples, the counts show where the time goes, at almost no cost to the "
            "program. An instrumenting profiler instead adds code at the start and end of each region it measures "
            "and reads a clock there. Python's "<code>"cProfile"</code>" is of the second kind: it hooks every "
            "function call, which is why a profiled Python program runs noticeably slower."
        </p>
        <p>
            "Inside a browser there is no sampling profiler for this course to use from the page: WebAssembly "
            "cannot interrupt itself or inspect its own call stack, and the browser's built-in profiler "
            "lives in the developer tools, out of a page's reach. So the course brings an instrumenting one: a span "
            "profiler of about a hundred lines. Code marks a region with "<code>"profiler.span(\"parse\", |p| …)"</code>
            "; the profiler reads the clock on entry and exit and builds a call tree with call counts, "
            "cumulative time (the span and everything inside it) and own time (cumulative minus child spans), "
            "the same columns "<code>"pstats"</code>" prints."
        </p>

        <h2>"Where does the pipeline spend its time?"</h2>
        <p>
            "The job: generate n records as text lines, split the text into lines, then, a thousand lines at a "
            "time, parse them into records, transform them (normalize, then compute a score) and aggregate "
            "per-category totals. The widget times the pipeline with and without the profiler, so you can see what "
            "instrumentation costs, and shows the profile of one run at the largest size as a table you can sort "
            "by any column and as an icicle chart, in which each span's width is its share of the time and its "
            "children sit below it."
        </p>
        <Widget id="profile-pipeline"/>
        <p>
            "Read the table the way you would read "<code>"pstats"</code>" output. Sorting by cumulative time "
            "points at the stage that contains the problem; sorting by own time points at the code that is "
            "itself slow. Slide n and run again: whether one stage dominates at every size is exactly the kind "
            "of thing to check before optimizing it. Each span costs two clock readings, and the browser's clock "
            "only ticks every few microseconds, so this profiler measures stages of a thousand records, not "
            "single records: profile at a granularity the clock can resolve."
        </p>

        <h2>"Memory is a profile too"</h2>
        <p>
            "Python's "<code>"memory_profiler"</code>" reports how much memory each line adds. The course's worker "
            "has a counting allocator installed instead: every allocation passes through it, and it records how "
            "many allocations a call makes, how many bytes they request in all, and the most bytes the call held "
            "at once. The widget measures two classic patterns."
        </p>
        <ul>
            <li>
                "Building a vector of n elements by pushing into an empty "<code>"Vec"</code>": whenever it is full, "
                "it moves everything into a buffer twice the size. Reserving the capacity first, or collecting "
                "from an iterator that knows its length, allocates once."
            </li>
            <li>
                "Running three processing steps as three materialized vectors (like three list comprehensions in a "
                "row) versus one lazy iterator chain that never stores an intermediate result."
            </li>
        </ul>
        <Widget id="memory-profile"/>
        <p>
            "The memory chart and the table's last column give the peak for each call; the sentence adds the "
            "allocation counts. Growing by doubling takes many allocations, requests about twice the final size "
            "in all, and ends with a buffer rounded up to the next power of two, so its peak can exceed what "
            "was needed. (When the allocator has to move a growing buffer, old and new copies exist for an "
            "instant; the counting allocator sees a reallocation as one free and one allocation, so that instant "
            "is not in its peak.) The fused pipeline allocates nothing. Compare the time chart too: fewer "
            "allocations and fewer passes over memory usually, but not always, mean less time."
        </p>

        <h2>"What to take away"</h2>
        <ul>
            <li>"Profile before optimizing, at a size close to the real one."</li>
            <li>"Cumulative time finds the expensive subsystem; own time finds the expensive code."</li>
            <li>"Instrumentation has a cost; measure it, and keep spans coarse enough for the clock."</li>
            <li>"Memory is part of performance: count allocations and peaks, not only seconds."</li>
        </ul>
    }
}
