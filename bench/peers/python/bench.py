"""Benchmark commands for the Python asyncio peer; each prints one JSON line.

  python3 bench.py waitn N MAX_DELAY_S         overhead of wait_n = elapsed - largest delay, and the inversions
  python3 bench.py mem N                        live bytes per pending wait (tracemalloc, after gc)
  python3 bench.py order N MAX_DELAY_S RUNS     inversions of wait_n's list, run after run
  python3 bench.py gen|iterclass ITEMS          elements per second, zero interval, async comprehension
  python3 bench.py runtime COUNT INTERVAL_S     measure_runtime on the real clock
  python3 bench.py interrupt N                  wait_n(n, 100000) pending, then every task cancelled: wall time
"""
import asyncio
import gc
import json
import sys
import time
import tracemalloc

import exercises

MEM_MAX_DELAY_S = 100_000  # about 28 hours: next to no wait ends while measured


def inversions(values):
    """Pairs i < j with values[i] > values[j] (merge sort count; a sorted list in one pass)."""
    if all(a <= b for a, b in zip(values, values[1:])):
        return 0
    def count(xs):
        if len(xs) <= 1:
            return xs, 0
        mid = len(xs) // 2
        left, a = count(xs[:mid])
        right, b = count(xs[mid:])
        merged, i, j, c = [], 0, 0, a + b
        while i < len(left) and j < len(right):
            if left[i] <= right[j]:
                merged.append(left[i])
                i += 1
            else:
                merged.append(right[j])
                c += len(left) - i
                j += 1
        merged.extend(left[i:])
        merged.extend(right[j:])
        return merged, c
    return count(list(values))[1]


async def waitn(n, max_delay):
    start = time.perf_counter()
    delays = await exercises.wait_n(n, max_delay)
    elapsed = time.perf_counter() - start
    largest = max(delays) if delays else 0.0
    return {"n": n, "elapsed_s": elapsed, "largest_s": largest, "overhead_s": elapsed - largest,
            "count": len(delays), "inversions": inversions(delays)}


async def interrupt(n):
    """wait_n(n, 100000) started, every wait pending, then everything it started cancelled and awaited.

    asyncio.as_completed does not cancel the tasks it wraps when the awaiting task is cancelled, so this cancels
    every task of the loop (wait_n's own and the n waits) and gathers them: what interrupting the whole program means.
    """
    start = time.perf_counter()
    main = asyncio.ensure_future(exercises.wait_n(n, MEM_MAX_DELAY_S))
    loop = asyncio.get_running_loop()
    while len(loop._scheduled) < n * 0.999:
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.05)
    launch = time.perf_counter() - start
    interrupted = time.perf_counter()
    cpu = time.process_time()
    tasks = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    elapsed = time.perf_counter() - interrupted
    return {"n": n, "launch_s": launch, "interrupt_s": elapsed, "interrupt_cpu_s": time.process_time() - cpu,
            "cancelled": main.cancelled()}


async def mem(n):
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    start = time.perf_counter()
    main = asyncio.ensure_future(exercises.wait_n(n, MEM_MAX_DELAY_S))
    loop = asyncio.get_running_loop()
    while len(loop._scheduled) < n * 0.999:  # every wait has reached its sleep (a rare one may have ended)
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.05)
    launch = time.perf_counter() - start
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    main.cancel()
    return {"n": n, "bytes_per_wait": (after - before) / n, "launch_s": launch}


async def order(n, max_delay, runs):
    counts = []
    for _ in range(runs):
        counts.append(inversions(await exercises.wait_n(n, max_delay)))
    return {"n": n, "runs": runs, "inversions": counts}


async def items_per_second(kind, items):
    start = time.perf_counter()
    if kind == "gen":
        values = await exercises.async_comprehension(items, 0)
    else:
        values = [i async for i in exercises.RandomNumbers(items, 0)]
    elapsed = time.perf_counter() - start
    assert len(values) == items
    return {"items": items, "elapsed_s": elapsed, "items_per_s": items / elapsed}


async def runtime(count, interval):
    start = time.perf_counter()
    reported = await exercises.measure_runtime(count, interval)
    wall = time.perf_counter() - start
    return {"count": count, "interval_s": interval, "runtime_s": reported, "wall_s": wall, "excess_s": wall - count * interval}


def main(argv):
    command, args = argv[0], argv[1:]
    if command == "waitn":
        result = asyncio.run(waitn(int(args[0]), float(args[1])))
    elif command == "mem":
        result = asyncio.run(mem(int(args[0])))
    elif command == "order":
        result = asyncio.run(order(int(args[0]), float(args[1]), int(args[2])))
    elif command in ("gen", "iterclass"):
        result = asyncio.run(items_per_second(command, int(args[0])))
    elif command == "interrupt":
        result = asyncio.run(interrupt(int(args[0])))
    elif command == "runtime":
        result = asyncio.run(runtime(int(args[0]), float(args[1])))
    else:
        raise SystemExit("unknown command: " + command)
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
