# search in Python: is this value in the collection? 64 lookups per call, half of them
# present, against a list scanned from the front (`in`), the sorted list halved by
# bisect, and a set. Each returns the sum of the values it found, as its Rust twin does.
#
# setup(n, params) builds the same input as the Rust widget, from the same seeded generator
# (benchbook.SplitMix64, the Rust side's, step for step), once per size; the harness passes what it returns to each function and
# times only the function.
from bisect import bisect_left

from benchbook import SplitMix64

LOOKUPS_PER_CALL = 64


def setup(n, params):
    rng = SplitMix64(0x5EED0001)
    # Odd values 1, 3, 5, ...: present. Even values: absent by construction.
    data = [2 * i + 1 for i in range(n)]
    rng.shuffle(data)
    queries = []
    for i in range(LOOKUPS_PER_CALL):
        odd = 2 * rng.below(n) + 1 if n else 1
        queries.append(odd if i % 2 == 0 else odd - 1)
    return data, sorted(data), set(data), queries


def linear_in(inputs):
    # `in` on a list compares with every element until it finds the value: O(n).
    data, _, _, queries = inputs
    return sum(q for q in queries if q in data)


def binary_bisect(inputs):
    # bisect halves the sorted list at every step: O(log n).
    _, ordered, _, queries = inputs
    found = 0
    for q in queries:
        i = bisect_left(ordered, q)
        if i < len(ordered) and ordered[i] == q:
            found += q
    return found


def set_in(inputs):
    # `in` on a set hashes the value and looks in one bucket: O(1) expected.
    _, _, members, queries = inputs
    return sum(q for q in queries if q in members)
