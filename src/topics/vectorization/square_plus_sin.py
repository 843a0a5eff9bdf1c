# square-plus-sin in Python: x*x + sin(x) for every x of an n-by-n grid, as the seed's slow
# version does it (nested loops), as one comprehension over the flat list, and with the
# Rust widget's polynomial in place of math.sin.
#
# setup(n, params) builds the same grid as Rust, value for value; the sums come out bit
# for bit equal to Rust's, so check(result), run outside the timed calls, gives the Rust
# side's checksum of the output.
import math

from benchbook import sample_checksum

PI = math.pi


def setup(n, params):
    count = n * n
    xs = [-PI + 2.0 * PI * i / max(count, 1) for i in range(count)]
    return n, xs


def nested_loops(inputs):
    n, xs = inputs
    out = [0.0] * (n * n)
    for row in range(n):
        for col in range(n):
            x = xs[row * n + col]
            out[row * n + col] = x * x + math.sin(x)
    return out


def flat_comprehension(inputs):
    _, xs = inputs
    sin = math.sin
    return [x * x + sin(x) for x in xs]


def sin_poly(x):
    # Rust's sin_poly, operation for operation: fold into [-pi/2, pi/2], then a degree-9
    # Taylor polynomial. In Rust this is arithmetic the compiler can vectorize; here each
    # operation is one more step of the interpreter.
    if x > PI / 2.0:
        x = PI - x
    elif x < -PI / 2.0:
        x = -PI - x
    x2 = x * x
    return x * (1.0 + x2 * (-1.0 / 6.0 + x2 * (1.0 / 120.0 + x2 * (-1.0 / 5040.0 + x2 / 362880.0))))


def poly_comprehension(inputs):
    _, xs = inputs
    return [x * x + sin_poly(x) for x in xs]


def check(out):
    # The Rust side's checksum of the output (benchbook.sample_checksum).
    return sample_checksum(out)
