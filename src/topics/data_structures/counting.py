# counting in Python: how often does each key occur among n values drawn from k keys?
# A dict filled in a loop, collections.Counter, a list indexed by key, and sorting then
# counting runs (itertools.groupby). Each returns the Rust twin's answer: every
# (key, count) pair mixed into 64 bits and summed, so the order of the pairs does not
# matter but every count does.
#
# setup(n, params) draws the same keys as the Rust widget, from the same seeded generator
# (benchbook.SplitMix64, the Rust side's) and the widget's k, once per size; only the counting is timed.
from collections import Counter
from itertools import groupby

from benchbook import SplitMix64, mix64

MASK = (1 << 64) - 1


def setup(n, params):
    k = max(1, min(1_000_000, round(params.get("k", 100))))
    rng = SplitMix64(0x5EED0002)
    return [rng.below(k) for _ in range(n)], k


def fold(pairs):
    return sum(mix64(key << 32 | count) for key, count in pairs) & MASK


def dict_loop(inputs):
    # The plain loop: look each key up, add one.
    data, _ = inputs
    counts = {}
    for key in data:
        counts[key] = counts.get(key, 0) + 1
    return fold(counts.items())


def counter(inputs):
    # collections.Counter counts in C (its loop is _count_elements).
    data, _ = inputs
    return fold(Counter(data).items())


def list_by_key(inputs):
    # Keys are small integers in 0..k, so a list is a perfect "hash table".
    data, k = inputs
    counts = [0] * k
    for key in data:
        counts[key] += 1
    return fold((key, c) for key, c in enumerate(counts) if c)


def sorted_runs(inputs):
    # Sort a copy, then count runs of equal keys.
    data, _ = inputs
    return fold((key, sum(1 for _ in run)) for key, run in groupby(sorted(data)))
