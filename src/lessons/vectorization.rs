//! Lesson 4, Vectorization (seed: NumPy vs loops, broadcasting, in-place operations).

use crate::widgets::Widget;
use leptos::prelude::*;

pub fn body() -> impl IntoView {
    view! {
        <p class="lede">
            "In Python, \u{201c}vectorize\u{201d} means handing a whole array to NumPy so the loop runs in compiled "
            "code instead of the interpreter. In compiled languages the word means something more literal: one "
            "machine instruction that works on several numbers at once. This lesson measures when that happens, "
            "what prevents it, and when it does not matter at all."
        </p>

        <h2>"SIMD: several numbers per instruction"</h2>
        <p>
            "Modern processors have SIMD registers (single instruction, multiple data). WebAssembly's SIMD128 "
            "registers hold 128 bits: four 32-bit floats, so one "<code>"f32x4.add"</code>" adds four pairs of "
            "numbers. Compilers use these instructions on their own when they can prove a loop is safe to process "
            "in chunks; this is auto-vectorization. This course's worker is compiled with SIMD128 enabled, which "
            "every current browser supports; the home page's environment panel shows whether yours does."
        </p>
        <p>
            "The widget adds two arrays of floats four ways. The first is a baseline that cannot use SIMD: each "
            "element passes through "<code>"black_box"</code>", so the compiler must load, add and store one float "
            "at a time. The indexed loop reads "<code>"a[i]"</code>" and "<code>"b[i]"</code>", and Rust checks "
            "every index against its slice's length; a compiler that can prove those checks never fail moves them "
            "out of the loop and vectorizes it, and one that cannot leaves them in and stays scalar. Zipped "
            "iterators stop at the shortest slice, so there is nothing to check at all. The last version writes "
            "the SIMD instructions by hand with "<code>"core::arch::wasm32"</code>" intrinsics, plus a scalar loop "
            "for the last few elements when the length is not a multiple of four. The table also shows throughput: "
            "bytes read and written per second."
        </p>
        <Widget id="elementwise-add"/>
        <p>
            "The gap between the baseline and the rest is what SIMD buys on your machine. Whether the indexed loop "
            "joined the vectorized ones is decided by the compiler, and the sentence above says which it did. The "
            "hand-written intrinsics rarely beat the compiler's own vectorization of a loop this simple: writing "
            "intrinsics pays off for work the compiler cannot see through, not for an addition. At the largest "
            "sizes the arrays outgrow the processor's caches, and every version ends up waiting for memory."
        </p>

        <h2>"When the loop is not the problem"</h2>
        <p>
            "The seed lesson computes x\u{b2} + sin(x) over a grid, once with nested Python loops and once with "
            "NumPy. In Rust both loop shapes compile to tight machine code, and the question becomes: where does "
            "the time go? The widget evaluates the formula over an n \u{d7} n grid with nested loops, with one flat "
            "pass, and with one flat pass that replaces the library's "<code>"sin"</code>" by a short polynomial. "
            "The polynomial is only an approximation; its largest error on the grid's range is stated in the "
            "result, and the native tests check it."
        </p>
        <Widget id="square-plus-sin"/>
        <p>
            "If the nested and flat lines lie on top of each other, the loop's shape is not what costs time: the "
            "transcendental function call is. A library "<code>"sin"</code>" must be accurate to the last bit for "
            "every input, which takes range reduction and branches the compiler cannot vectorize. Trading a little "
            "accuracy for plain arithmetic is a common, deliberate optimization in graphics and simulation code; "
            "the sentence above says how much it bought on your machine."
        </p>

        <h2>"Temporaries cost memory and time"</h2>
        <p>
            "Array code written one operation at a time, like "<code>"b = a * 2; c = b + 1"</code>", builds a whole "
            "new array for every intermediate result. Each one is an allocation, and each one sends all the data "
            "through memory once more. Fusing the operations into one pass removes the intermediate array; "
            "writing into a buffer you already own removes allocation altogether (NumPy's "
            <code>"a *= 2"</code>" and "<code>"out="</code>" arguments). The widget measures time with the harness "
            "and memory with a counting allocator installed in the worker, which records every allocation a call "
            "makes and the most bytes it held at once."
        </p>
        <Widget id="temporaries-vs-in-place"/>
        <p>
            "The peak-memory column shows the temporaries version holding two arrays at once, the fused version "
            "one, and the in-place version none beyond the buffer it reuses. Time is another matter. Every pass "
            "over the data costs time once the arrays outgrow the caches, and this in-place version makes two: "
            "the benchmark must leave its input untouched for the next call, so it first copies the input into its "
            "buffer. If it comes out slower than the fused pass, that copy is why; in a real program, working in "
            "place on data you no longer need saves both the copy and the allocation."
        </p>
        <h2>"Describing data: do less work, not faster work"</h2>
        <p>
            "The seed lesson ends its NumPy section with a "<code>"describe()"</code>"-style summary: count, mean, "
            "standard deviation, the quartiles, and outliers by z-score (how many standard deviations a value lies "
            "from the mean). Mean and standard deviation take one pass each. The quartiles are the interesting "
            "part: the obvious way sorts a copy of the data, O(n log n), and reads the quartiles off the sorted "
            "array. But three quartiles need only a handful of order statistics, and "
            <code>"select_nth_unstable"</code>" finds the k-th smallest value in O(n) on average by partitioning "
            "around pivots, like quicksort that only recurses into the side it needs."
        </p>
        <p>
            "The widget times both on a bell-shaped sample into which a few values far from the rest have been "
            "planted. Both variants must produce identical statistics before any time is shown; the panel under "
            "the chart lists them for the largest sample, with a histogram whose bars beyond three standard "
            "deviations are coloured as outliers. Its count axis is logarithmic, so a single value still shows."
        </p>
        <Widget id="describe-stats"/>
        <p>
            "This is vectorization's lesson seen from the other side: the biggest gains often come from doing less "
            "work rather than doing the same work with wider instructions. The growth exponents in the legend tell "
            "the two algorithms apart as n grows; the sentence above states the ratio at the largest size. Note "
            "that the outlier count includes more than the planted values: a bell curve itself puts about one "
            "value in five hundred beyond three standard deviations, which is why a z-score rule flags candidates "
            "to inspect, not errors to delete."
        </p>
    }
}
