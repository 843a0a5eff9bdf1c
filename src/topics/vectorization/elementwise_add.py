# elementwise-add in Python: c = a + b over two lists of n floats, by an indexed loop and
# by a list comprehension over zip. Every value is a Python float object, and every
# addition is one step of the interpreter: nothing here adds four numbers at once.
#
# setup(n, params) draws the same inputs as the Rust widget from the same seeded generator
# (benchbook.SplitMix64): numbers k / 2^23 - 1, which f32 holds exactly, so their sums
# here (in 64-bit floats) equal Rust's f32 sums bit for bit. check(result) turns the output
# into the Rust side's checksum; the harness runs it outside the timed calls.
from benchbook import SplitMix64, sample_checksum


def setup(n, params):
    rng = SplitMix64(0x5EED0004)

    def value():
        return rng.below(1 << 24) / (1 << 23) - 1.0

    a = [value() for _ in range(n)]
    b = [value() for _ in range(n)]
    return a, b


def indexed_loop(inputs):
    a, b = inputs
    c = [0.0] * len(a)
    for i in range(len(a)):
        c[i] = a[i] + b[i]
    return c


def zipped_comprehension(inputs):
    a, b = inputs
    return [x + y for x, y in zip(a, b)]


def check(out):
    # The Rust side's checksum of the output (benchbook.sample_checksum).
    return sample_checksum(out)
