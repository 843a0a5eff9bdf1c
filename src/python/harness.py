"""Benchbook's Python harness: times the reader's Python in the reader's browser.

It runs inside Pyodide (CPython compiled to WebAssembly) in its own Web Worker
(public/python_worker.js), which passes it the code, the function names and the sizes,
and a function `emit` that takes one JSON message. It measures the way `timeit` does,
with the same rules as the Rust harness where they apply:

- When the code defines `setup(n, params)`, it runs once per size, untimed, and each
  function is called with what it returned (else with n). When it defines
  `check(result)`, a result's answer is check(result), computed outside the timed batches
  (as the Rust side's full check is).
- `time.perf_counter_ns` reads the page's clock (`performance.now()`), so it is as coarse
  as the Rust side's: each sample is a batch of calls that spans at least MIN_TICKS ticks
  of it, sized after a first call and a doubling search (timeit's autorange), and sized
  again (the samples so far dropped) if a sample comes out shorter than that.
- Garbage collection is off while a sample runs, as in timeit.
- Every call's answer must equal the first one's; the page then checks that answer
  against Rust's for the same input, and shows no time for a Python function that
  disagrees.
- An `async def` function (a coroutine function: simulated requests that only wait) is
  awaited once per size, from its first request to its last answer, as its Rust twin is:
  what it measures is waiting, which a batch would not make more precise.
- A point samples for about POINT_BUDGET_NS at most (never fewer than MIN_SAMPLES
  samples), and a function whose single call took longer than SLOW_CALL_NS, or is predicted
  to from its growth over the last two sizes, is not run at larger sizes.

The statistics (median, spread) are computed by the page from the raw samples, by the
same code as the Rust side's.
"""

import asyncio
import gc
import inspect
import json
import math
import sys
import time
import traceback

MIN_TICKS = 500
MIN_SAMPLE_NS = 1_000_000
SAMPLES = 9
MIN_SAMPLES = 3
POINT_BUDGET_NS = 500_000_000
SLOW_CALL_NS = 1_000_000_000
READER_FILE = "<your code>"


class Refused(Exception):
    """A problem with the reader's code that is not a Python exception of its own."""


def clock_tick_ns():
    """The smallest step of perf_counter_ns seen in 50 tries."""
    best = None
    for _ in range(50):
        start = time.perf_counter_ns()
        now = start
        while now == start:
            now = time.perf_counter_ns()
        step = now - start
        best = step if best is None else min(best, step)
    return best


async def event_loop_step_ms(settle=8, steps=16):
    """How long one step of the event loop takes here, ms: the mean of `steps` chained
    `await asyncio.sleep(0)` after `settle` unmeasured ones. Pyodide schedules each step as
    a browser task; where it has to use setTimeout(0) (Safari's engine, in a worker), the
    browser delays a timer nested more than five deep to 4 ms, and every awaited wait pays
    that after its timer fires."""
    for _ in range(settle):
        await asyncio.sleep(0)
    start = time.perf_counter()
    for _ in range(steps):
        await asyncio.sleep(0)
    return (time.perf_counter() - start) * 1000 / steps


def reader_line(exc):
    """The line of the reader's code where `exc` was raised, or None."""
    if isinstance(exc, SyntaxError) and exc.filename == READER_FILE:
        return exc.lineno
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == READER_FILE:
            line = frame.lineno
    return line


def failure(kind, exc):
    if isinstance(exc, ModuleNotFoundError) and (exc.name or "").split(".")[0] == "numpy":
        message = (
            "NumPy cannot run in this browser: its WebAssembly build is not on the package "
            "registries this course is served from. The NumPy figures on this page were "
            "measured natively by script/bench."
        )
        return {"type": "failed", "kind": "numpy", "line": reader_line(exc), "message": message}
    if isinstance(exc, SyntaxError):
        message = f"{type(exc).__name__}: {exc.msg}"
    else:
        message = f"{type(exc).__name__}: {exc}"
    return {"type": "failed", "kind": kind, "line": reader_line(exc), "message": message}


