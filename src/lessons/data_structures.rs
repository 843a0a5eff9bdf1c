//! Lesson 3, Choosing data structures (seed: list vs deque, linear vs binary search,
//! counting).

use crate::widgets::Widget;
use leptos::prelude::*;

pub fn body() -> impl IntoView {
    view! {
        <p class="lede">
            "The biggest speedups rarely come from clever instructions. They come from picking a structure whose "
            "cost for the operation you do most is small, and from knowing how that cost grows with the size of the "
            "input. This lesson measures three everyday jobs done with different structures."
        </p>

        <h2>"Queues: never take from the front of a vector"</h2>
        <p>
            "A first-in, first-out queue adds at the back and removes at the front. A "<code>"Vec"</code>
            " stores its elements contiguously from index 0, so "<code>"remove(0)"</code>" must shift every remaining "
            "element one place to the left: with n elements in the queue that is n moves, and draining the whole "
            "queue costs about n²/2 moves. A "<code>"VecDeque"</code>" is a ring buffer; removing from the front "
            "just advances the index of the first element. The Python equivalents are "<code>"list.pop(0)"</code>
            " and "<code>"collections.deque.popleft()"</code>"."
        </p>
        <p>
            "The widget fills a queue with n numbers and then takes them all from the front, both ways, and checks "
            "that both returned the numbers in the same order."
        </p>
        <Widget id="queue-ops"/>
        <p>
            "On log-log axes a straight line with slope 2 is quadratic growth and slope 1 is linear; the legend and "
            "the sentence above give the fitted slopes from your run. Note how the gap widens with every step to "
            "the right: a constant-factor optimisation of "<code>"remove(0)"</code>" could never catch up. At larger "
            "n the quadratic variant is skipped once it would need more than a second per call, and the table says so."
        </p>

        <h2>"Searching: scan, halve, or hash"</h2>
        <p>
            "Is a value in the collection? A linear scan ("<code>"slice::contains"</code>", Python's "<code>"in"</code>
            " on a list) looks at elements one by one: n comparisons when the value is missing. Binary search ("
            <code>"binary_search"</code>", Python's "<code>"bisect"</code>") needs sorted data and halves the range "
            "at each step: about log₂ n comparisons. A hash set computes where the value would be and looks only "
            "there: constant time on average."
        </p>
        <p>
            "Faster lookups are not free. Sorting costs O(n log n) once, and building a hash set O(n). The widget "
            "measures those one-off costs too, so the sentence can tell you after how many lookups each investment "
            "pays for itself. Half of the lookups hit and half miss; the time shown is per lookup."
        </p>
        <Widget id="search"/>
        <p>
            "Two things to notice. The linear scan's line has slope near 1 while the other two stay nearly flat, so "
            "the ratio between them is not a constant: it is whatever n you picked. And at small n the ranking can "
            "flip, because a scan over a few hundred contiguous numbers is very cheap, while hashing has a fixed "
            "cost per lookup."
        </p>

        <h2>"Counting: the right map, or no map at all"</h2>
        <p>
            "The seed lesson counts occurrences with a dictionary and with "<code>"collections.Counter"</code>
            ". In Rust the direct equivalent is a "<code>"HashMap"</code>" and its entry API. Rust's default "
            "hasher, SipHash, is designed so that an attacker cannot choose keys that collide; that protection "
            "costs time, and for keys that no adversary controls, a simpler hash such as FxHash (used inside the "
            "Rust compiler) is enough. When the keys are small integers you need no hashing at all: an array "
            "indexed by the key is a perfect hash table. Sorting and then counting runs of equal keys needs no "
            "map either, but pays O(n log n)."
        </p>
        <Widget id="counting"/>
        <p>
            "Move the number of distinct keys k and run again. With few keys every structure fits in the CPU's "
            "fastest cache and the cost per value is tiny; as k grows past what the caches hold, the map and the "
            "array start missing in cache, and the gaps between the variants change. The sentence ranks them for the "
            "k you chose, and every variant's result is checked against the others before any time is shown."
        </p>

        <h2>"What to take away"</h2>
        <ul>
            <li>"Know the cost of the operation you do most, and how it grows with n."</li>
            <li>"Measure at several sizes: rankings change between small and large inputs."</li>
            <li>"Count the one-off costs (sorting, building an index) against how often you will use them."</li>
            <li>"The most specialised structure that fits your keys (an array for small integers) often wins by a wide margin."</li>
        </ul>
    }
}
