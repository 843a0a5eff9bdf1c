# compare-implementations in Python: the squares of the positive values, the seed's slow
# and fast versions: a loop appending to a list, and a list comprehension.
#
# setup(n, params) draws the same n values from -1000 to 1000 as the Rust widget, from the
# same seeded generator (benchbook.SplitMix64, the Rust side's). check(result) turns a
# result into the Rust twin's answer (its length and every element, mixed in order); the
# harness runs it outside the timed calls, as the Rust side checks its results outside
# its timing.

from benchbook import MASK, SplitMix64, mix64


def setup(n, params):
    rng = SplitMix64(0x9)
    return [rng.below(2001) - 1000 for _ in range(n)]


def check(squares):
    acc = len(squares)
    for x in squares:
        acc = mix64(acc ^ (x & MASK))
    return acc


def loop_append(values):
    # The seed's slow version: a loop, a test and a method call per value.
    out = []
    for x in values:
        if x > 0:
            out.append(x * x)
    return out


def comprehension(values):
    # The seed's fast version: the same work as one list comprehension.
    return [x * x for x in values if x > 0]
