//! Lesson 7, Memory optimization (seed: list vs array vs NumPy, generators, object pool):
//! what a value costs, how the order of access meets the cache, streaming instead of
//! storing (and the numerical trap of the one-pass variance), and pooling.

use crate::widgets::Widget;
use leptos::prelude::*;

pub fn body() -> impl IntoView {
    view! {
        <p class="lede">
            "Memory is not only a limit you hit; it is also time. Every byte a program keeps has to be "
            "allocated, and every byte it reads has to travel from memory to the processor, a cache line at a "
            "time. This page measures both: what an integer costs in different containers, how much the "
            "order in which you read a matrix matters once it no longer fits in the cache, what streaming "
            "saves over storing, and when reusing a buffer beats allocating a new one."
        </p>

        <h2>"What an integer costs"</h2>
        <p>
            "The seed compares a Python list of a million integers with an "<code>"array('i')"</code>" and a "
            "NumPy array, using "<code>"sys.getsizeof"</code>". A Python list does not hold its integers: it holds "
            "an 8-byte pointer to each, and each integer is a separate object on the heap. "
            <code>"getsizeof"</code>" counts only the list's array of pointers, so it reports the list as "
            "smaller than it is. A typed array stores the numbers themselves, side by side, at 4 bytes each."
        </p>
        <p>
            "Rust can build both shapes. "<code>"Vec<Box<i64>>"</code>" is the Python list's layout: a vector of "
            "pointers, each to its own heap allocation. "<code>"Vec<i64>"</code>", "<code>"Vec<i32>"</code>" and "
            <code>"Vec<i16>"</code>" store the values inline at 8, 4 and 2 bytes. The widget builds each container "
            "from the same values under the worker's counting allocator, so the bytes are counted, not computed "
            "from type sizes, and then times summing it. The memory chart shows the bytes each container held. "
            "One detail differs from a 64-bit desktop: in WebAssembly (wasm32) a pointer is 4 bytes, not 8, so a "
            "boxed integer costs a 4-byte pointer plus its 8-byte box."
        </p>
        <Widget id="bytes-per-element"/>
        <p>
            "The counted bytes are what the program asked the allocator for. The allocator keeps a little "
            "bookkeeping beside each block as well, which no counting allocator can see, so a million separate "
            "boxes really cost more than the table says; one big vector pays that overhead once. Narrower types "
            "halve the bytes again, at the price of a smaller range: "<code>"i16"</code>" stops at 32,767. "
            "The time column shows the other half of the story: reading values side by side lets the processor "
            "fetch whole cache lines of useful data, while a pointer per element adds a second memory access per "
            "value, cheap only while the boxes happen to sit next to each other."
        </p>

        <h2>"Rows and columns"</h2>
        <p>
            "A matrix in memory is one long line of numbers: row 0, then row 1, and so on. Summing it row by row "
            "reads that line in order, and every cache line fetched is used completely. Summing it column by "
            "column reads one number, then jumps a whole row ahead: each access may need a fresh cache line, of "
            "which only 4 bytes are used. While the matrix fits in the cache the jumps are cheap; once it does "
            "not, they are not. NumPy users meet this as C order versus Fortran order."
        </p>
        <Widget id="row-vs-column"/>
        <p>
            "Read the chart from left to right: at small sizes the two lines lie together, and as n grows the "
            "column-order line rises away from the row-order one. Where exactly it rises depends on your "
            "processor's cache sizes, which is why this is worth measuring rather than assuming."
        </p>

        <h2>"Streaming instead of storing"</h2>
        <p>
            "The seed reads a large file through a generator: each line is turned into a number, used, and "
            "forgotten, so the program never holds more than one value at a time. The alternative, reading "
            "everything into a list first, needs memory in proportion to the input, and for a file larger "
            "than memory it simply fails. Rust's iterators are lazy in the same way: a chain of "
            <code>"map"</code>" and "<code>"filter"</code>" produces one value at a time until something "
            "consumes it, and "<code>"collect"</code>" is the step that stores them all."
        </p>
        <p>
            "The widget summarizes a generated stream of readings (count, mean and variance) both ways: once "
            "by collecting the readings into a "<code>"Vec<f64>"</code>" and summarizing that, once by "
            "summarizing each reading as it is produced. The arithmetic is the same in both, in the same "
            "order, so the two answers must agree to the last bit, and the worker checks that they do. The "
            "memory chart shows each call's peak allocation: the collected version needs 8 bytes per reading, "
            "the streamed one nothing at all. Time differs less than memory: writing every reading out and "
            "reading it back costs something, but generating the readings costs the same either way."
        </p>
        <p>
            "There is a second lesson hiding in the seed's code. It computes the variance in one pass as "
            "the mean of the squares minus the square of the mean, E[x²] − E[x]². That is correct algebra and "
            "poor arithmetic. A 64-bit float carries about 16 significant digits. When readings sit around a "
            "billion and vary by tens, their squares are around 10¹⁸ and the variance is a difference in the "
            "last few of those digits: the two terms are huge and nearly equal, and subtracting them cancels "
            "the digits that held the answer. Welford's method avoids this by updating the mean and the sum of "
            "squared deviations from the running mean as each value arrives, so it never forms the huge "
            "squares. It is still one pass and still needs no storage."
        </p>
        <p>
            "The offset slider moves every reading by the same amount, which leaves the true variance exactly "
            "unchanged. The readings are the offset plus a whole number, so the widget can also compute the "
            "exact variance with integer arithmetic and measure how far each method lands from it. The table "
            "below the chart goes through every power of ten, with the slider's offset marked."
        </p>
        <Widget id="stream-vs-collect"/>
        <p>
            "Near zero both methods are accurate to about the last digit. Move the offset up and watch the "
            "error of E[x²] − E[x]² grow roughly with the square of the offset (the squares it subtracts do), "
            "until the estimate is noise and, at some offsets, negative, which no variance can be. Welford's "
            "error grows too, much more slowly, and stays below one part in a million. The same cancellation bites anywhere a small quantity is "
            "computed as the difference of two large ones; NumPy's "<code>"var"</code>" avoids it by working "
            "in two passes over stored data, subtracting the mean first."
        </p>

        <h2>"Reusing buffers"</h2>
        <p>
            "The seed's "<code>"ObjectPool"</code>" keeps objects that are expensive to create and hands them out "
            "again instead of making new ones. In Rust the common case is a scratch buffer: a task needs some "
            "bytes to work in, and a loop of tasks can either allocate a fresh buffer each time or take one "
            "from a pool and give it back. A fresh "<code>"vec![0u8; size]"</code>" costs an allocation, a "
            "free and, because it promises zeroed bytes, writing every byte once; a pooled buffer costs none of "
            "these after the first task. The widget runs the same tasks both ways (each task writes a byte per "
            "cache line and reads two back) and counts the allocations with the worker's allocator."
        </p>
        <Widget id="object-pool"/>
        <p>
            "Make the buffer larger and the fresh variant pays more per task, because zeroing grows with the "
            "size; make it tiny and the difference shrinks to the allocator's own bookkeeping, which a good "
            "allocator keeps small. A pool is worth its complexity when buffers are large or allocation is "
            "slow, and it has costs of its own: memory held while idle, and the discipline of returning what "
            "you take."
        </p>

        <h2>"What to take away"</h2>
        <ul>
            <li>"A container of pointers costs the pointers plus the objects plus the allocator's overhead per object; store values inline when you can."</li>
            <li>"Use the narrowest type that holds your values: half the bytes is half the memory traffic."</li>
            <li>"Traverse data in the order it is stored; the cost of the wrong order appears only when the data outgrows the cache."</li>
            <li>"Reuse large scratch buffers instead of allocating them per task; measure first, because small allocations are cheap."</li>
        </ul>
    }
}
