//! Lesson 6, Async I/O (seed: asyncio + aiohttp gather): overlapping waits on one thread,
//! and why CPU work must not run on the thread that draws the page.

use crate::widgets::Widget;
use leptos::prelude::*;

pub fn body() -> impl IntoView {
    view! {
        <p class="lede">
            "A program that waits for the network is not busy; it is idle with a promise to continue later. "
            "Async code makes that idleness useful: one thread starts many waits and handles each answer as it "
            "comes. This page measures what that buys, and then shows the opposite case, where a thread that "
            "should be free is kept busy, and what the reader of a page feels when that happens."
        </p>

        <h2>"Await one by one, or gather"</h2>
        <p>
            "The seed fetches ten URLs with "<code>"aiohttp"</code>" and "<code>"asyncio.gather"</code>". The "
            "important word is gather: every request is started first, and only then does the program wait, for "
            "all of them together. Written the other way, "<code>"for url in urls: await fetch(url)"</code>", "
            "the same async code waits for each response before sending the next request, and takes as long as "
            "blocking code would. With gather, the total is about the longest single latency; one by one, it is "
            "the sum of them all."
        </p>
        <p>
            "In Rust the same two shapes are a "<code>"for"</code>" loop with "<code>".await"</code>" inside, and "
            <code>"futures::future::join_all"</code>". The widget runs both in the bench worker over N simulated "
            "requests whose latencies vary around the mean you choose, from half to one and a half times it, the "
            "way real services vary. As in the previous lesson, a request here is a timer, not network traffic."
        </p>
        <Widget id="async-gather"/>
        <p>
            "In the one-by-one panel each bar starts where the previous one ended; in the gathered panel every bar "
            "starts at zero and the run ends with the slowest request. Gathering has no limit, which is its "
            "danger: a thousand URLs would open a thousand connections at once. The concurrency limit from the "
            "previous lesson ("<code>"asyncio.Semaphore"</code>" in Python, "<code>"buffer_unordered"</code>" in "
            "Rust) is the usual fix."
        </p>

        <h2>"Never block the thread that draws the page"</h2>
        <p>
            "Everything above runs on one thread because waiting is cheap. Computing is not. A browser tab has one "
            "UI thread that runs your event handlers, lays out the page, runs animations driven by script and "
            "answers clicks; while a function runs on it, none of that happens. The browser calls any task over "
            "50 ms a long task, and a page that has them feels broken: the scroll sticks, the button does not "
            "press, the animation stops. Async code does not help here, because a computation never awaits; it "
            "just runs until it returns. The cure is a different thread: this is why every other widget in this "
            "course runs its kernels in a Web Worker."
        </p>
        <p>
            "This widget is the one exception, on purpose. Press Run and the strip below starts animating, one "
            "step per frame. First the bench worker runs a chain of integer mixing steps; then the UI thread "
            "runs the same function with the same input, straight from an event handler. A "
            <code>"PerformanceObserver"</code>" counts long tasks and the animation records every frame it "
            "manages to paint. The number of steps comes from a few milliseconds of calibration on the UI "
            "thread, sized so that its call takes at most about the duration you chose, never more than a "
            "second; it often takes less, because the calibration runs before the browser has finished "
            "optimizing the code."
        </p>
        <Widget id="blocking-the-ui"/>
        <p>
            "Watch the dot: it moves steadily while the worker computes, and stops dead while the UI thread "
            "does. The chart shows both phases on one time axis: when the kernel ran, the long tasks the "
            "browser logged, and the gaps where frames should have been painted and were not. The two calls must "
            "return the same result before anything is shown. Their times need not match: the page and the "
            "worker are separate builds (the page's code is compiled for size, the worker's for speed and with "
            "SIMD enabled), and the same source can run faster in either."
        </p>

        <h2>"What to take away"</h2>
        <ul>
            <li>"Async code only overlaps waits you start before you await them."</li>
            <li>"Started together, N waits take about as long as the longest of them; awaited in turn, as long as all of them."</li>
            <li>"Put a limit on how many requests are in flight; gathering everything at once is rarely polite or wise."</li>
            <li>"CPU work on the UI thread freezes the page for as long as it runs; move it to a worker."</li>
        </ul>
    }
}