def require_int(name, answer):
    """Refuses an answer that is not an integer: the page compares it with Rust's."""
    if not isinstance(answer, int) or isinstance(answer, bool):
        raise Refused(f"{name}(n) returned {type(answer).__name__}, not an int: it must return the same number as the Rust code.")


def timed(fn, arg, batch):
    """Runs `batch` calls with the collector off; (elapsed ns, last answer)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        start = time.perf_counter_ns()
        for _ in range(batch):
            answer = fn(arg)
        elapsed = time.perf_counter_ns() - start
    finally:
        if enabled:
            gc.enable()
    return elapsed, answer


def measure(name, fn, n, arg, tick_ns, check):
    start = time.perf_counter_ns()
    answer = check(fn(arg))
    first_ns = time.perf_counter_ns() - start
    require_int(name, answer)
    floor = max(MIN_TICKS * tick_ns, MIN_SAMPLE_NS)
    # Autorange: grow the batch until one batch spans twice the floor, so that samples
    # a little faster than the calibrating one still span it.
    target = 2 * floor
    batch = 1
    elapsed = first_ns
    while elapsed < target:
        # Aim 20% past the target from the last batch's rate, growing 2x to 10x a step.
        grow = 10 if elapsed == 0 else min(10, max(2, -(-target * 6 // (elapsed * 5))))
        batch *= grow
        elapsed, again = timed(fn, arg, batch)
        again = check(again)
        if again != answer:
            raise Refused(f"{name}({n}) returned {again} after first returning {answer}.")
    samples = []
    shortest = None
    resized = 0
    spent_from = time.perf_counter_ns()
    while len(samples) < SAMPLES:
        elapsed, again = timed(fn, arg, batch)
        again = check(again)
        if again != answer:
            raise Refused(f"{name}({n}) returned {again} after first returning {answer}.")
        if elapsed < floor and resized < 4:
            # Faster than when the batch was sized (warmed up): size it again, start over.
            batch *= 2
            resized += 1
            samples, shortest = [], None
            continue
        samples.append(elapsed / batch)
        shortest = elapsed if shortest is None else min(shortest, elapsed)
        if len(samples) >= MIN_SAMPLES and time.perf_counter_ns() - spent_from > POINT_BUDGET_NS:
            break
    return {
        "type": "point",
        "function": name,
        "n": n,
        "samples_ns": samples,
        "batch": batch,
        "shortest_ns": shortest,
        "first_call_ns": first_ns,
        "answer": str(answer),
    }


async def measure_once(name, fn, n, arg, check):
    """An async function's point: one awaited call, timed by the wall clock."""
    start = time.perf_counter_ns()
    result = await fn(arg)
    elapsed = time.perf_counter_ns() - start
    answer = check(result)
    require_int(name, answer)
    return {
        "type": "point",
        "function": name,
        "n": n,
        "samples_ns": [elapsed],
        "batch": 1,
        "shortest_ns": elapsed,
        "first_call_ns": elapsed,
        "answer": str(answer),
    }


def argument(namespace, n, params):
    """What each function is called with: setup(n, params) when the code defines it (params:
    the widget's slider values, e.g. {"n": 10000.0, "k": 100.0}), else n."""
    setup = namespace.get("setup")
    return setup(n, params) if callable(setup) else n


def predicted_ns(history, n):
    """A call's time at n from the last two sizes measured, or 0 without two. Sizes in equal
    steps (a widget about exponential growth, like naive recursion, sweeps n that way) are
    extrapolated as an exponential in n, sizes in growing steps as a power of n."""
    if len(history) < 2:
        return 0
    (n0, t0), (n1, t1) = history[-2], history[-1]
    if not (0 < n0 < n1 < n and t0 > 0 and t1 > 0):
        return 0
    if abs((n - n1) - (n1 - n0)) <= 1:
        return t1 * max(1.0, t1 / t0) ** ((n - n1) / (n1 - n0))
    return t1 * (n / n1) ** max(0.0, math.log(t1 / t0) / math.log(n1 / n0))


