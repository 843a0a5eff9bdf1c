# object-pool in Python: n tasks, each needing a scratch buffer of `kib` KiB. Each task
# writes one byte per 64 of its buffer and reads two back, as its Rust twin does, and the
# answer mixes what it read, so both languages must do the same work to agree.
#
# fresh_bytearray makes a new zeroed bytearray for every task; pooled_bytearray takes one
# from an ObjectPool (the seed's shape: get() reuses a free object or creates one, put()
# hands it back). Nothing is reset between tasks: a task reads only bytes it wrote.
from benchbook import mix64

MASK = (1 << 64) - 1


def setup(n, params):
    kib = min(max(params.get("kib", 64.0), 1.0), 4096.0)
    return n, int(kib * 1024)


def task(buf, task_id):
    for i in range(0, len(buf), 64):
        buf[i] = (task_id ^ i) & 0xFF
    last = (len(buf) - 1) // 64 * 64
    return mix64(task_id ^ (buf[0] << 8) ^ buf[last])


class ObjectPool:
    def __init__(self, create):
        self.create = create
        self.free = []

    def get(self):
        return self.free.pop() if self.free else self.create()

    def put(self, obj):
        self.free.append(obj)


def fresh_bytearray(inputs):
    tasks, size = inputs
    total = 0
    for task_id in range(tasks):
        buf = bytearray(size)
        total = (total + task(buf, task_id)) & MASK
    return total


def pooled_bytearray(inputs):
    tasks, size = inputs
    pool = ObjectPool(lambda: bytearray(size))
    total = 0
    for task_id in range(tasks):
        buf = pool.get()
        total = (total + task(buf, task_id)) & MASK
        pool.put(buf)
    return total
