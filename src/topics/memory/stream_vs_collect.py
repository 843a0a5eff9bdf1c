# stream-vs-collect in Python: the count, mean and variance of n generated readings, from a
# list of all of them (n float objects held at once) or from a generator (one at a time).
# Both use Welford's method, written step for step as the Rust side writes it, so the
# summaries agree bit for bit; check(result), run outside the timed calls, turns one into
# the Rust side's checksum.
#
# The readings come from the same seeded generator as Rust's (benchbook.SplitMix64):
# offset + q, with q a whole number in -50..50.
import math

from benchbook import SplitMix64, f64_bits, mix64

NOISE = 50


def setup(n, params):
    offset = min(max(params.get("offset", 1e9), 0.0), 1e12)
    return n, float(math.floor(offset + 0.5))  # rounded half away from zero, as Rust's round()


def readings(n, offset):
    rng = SplitMix64(0x5EED)
    for _ in range(n):
        yield offset + (rng.below(2 * NOISE + 1) - NOISE)


def welford(values):
    count, mean, m2 = 0, 0.0, 0.0
    for x in values:
        count += 1
        delta = x - mean
        mean += delta / count
        m2 += delta * (x - mean)
    return count, mean, (m2 / count if count else 0.0)


def collect_list(inputs):
    n, offset = inputs
    everything = list(readings(n, offset))
    return welford(everything)


def stream_generator(inputs):
    n, offset = inputs
    return welford(readings(n, offset))


def check(summary):
    # The Rust side's Summary::checksum.
    count, mean, variance = summary
    return mix64(count ^ mix64(f64_bits(mean) ^ mix64(f64_bits(variance))))