def checker(namespace):
    """The answer of a result: check(result) when the code defines it, else the result."""
    check = namespace.get("check")
    return check if callable(check) else (lambda result: result)


async def run(code, functions_json, sizes_json, params_json, emit):
    """Compiles the reader's code, then times each function at each size. A coroutine
    itself, so that async functions can be awaited (the worker awaits it; natively,
    asyncio.run runs it)."""
    functions = json.loads(functions_json)
    sizes = json.loads(sizes_json)
    params = json.loads(params_json)
    try:
        compiled = compile(code, READER_FILE, "exec")
    except SyntaxError as exc:
        emit(json.dumps(failure("syntax", exc)))
        return
    namespace = {"__name__": "reader"}
    try:
        exec(compiled, namespace)
    except BaseException as exc:
        emit(json.dumps(failure("exception", exc)))
        return
    for name in functions:
        if not callable(namespace.get(name)):
            emit(json.dumps({
                "type": "failed", "kind": "missing", "line": None,
                "message": f"The code no longer defines {name}(n): the chart has a line for it. Reset restores the course's code.",
            }))
            return
    check = checker(namespace)
    tick_ns = clock_tick_ns()
    emit(json.dumps({"type": "started", "tick_ns": tick_ns, "total": len(functions) * len(sizes)}))
    too_slow = {}
    history = {name: [] for name in functions}
    for n in sizes:
        try:
            arg = argument(namespace, n, params)
        except BaseException as exc:
            emit(json.dumps(failure("exception", exc)))
            return
        for name in functions:
            guess = predicted_ns(history[name], n)
            if name in too_slow or guess > SLOW_CALL_NS:
                why = (f"one call took {too_slow[name] / 1e9:.1f} s at a smaller n" if name in too_slow
                       else f"one call would take about {guess / 1e9:.1f} s (from its growth so far)")
                emit(json.dumps({"type": "skipped", "function": name, "n": n, "reason": f"not run: {why}"}))
                continue
            try:
                fn = namespace[name]
                if inspect.iscoroutinefunction(fn):
                    point = await measure_once(name, fn, n, arg, check)
                else:
                    point = measure(name, fn, n, arg, tick_ns, check)
            except Refused as why:
                emit(json.dumps({"type": "failed", "kind": "answer", "line": None, "message": str(why)}))
                return
            except BaseException as exc:
                emit(json.dumps(failure("exception", exc)))
                return
            if point["first_call_ns"] > SLOW_CALL_NS:
                too_slow[name] = point["first_call_ns"]
            history[name].append((n, min(point["samples_ns"])))
            emit(json.dumps(point))
    emit(json.dumps({"type": "done"}))


def answers(code, functions, sizes, params):
    """Native check (cargo test runs this with CPython): each function's answer per size."""
    namespace = {"__name__": "reader"}
    exec(compile(code, READER_FILE, "exec"), namespace)
    out = {name: {} for name in functions}
    for n in sizes:
        arg = argument(namespace, n, params)
        for name in functions:
            result = namespace[name](arg)
            if inspect.iscoroutine(result):
                result = asyncio.run(result)
            out[name][str(n)] = str(checker(namespace)(result))
    return out


# Pyodide runs this file as __main__ too: only an explicit flag reads stdin.
#   --answers  each function's answer per size (cargo test checks them against Rust's)
#   --time     the same timing as in the browser, natively, one JSON message per line
#              (script/bench's native CPython column)
if __name__ == "__main__" and sys.argv[1:] in (["--answers"], ["--time"]):
    request = json.load(sys.stdin)
    if sys.argv[1] == "--answers":
        print(json.dumps(answers(request["code"], request["functions"], request["sizes"], request.get("params", {}))))
    else:
        asyncio.run(run(request["code"], json.dumps(request["functions"]), json.dumps(request["sizes"]),
                        json.dumps(request.get("params", {})), print))
