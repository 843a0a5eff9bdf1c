# async-gather in Python: n simulated requests, each of which only waits (asyncio.sleep
# stands in for the network), with the very latencies of the Rust run: varied_latencies
# draws them from the same seed. A request answers with its id, and check() reduces the
# ids that came back to the number the Rust side reports, so both must complete every
# request exactly once to agree.
#
# An async function is timed once per size, from the first request to the last answer,
# like its Rust twin: waiting is what it measures, and the wait is the same every time.
import asyncio

from benchbook import requests_checksum, varied_latencies


def setup(n, params):
    return varied_latencies(n, params.get("latency", 100.0))


async def request(request_id, latency_ms):
    await asyncio.sleep(latency_ms / 1000)
    return request_id


async def await_one_by_one(latencies):
    answered = []
    for request_id, latency_ms in enumerate(latencies):
        answered.append(await request(request_id, latency_ms))
    return answered


async def gather_all(latencies):
    return await asyncio.gather(*(request(i, ms) for i, ms in enumerate(latencies)))


def check(answered):
    return requests_checksum(answered)
