# compare-implementations in Python: the squares of the positive values, the seed's slow
# and fast versions: a loop appending to a list, and a list comprehension.
#
# setup(n, params) draws the same n values from -1000 to 1000 as the Rust widget, from the
# same seeded generator (SplitMix64). check(result) turns a result into the Rust twin's
# answer (its length and every element, mixed in order); the harness runs it outside the
# timed calls, as the Rust side checks its results outside its timing.

MASK = (1 << 64) - 1


def mix64(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def setup(n, params):
    state = 0x9
    values = []
    for _ in range(n):
        state = (state + 0x9E3779B97F4A7C15) & MASK
        values.append(((mix64(state) * 2001) >> 64) - 1000)
    return values


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
