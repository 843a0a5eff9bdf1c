"""The seed lesson's Python comparisons, timed in CPython on this machine.

Run by script/bench, which prints these figures beside the same work measured in the
browser. Each figure is per operation (per call, per lookup, per value or per element),
the median of repeated timeit batches, so it lines up with the widgets' tables.

Prints one JSON object per line: {"widget", "variant", "n", "median_ns", "label"}.
"""

import bisect
import functools
import json
import math
import random
import statistics
import sys
import timeit
from collections import Counter, deque

import numpy as np

REPEATS = 7


def median_ns(fn, ops=1):
    """Median ns per op over REPEATS batches, each sized by timeit to last >= 0.2 s."""
    timer = timeit.Timer(fn)
    number, _ = timer.autorange()  # smallest count lasting >= 0.2 s
    batches = timer.repeat(repeat=REPEATS, number=number)
    return statistics.median(batches) / number / ops * 1e9


def emit(widget, variant, n, ns, label):
    print(json.dumps({"widget": widget, "variant": variant, "n": n, "median_ns": ns, "label": label}))


def main():
    random.seed(19)

    # Basic timing: sum of a range vs the formula (n = 1,000,000).
    n = 1_000_000
    emit("sum-loop-vs-formula", "loop", n, median_ns(lambda: sum(range(n))), "sum(range(n))")
    emit("sum-loop-vs-formula", "formula", n, median_ns(lambda: n * (n - 1) // 2), "n * (n - 1) // 2")

    # Queue: append n, then pop all from the front (n = 10,000).
    n = 10_000

    def list_queue():
        q = []
        for i in range(n):
            q.append(i)
        while q:
            q.pop(0)

    def deque_queue():
        q = deque()
        for i in range(n):
            q.append(i)
        while q:
            q.popleft()

    emit("queue-ops", "vec-remove-front", n, median_ns(list_queue), "list.pop(0)")
    emit("queue-ops", "vecdeque-pop-front", n, median_ns(deque_queue), "deque.popleft()")

    # Search: membership per lookup, half hits (n = 100,000, 64 lookups per call).
    n = 100_000
    data = [2 * i + 1 for i in range(n)]
    random.shuffle(data)
    ordered = sorted(data)
    as_set = set(data)
    queries = [2 * random.randrange(n) + 1 - (i % 2) for i in range(64)]

    def in_sorted(q):
        i = bisect.bisect_left(ordered, q)
        return i < len(ordered) and ordered[i] == q

    emit("search", "linear", n, median_ns(lambda: [q in data for q in queries], 64), "x in list")
    emit("search", "binary", n, median_ns(lambda: [in_sorted(q) for q in queries], 64), "bisect")
    emit("search", "hash", n, median_ns(lambda: [q in as_set for q in queries], 64), "x in set")

    # Counting: n = 100,000 values over k = 100 keys, per value.
    n = 100_000
    values = [random.randrange(100) for _ in range(n)]

    def dict_count():
        counts = {}
        for v in values:
            counts[v] = counts.get(v, 0) + 1
        return counts

    emit("counting", "hashmap-std", n, median_ns(dict_count, n), "dict.get loop")
    emit("counting", "hashmap-fx", n, median_ns(lambda: Counter(values), n), "collections.Counter")

    # Element-wise add: list comprehension vs NumPy (n = 1,000,000), per element.
    n = 1_000_000
    a_list = [random.random() for _ in range(n)]
    b_list = [random.random() for _ in range(n)]
    a_np, b_np = np.array(a_list, dtype=np.float32), np.array(b_list, dtype=np.float32)
    emit("elementwise-add", "indexed", n, median_ns(lambda: [x + y for x, y in zip(a_list, b_list)], n),
         "list comprehension")
    emit("elementwise-add", "zipped", n, median_ns(lambda: a_np + b_np, n), "NumPy a + b (float32)")

    # x^2 + sin(x) on an n x n grid, per element (n = 500, as the widget's default).
    side = 500
    xs = [-math.pi + 2 * math.pi * i / (side * side) for i in range(side * side)]
    grid = np.array(xs).reshape(side, side)

    def loops():
        out = [0.0] * len(xs)
        for i in range(side):
            for j in range(side):
                x = xs[i * side + j]
                out[i * side + j] = x * x + math.sin(x)
        return out

    emit("square-plus-sin", "nested", side, median_ns(loops, side * side), "nested Python loops")
    emit("square-plus-sin", "flat", side, median_ns(lambda: grid**2 + np.sin(grid), side * side),
         "NumPy grid**2 + np.sin(grid)")

    # Fibonacci: naive recursion at n = 30; memoized (cache cleared before every call, as
    # the widget's memo table starts empty) and iterative at n = 40, the widget's default.
    def fib_naive(k):
        return k if k < 2 else fib_naive(k - 1) + fib_naive(k - 2)

    @functools.lru_cache(maxsize=None)
    def fib_cached(k):
        return k if k < 2 else fib_cached(k - 1) + fib_cached(k - 2)

    def fib_cached_cold(k):
        fib_cached.cache_clear()
        return fib_cached(k)

    def fib_loop(k):
        a, b = 0, 1
        for _ in range(k):
            a, b = b, a + b
        return a

    emit("memo-fib", "naive", 30, median_ns(lambda: fib_naive(30)), "naive recursion fib(30)")
    emit("memo-fib", "memo", 40, median_ns(lambda: fib_cached_cold(40)), "@lru_cache fib(40), cache cleared")
    emit("memo-fib", "iterative", 40, median_ns(lambda: fib_loop(40)), "loop fib(40)")

    print(json.dumps({"python": sys.version.split()[0], "numpy": np.__version__}))


if __name__ == "__main__":
    main()
