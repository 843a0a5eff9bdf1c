//! Lesson 1, Measuring time (seed: Basic Timing).

use crate::widgets::Widget;
use leptos::prelude::*;

pub fn body() -> impl IntoView {
    view! {
        <p class="lede">
            "Before making anything faster you need a number you can trust. This lesson is about getting one: "
            "which clock to read, why a single reading of fast code tells you nothing, and why the compiler may "
            "quietly remove the very work you set out to time."
        </p>

        <h2>"Read a monotonic clock"</h2>
        <p>
            "A wall clock tells the time of day and may jump when the system synchronises it. For measuring durations "
            "you want a monotonic clock: one that only moves forward, at a steady rate. In Rust that is "
            <code>"std::time::Instant"</code>"; in a browser it is "<code>"performance.now()"</code>
            ", which this course reads inside its benchmark worker. Python's equivalent is "
            <code>"time.perf_counter()"</code>"."
        </p>
        <p>
            "Every clock has a resolution: the smallest step it can show. Browsers deliberately coarsen theirs, "
            "because fine timers help side-channel attacks such as Spectre. A page that is cross-origin isolated gets "
            "steps of about 5 µs; any other page gets about 100 µs. Anything shorter than one step reads as either "
            "zero or one whole step."
        </p>

        <h2>"One reading versus a calibrated batch"</h2>
        <p>
            "The widget below times the same small function two ways. The first way reads the clock, calls the "
            "function once, reads the clock again, and repeats that a hundred times. The second way calls it in a "
            "batch, many times between two readings, with the batch sized so that one sample spans at least "
            "five hundred clock steps, and divides by the batch size. Slide the work size and run it."
        </p>
        <Widget id="timer-resolution"/>
        <p>
            "Look at the smallest sizes. The one-call-at-a-time line sits on the floor of the chart or jumps to one "
            "clock step: its readings are whole ticks, not durations, and its bars span everything from zero to a "
            "tick. Only when one call lasts many ticks do the two lines meet; the sentence under the chart says at "
            "which size that happened for you. This is why benchmark tools such as Python's "<code>"timeit"</code>
            ", criterion or this course's harness always batch."
        </p>

        <h2>"Repeat, warm up, report the median and the spread"</h2>
        <p>
            "One batch is still one sample, and samples vary: other programs run, caches and branch predictors warm "
            "up, the CPU changes its clock speed. The harness behind every widget therefore works in steps:"
        </p>
        <ol>
            <li>"It builds the inputs first, outside the timed region."</li>
            <li>"It calibrates the batch size so a sample lasts at least five hundred clock steps: the clock's rounding is then at most 0.2% of a sample."</li>
            <li>
                "It warms up, repeating batches until the time per call stops falling. The browser's WebAssembly "
                "engine first runs code in a quick-to-compile baseline tier and only later swaps in optimised "
                "machine code; a long-running call is not swapped mid-way, so the early calls are slow."
            </li>
            <li>"It takes samples until it has enough or its time budget runs out, and says so when the budget cut it short."</li>
            <li>
                "It reports the median, which one disturbed sample cannot drag, along with the fastest and slowest "
                "sample and the median absolute deviation."
            </li>
        </ol>
        <p>
            "In the code, that is one reusable helper: "<code>"measure(clock, config, mode, || kernel())"</code>
            ". It is the Rust counterpart of the seed lesson's "<code>"measure_time"</code>" decorator, with the "
            "batching and statistics a decorator around a single call cannot provide."
        </p>

        <h2>"Work the optimizer may delete"</h2>
        <p>
            "The sum 0 + 1 + … + (n − 1) can be computed by a loop, in time proportional to n, or by Gauss's formula "
            "n(n − 1)/2, in constant time. The widget below measures three versions: a loop in which "
            <code>"std::hint::black_box"</code>" hides every intermediate value from the optimizer, so that it must "
            "really perform n additions; the idiomatic "<code>"(0..n)"</code>" iterator fold, left to the optimizer; "
            "and the formula."
        </p>
        <Widget id="sum-loop-vs-formula"/>
        <p>
            "The chart's axes are logarithmic, so a line's slope is its growth exponent: slope 1 means time doubles "
            "when n doubles, slope 0 means it does not change. The black-boxed loop climbs with slope close to 1. The "
            "formula stays flat. Now look at the iterator version. An optimising compiler is allowed to replace any "
            "computation by another with the same result, and LLVM recognises this loop; if its line is flat like "
            "the formula's, the compiler did the algebra for you, and the sentence above says which happened here."
        </p>
        <p>
            "The same mechanism works against careless benchmarks: if a result is never used, the compiler may "
            "delete the computation altogether and you end up timing nothing. The harness passes every result "
            "through "<code>"black_box"</code>", and before it reports any time it checks that all variants "
            "returned the same answer: a variant that does less work than the others cannot hide."
        </p>

        <h2>"Checklist"</h2>
        <ul>
            <li>"Use a monotonic clock and know its resolution."</li>
            <li>"Batch until each sample is far longer than one clock step."</li>
            <li>"Warm up, take several samples, report the median and the spread."</li>
            <li>"Keep inputs and results out of the optimizer's reach, and check that variants agree."</li>
            <li>"Sweep the input size: one size hides how the time grows."</li>
        </ul>
    }
}
