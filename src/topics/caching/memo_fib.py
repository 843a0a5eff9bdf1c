# memo-fib in Python: F(n) by naive recursion, by the same recursion with
# functools.lru_cache (the seed's memoization), and by a loop. Each returns F(n), which
# fits in 64 bits for every n the widget offers (F(93) is the last that does).
from functools import lru_cache


def fib_naive_py(n):
    # Every call makes two more: about 1.6**n calls in all.
    if n < 2:
        return n
    return fib_naive_py(n - 1) + fib_naive_py(n - 2)


def fib_lru_cache(n):
    # The same recursion, memoized. The cache is made inside, so every timed call starts
    # with it empty and pays the whole first computation, as the Rust twin's table does.
    @lru_cache(maxsize=None)
    def fib(k):
        return k if k < 2 else fib(k - 1) + fib(k - 2)

    return fib(n)


def fib_loop(n):
    # Two running values, n additions, no table.
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a
