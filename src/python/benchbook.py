"""Benchbook's helpers for the Python twins: the very SplitMix64 of the Rust side
(src/kernels/rng.rs), so a twin's setup(n, params) draws the same inputs as its Rust widget
and the answers can be compared; and the Rust side's checksums (mix64, sample_checksum), so
a twin's check(result) reduces its output as Rust does. Importable as `benchbook` from a
twin's code (the Python worker puts this file beside the reader's code; cargo test runs it
natively)."""

import math
import struct

MASK = (1 << 64) - 1


def mix64(z):
    """The Rust side's `kernels::mix64` (SplitMix64's finaliser)."""
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def f64_bits(x):
    """A float's IEEE 754 bits as an integer (Rust's `f64::to_bits`)."""
    return struct.unpack("<Q", struct.pack("<d", x))[0]


def sample_checksum(out):
    """The Rust side's `kernels::sample_checksum` of a list of floats: its length, 32 evenly
    spaced elements and the last 7 (where SIMD tails live), each mixed with its index."""
    n = len(out)
    step = max(n // 32, 1)
    acc = n
    for i in list(range(0, n, step)) + list(range(max(n - 7, 0), n)):
        acc = mix64(acc ^ f64_bits(out[i]) ^ ((i << 32) & MASK))
    return acc


class SplitMix64:
    """The Rust side's `kernels::rng::SplitMix64`, step for step."""

    def __init__(self, seed):
        self.state = seed

    def next_u64(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        return mix64(self.state)

    def below(self, bound):
        """A value in 0..bound by multiply-shift, as Rust's `below`."""
        return (self.next_u64() * bound) >> 64

    def shuffle(self, items):
        """Fisher-Yates, as Rust's `shuffle`."""
        for i in range(len(items) - 1, 0, -1):
            j = self.below(i + 1)
            items[i], items[j] = items[j], items[i]


def varied_latencies(n, mean_ms):
    """The Rust side's `async_gather::varied_latencies`: n latencies, ms, evenly at random
    between half and one and a half times mean_ms, rounded to whole ms (halves away from
    zero, as Rust's `round`), from the same seed."""
    rng = SplitMix64(0x1A7E0C1E)
    out = []
    for _ in range(n):
        u = (rng.next_u64() >> 11) / float(1 << 53)
        x = mean_ms * (0.5 + u)
        whole = math.floor(x)
        out.append(max(1.0, float(whole + 1 if x - whole >= 0.5 else whole)))
    return out


def requests_checksum(ids):
    """The Rust side's `Timeline::checksum`: which requests completed, once each."""
    acc = len(ids)
    for i in ids:
        acc ^= mix64(i + 1)
    return acc
