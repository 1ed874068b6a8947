"""The exercises in plain Python asyncio, as close to the textbook versions as possible.

wait_random / wait_n / task_wait_random / task_wait_n (the function project) and async_generator /
async_comprehension / measure_runtime (the comprehension project), plus the hand-made async iterator
class of the seed text (the ARange / Ticker pattern: __aiter__ + __anext__ + StopAsyncIteration).

The only departures, for benchmarking: the generator's count and interval are parameters (defaults are
the exercise's 10 and 1 s), and a zero interval skips the sleep entirely, as the library does.
Standard library only.
"""
import asyncio
import random
from typing import AsyncGenerator, List


async def wait_random(max_delay: int = 10) -> float:
    """Wait a random delay between 0 and max_delay seconds and return it."""
    delay = random.uniform(0, max_delay)
    await asyncio.sleep(delay)
    return delay


async def wait_n(n: int, max_delay: int) -> List[float]:
    """Spawn wait_random n times; return the delays in completion order (no sort)."""
    coroutines = [wait_random(max_delay) for _ in range(n)]
    return [await delay for delay in asyncio.as_completed(coroutines)]


def task_wait_random(max_delay: int) -> asyncio.Task:
    """Return an asyncio.Task running wait_random."""
    return asyncio.create_task(wait_random(max_delay))


async def task_wait_n(n: int, max_delay: int) -> List[float]:
    """wait_n built on task_wait_random."""
    tasks = [task_wait_random(max_delay) for _ in range(n)]
    return [await delay for delay in asyncio.as_completed(tasks)]


async def async_generator(count: int = 10, interval: float = 1) -> AsyncGenerator[float, None]:
    """Loop count times: sleep interval seconds, then yield a random number between 0 and 10."""
    for _ in range(count):
        if interval:
            await asyncio.sleep(interval)
        yield random.uniform(0, 10)


async def async_comprehension(count: int = 10, interval: float = 1) -> List[float]:
    """Collect the numbers of async_generator with an async comprehension."""
    return [i async for i in async_generator(count, interval)]


async def measure_runtime(count: int = 10, interval: float = 1) -> float:
    """Run async_comprehension four times in parallel with asyncio.gather; return the elapsed time."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    await asyncio.gather(*(async_comprehension(count, interval) for _ in range(4)))
    return loop.time() - start


class RandomNumbers:
    """The hand-made async iterator class: the same numbers as async_generator."""

    def __init__(self, count: int = 10, interval: float = 1) -> None:
        self.count = count
        self.interval = interval
        self.emitted = 0

    def __aiter__(self) -> "RandomNumbers":
        return self

    async def __anext__(self) -> float:
        if self.emitted >= self.count:
            raise StopAsyncIteration
        self.emitted += 1
        if self.interval:
            await asyncio.sleep(self.interval)
        return random.uniform(0, 10)
