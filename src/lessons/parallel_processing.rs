//! Lesson 5, Parallel processing (seed: multiprocessing, chunked processing, threads for
//! I/O): CPU-bound work on threads, chunk sizes, copying versus sharing data between
//! workers, and a concurrency limit for requests that wait.

use crate::widgets::Widget;
use leptos::prelude::*;

pub fn body() -> impl IntoView {
    view! {
        <p class="lede">
            "When one core is busy and the others idle, splitting the work can make it finish sooner, but rarely "
            "by as much as you hope. This page measures how much CPU-bound work gains from more threads, and "
            "compares the result with the classic prediction, Amdahl's law."
        </p>
        <h2>"Threads in a browser"</h2>
        <p>
            "The seed lesson uses Python's "<code>"multiprocessing"</code>" for CPU-bound work, because CPython's "
            "global interpreter lock lets only one thread run Python code at a time. Rust threads have no such "
            "lock; they run truly in parallel. In a browser, a thread is a Web Worker, and for workers to share one "
            "WebAssembly memory the page needs "<code>"SharedArrayBuffer"</code>", which browsers only grant to "
            "pages that are cross-origin isolated. This course starts a pool of workers once, with "
            <code>"wasm-bindgen-rayon"</code>", and runs "<code>"rayon"</code>" on it exactly as native Rust code "
            "would. When the page is not isolated, every widget falls back to one thread and the banner says why."
        </p>

        <h2>"Amdahl's law"</h2>
        <p>
            "Suppose a share s of the work must run on one thread (reading input, merging results) and the rest "
            "splits perfectly over k threads. The time on k threads is then s + (1 − s)/k of the time on one, so the "
            "speedup is 1 / (s + (1 − s)/k). With s = 0 the speedup is k; with any s above zero it can never exceed "
            "1/s, however many threads you add. Five percent of serial work caps the speedup at twenty."
        </p>
        <p>
            "The widget runs a fixed amount of integer arithmetic: the parallel part is cut into k equal chunks, "
            "one per thread, and the serial share runs afterwards on one thread. The pool is created once for the "
            "whole page, so to use exactly k of its threads the work is split into exactly k tasks. It measures "
            "k = 1 up to the number you choose, checks that every k computed the same total, and plots the speedup "
            "against the ideal line and against Amdahl's prediction for the serial share you set."
        </p>
        <Widget id="parallel-cpu"/>
        <p>
            "Set the serial share to zero and the measured points should approach the ideal line; raise it and they "
            "bend towards the Amdahl curve. Where the measured speedup falls short of the prediction even with no "
            "serial work, the difference is overhead the law ignores: starting tasks, waking threads, and the other "
            "programs on your machine competing for its cores. With very little work, that overhead dominates; "
            "slide the work size down to watch the speedup collapse."
        </p>

        <h2>"How big should a piece of work be?"</h2>
        <p>
            "The seed lesson splits its data into chunks before handing them to a process pool. The chunk size "
            "is a real trade-off. Every task costs something to create, queue and steal, so a chunk of one item "
            "pays that overhead once per item. A single chunk of everything pays it once, but gives the pool one "
            "task, which one thread runs while the others idle. Somewhere between, there are enough tasks to keep "
            "every thread busy and few enough that their overhead disappears in the work."
        </p>
        <p>
            "The widget maps the same cheap function over n items with "<code>"par_chunks"</code>", one task per "
            "chunk, at chunk sizes from one item up to all of them, and marks the fastest. Every chunk size must "
            "produce the same total before any time is shown."
        </p>
        <Widget id="chunk-size"/>
        <p>
            "The right end rises on any machine with more than one thread: one task can only use one of them. "
            "How much the left end rises depends on how a task's cost compares with an item's work; rayon's "
            "tasks are cheap, so with work as heavy as this the left end may barely move, and the sentence "
            "says which happened on your machine. The bottom of the curve is usually wide: any chunk size that gives each thread several "
            "tasks and each task thousands of items works about equally well, which is why rayon's default "
            "adaptive splitting is a good choice when you do not want to tune it. On a page without threads the "
            "curve is flat, because there is no pool to hand tasks to."
        </p>

        <h2>"Processes copy, threads share"</h2>
        <p>
            "Python's "<code>"ProcessPoolExecutor"</code>" sidesteps the interpreter lock by running separate "
            "processes, and separate processes have separate memory: every chunk a worker process receives, and "
            "every result it returns, is serialised and copied. Threads live in one address space and simply read "
            "the same memory. Web Workers give the browser both models. A plain "<code>"postMessage"</code>" "
            "makes a structured clone, a full copy, like a process. Transferring an "<code>"ArrayBuffer"</code>" "
            "hands over ownership without copying: the receiver gets the bytes and the sender's buffer becomes "
            "empty. A "<code>"SharedArrayBuffer"</code>" is memory both workers see at once, like threads; the "
            "wasm-bindgen-rayon pool behind the widgets above shares one WebAssembly memory exactly this way."
        </p>
        <p>
            "The widget hands a message of m megabytes from the bench worker to a second worker and waits for its "
            "reply, in each of the three ways; the receiver reads one byte of every 4 KiB page and sends back their "
            "sum, which must be the same for all three before any time is shown. A transferred buffer comes back "
            "by transfer too, so each round trip is timed the same way. The chart shows the time per megabyte."
        </p>
        <Widget id="copy-vs-share"/>
        <p>
            "A copy costs time in proportion to the bytes, so its time per megabyte settles to a constant as "
            "messages grow, a memory-bandwidth figure. A transfer or a shared buffer moves a handle, not the "
            "bytes: its cost grows far more slowly than the size (what grows at all is the receiver reading one "
            "byte per page), so its time per megabyte keeps falling. For small messages all three are dominated "
            "by the fixed cost of posting a message and waking the other worker. Shared memory is only offered to "
            "cross-origin isolated pages; elsewhere its row says it is unavailable, and why."
        </p>

        <h2>"Requests that wait"</h2>
        <p>
            "The seed's last parallel example is different in kind: ten requests that each spend a second waiting "
            "for the network, run serially and then with "<code>"ThreadPoolExecutor(max_workers=5)"</code>". "
            "Waiting uses no CPU, so the threads are not there for cores; they exist so that several waits can "
            "overlap. With N requests of latency L and at most k in flight, the requests go in ceil(N/k) rounds, "
            "and the total is about ceil(N/k) × L. The seed's numbers, N = 10 and k = 5, give two rounds instead "
            "of ten."
        </p>
        <p>
            "This widget sends no network traffic. Each request is a timer in the bench worker that fires after "
            "the simulated latency, so the figures show scheduling, not a server. The serial run awaits each "
            "request before starting the next; the limited run keeps at most k in flight and starts the next "
            "request the moment one finishes ("<code>"buffer_unordered(k)"</code>" in Rust's futures). The "
            "timeline draws one bar per request, from when it started to when its response came."
        </p>
        <Widget id="io-concurrency"/>
        <p>
            "Read the timeline as rounds: with k = 5, five bars start together, and the next five start as the "
            "first ones end. Raise k to N and every request is in flight at once, so the total drops to one "
            "latency; lower it to 1 and the two panels look the same. A real service sets the limit for you: "
            "browsers open only a handful of connections per server, and servers throttle clients that open "
            "too many."
        </p>

        <h2>"What to take away"</h2>
        <ul>
            <li>"Parallelism helps CPU-bound work only when there are idle cores and enough work per task."</li>
            <li>"The serial part of a program limits the speedup, no matter how many threads you add."</li>
            <li>"Measure the speedup at several thread counts; efficiency per thread tells you when to stop adding them."</li>
            <li>"Give each task enough work to hide its overhead, and make enough tasks to keep every thread busy."</li>
            <li>"Copying data between workers costs time per byte; transferring or sharing it does not."</li>
            <li>"For work that waits, concurrency is about overlapping waits, not cores: N requests at k at a time take about ceil(N/k) latencies."</li>
        </ul>
    }
}
