# queue-ops in Python: fill a queue with n items, then take them all from the front.
# Each function returns the same number as its Rust twin: the order in which the items
# left the queue, folded into 64 bits (acc * 31 + item, wrapping), so a queue that
# gave the right items in the wrong order would be caught.
from collections import deque

MASK = (1 << 64) - 1


def list_pop_front(n):
    # A list as a queue: pop(0) shifts every remaining item one place left, as
    # Vec::remove(0) does. A list holds pointers, which are 4 bytes in WebAssembly
    # (wasm32), so each shift moves half the bytes of the Rust Vec<u64>'s: at large n
    # the two can come out close, or the list ahead.
    queue = []
    for item in range(n):
        queue.append(item)
    acc = 0
    while queue:
        acc = (acc * 31 + queue.pop(0)) & MASK
    return acc


def deque_popleft(n):
    # collections.deque: popleft() just takes the first item of a linked block.
    queue = deque()
    for item in range(n):
        queue.append(item)
    acc = 0
    while queue:
        acc = (acc * 31 + queue.popleft()) & MASK
    return acc
