# sum-loop-vs-formula in Python: 0 + 1 + ... + (n - 1), three ways. Each returns the
# Rust twin's answer (the sum, kept to 64 bits as Rust's wrapping arithmetic does; below
# n = 6 billion the mask changes nothing).

MASK = (1 << 64) - 1


def for_loop(n):
    # One addition per item, each a bytecode round trip through the interpreter.
    total = 0
    for i in range(n):
        total += i
    return total & MASK


def builtin_sum(n):
    # sum() runs the same additions in C: no bytecode per item, still O(n).
    return sum(range(n)) & MASK


def closed_form(n):
    # Gauss's closed form: constant time whatever n is.
    return (n * (n - 1) // 2) & MASK
