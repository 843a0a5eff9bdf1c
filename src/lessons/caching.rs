//! Lesson 8, Caching and memoization (seed: persistent cache, TTL cache, lru_cache):
//! remembering answers, what it costs, and when a remembered answer is wrong.

use crate::widgets::Widget;
use leptos::prelude::*;

pub fn body() -> impl IntoView {
    view! {
        <p class="lede">
            "The fastest computation is the one you do not repeat. A cache keeps answers you have already "
            "computed and hands them back when the same question comes again. That trade, memory for time, "
            "is behind memoized functions, web caches and build systems alike. This page measures how much "
            "it saves, how big a cache must be, what an expiry time buys and costs, and what it takes for a "
            "cache to survive a page reload."
        </p>

        <h2>"Memoization: never solve the same subproblem twice"</h2>
        <p>
            "The Fibonacci numbers are defined by F(n) = F(n − 1) + F(n − 2). Written as a recursive "
            "function straight from that definition, computing F(n) calls F(n − 1) and F(n − 2), which both "
            "call F(n − 3), and so on: the same small values are computed over and over, and the number of "
            "calls grows like the golden ratio, about 1.618, to the power n. Each step of n makes the work "
            "about 60% larger, and a few dozen steps turn microseconds into hours."
        </p>
        <p>
            "Memoization stores each F(k) the first time it is computed and looks it up afterwards. In Python "
            "that is one line, "<code>"@functools.lru_cache"</code>"; here it is a "<code>"HashMap"</code>" "
            "passed down the recursion. Each F(k) is then computed once, so F(n) costs about n steps. A loop "
            "that keeps just the last two values does the same n steps with no table at all. The widget runs "
            "all three; the memo table starts empty on every call, so it measures the first computation, not a "
            "lookup of a remembered answer. The chart's time axis is logarithmic, so growth by a constant "
            "factor per step of n, which is exponential growth, bends upward on it. Naive recursion has a time "
            "budget: once one call is predicted to take longer than 60 ms, larger n are skipped, and the "
            "results table says so instead of freezing the worker for hours."
        </p>
        <Widget id="memo-fib"/>
        <p>
            "The readout estimates how long the skipped sizes would have taken, from the growth rate it "
            "measured. The memoized version is slower than the loop by a constant factor (hashing and "
            "inserting cost more than adding), but both grow linearly with n, and that is the point: "
            "caching changed the algorithm's complexity, not just its constant."
        </p>

        <h2>"A cache with a size limit: least recently used"</h2>
        <p>
            "A cache cannot keep everything. The common policy is to evict the entry that has gone unused "
            "for the longest time, on the bet that what was asked for recently will be asked for again. "
            "Python's "<code>"lru_cache(maxsize=…)"</code>" does this. The cache shown here is written out "
            "in full (see the code under the widget): a hash map from key to a slot in a linked list kept in "
            "order of use, so both a hit and an eviction cost O(1). It is tested against a simple model on "
            "thousands of random requests; in a production Rust program the "<code>"lru"</code>" crate "
            "provides the same structure."
        </p>
        <p>
            "How well a cache works depends on the requests. Real request streams are skewed: a few keys "
            "are asked for very often and most rarely, which a Zipf distribution models (the key of rank r is "
            "asked for in proportion to 1 / rˢ, where the skew s is the slider). The widget sends the same "
            "10,000 requests, over 10,000 possible keys, to a costly function, once directly and once through "
            "an LRU cache of each capacity up to the chosen one, and reports time per request and hit rate."
        </p>
        <Widget id="lru-hit-rate"/>
        <p>
            "With a strong skew a small cache already catches most requests; with s = 0 every key is equally "
            "likely, a cache of a tenth of the keys catches about a tenth of the requests, and the "
            "bookkeeping of a lookup on every request can cost more than the few calls it saves. A cache "
            "pays off in proportion to its hit rate times the cost of a miss, minus the cost of looking up."
        </p>

        <h2>"Answers that expire: time-to-live"</h2>
        <p>
            "Some answers go out of date: a price, a weather report, a user's profile. The seed's "
            <code>"TTLCache"</code>" keeps each entry for a fixed time-to-live (TTL) and treats it as absent "
            "afterwards, so the next request fetches a fresh value. The TTL is a dial between two costs: a "
            "short one fetches often, a long one answers more requests from the cache but serves some "
            "answers after the source has changed."
        </p>
        <p>
            "The widget simulates it, on a clock that is a number rather than the wall clock, so an hour of "
            "requests takes milliseconds and every run is exactly repeatable: 2,000 requests for 20 keys, one "
            "every 100 ms, while each key's value at the source changes every 20 simulated seconds unless "
            "the second slider says otherwise. Each request is a hit, a miss (fetched), or a stale hit (served from the cache after "
            "the source changed). An entry stored at time t is used for requests before t + TTL; at exactly "
            "t + TTL it has expired, and the tests pin that boundary down."
        </p>
        <Widget id="ttl-cache"/>
        <p>
            "In the timeline, misses come in a regular beat, one per TTL for each busy key, and a key's "
            "answers turn stale (crosses) from the source's first change after its fetch until its next "
            "miss. Lengthen the TTL and the misses thin out while the crosses multiply; shorten it below the "
            "source's interval and most answers are current again, at the price of more fetches. Which TTL is right is not a performance question: it is how old an answer "
            "your readers may see."
        </p>

        <h2>"A cache that survives a reload"</h2>
        <p>
            "The seed's "<code>"PersistentCache"</code>" pickles each result to a file named by an MD5 hash of "
            "the function's name and arguments, so a second run of the program finds it. A browser page has "
            "no files, but it has IndexedDB: an asynchronous database per site that survives reloads and "
            "restarts. The widget below computes something deliberately slow, the number of primes below n by "
            "trial division, on the worker. Before computing, it looks in IndexedDB under a key made from a "
            "hash of the function's name and its argument; after computing, it stores the answer there."
        </p>
        <p>
            "Run it, then reload the page and run it again with the same n: the second answer comes from "
            "storage in a fraction of the time. Storage can fail in ways a disk cache in a script rarely "
            "meets, and each gets a clear message and a recomputation rather than an error page. An entry "
            "that does not decode, or whose checksum does not match, is reported, recomputed and replaced. A "
            "full quota means the answer is shown but not saved. Storage that the browser refuses (some "
            "private modes, blocked site data) means the widget computes every time and says why. The Clear "
            "button empties the store."
        </p>
        <Widget id="persistent-cache"/>
        <p>
            "Two details of the seed's version are worth copying and one is not. Hashing the arguments gives "
            "every distinct call its own entry, and storing results outside the program makes them outlive "
            "it. But a cache that trusts whatever it reads back turns a damaged file into a wrong answer or a "
            "crash: the entries here carry a format version and a checksum, and anything that fails either "
            "is treated as absent."
        </p>
    }
}
