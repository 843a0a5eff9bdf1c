//! Lesson 10, Resource monitoring (seed: a psutil context manager): what a run costs
//! besides time, read from the bench worker while it runs.

use crate::widgets::Widget;
use leptos::prelude::*;

pub fn body() -> impl IntoView {
    view! {
        <p class="lede">
            "Time is one cost of a computation; memory is the other one you can run out of. The seed wraps a "
            "block of code in a context manager that reads the process's resident memory and CPU use from "
            <code>"psutil"</code>" before and after. A browser tab has no process to ask, but the bench worker "
            "can report what it can see of itself, and this page shows it live."
        </p>

        <h2>"What can be measured in a browser"</h2>
        <p>
            "Three figures are honest here. The first is the size of the worker's WebAssembly linear memory: "
            "one block of bytes that holds every Rust allocation, grown in 64 KiB pages when the allocator "
            "runs out of room and never shrunk, much like a process's heap. The second comes from the "
            "counting allocator the course uses throughout (lesson 2): how many bytes are live now, the most "
            "that were live at once since the run started, and how many allocations were made. The third is "
            "the UI thread's JavaScript heap, which Chromium exposes as "<code>"performance.memory"</code>" "
            "and other browsers do not; the monitor shows it only where it exists. CPU use per process, the "
            "seed's other figure, has no browser equivalent: a page cannot see the operating system's "
            "accounting."
        </p>
        <p>
            "The monitor runs the default sweep of the widget you choose, on the same worker and with the "
            "same harness as its lesson, and the worker sends a reading at the start and after every size, so "
            "the chart grows while the sweep runs."
        </p>
        <Widget id="resource-monitor"/>
        <p>
            "Try a memory-hungry workload, such as the profiling lesson's "<em>"Where the memory goes"</em>", "
            "and then run it again: the first run grows the linear memory, the second finds the room already "
            "there. The allocator's peak tells you what the run really needed at once; the linear memory tells "
            "you what the tab keeps afterwards. That difference is why long-lived programs, browser tabs "
            "included, can stay large after the work that made them large is over."
        </p>
    }
}
