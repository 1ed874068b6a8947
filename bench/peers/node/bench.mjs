// Benchmark commands for the plain Node peer; each prints one JSON line (same commands as bench.py).
//   node bench.mjs waitn N MAX_DELAY_S
//   node --expose-gc bench.mjs mem N
//   node bench.mjs order N MAX_DELAY_S RUNS
//   node bench.mjs gen|iterclass ITEMS
//   node bench.mjs runtime COUNT INTERVAL_S
import { asyncComprehension, measureRuntime, RandomNumbers, waitN } from "./exercises.mjs"
import { inversions } from "./inversions.mjs"

const settle = () => new Promise((resolve) => setTimeout(resolve, 20))
const liveHeap = async () => {
  for (let i = 0; i < 3; i++) {
    globalThis.gc()
    await settle()
  }
  globalThis.gc()
  return process.memoryUsage().heapUsed
}

const commands = {
  waitn: async (n, maxDelay) => {
    const start = performance.now()
    const delays = await waitN(Number(n), Number(maxDelay))
    const elapsed = (performance.now() - start) / 1000
    const largest = delays.reduce((a, b) => Math.max(a, b), 0)
    return {
      n: Number(n),
      elapsed_s: elapsed,
      largest_s: largest,
      overhead_s: elapsed - largest,
      count: delays.length,
      inversions: inversions(delays)
    }
  },
  mem: async (n) => {
    const count = Number(n)
    const before = await liveHeap()
    const start = performance.now()
    waitN(count, 100_000) // about 28 hours: next to no wait ends while measured
    await settle() // every wait has reached its setTimeout (they are armed synchronously)
    const launch = (performance.now() - start) / 1000
    const after = await liveHeap()
    return { n: count, bytes_per_wait: (after - before) / count, launch_s: launch, exit: true }
  },
  order: async (n, maxDelay, runs) => {
    const counts = []
    for (let i = 0; i < Number(runs); i++) counts.push(inversions(await waitN(Number(n), Number(maxDelay))))
    return { n: Number(n), runs: Number(runs), inversions: counts }
  },
  gen: async (items) => {
    const start = performance.now()
    const values = await asyncComprehension(Number(items), 0)
    const elapsed = (performance.now() - start) / 1000
    return { items: values.length, elapsed_s: elapsed, items_per_s: values.length / elapsed }
  },
  iterclass: async (items) => {
    const start = performance.now()
    const values = []
    for await (const value of new RandomNumbers(Number(items), 0)) values.push(value)
    const elapsed = (performance.now() - start) / 1000
    return { items: values.length, elapsed_s: elapsed, items_per_s: values.length / elapsed }
  },
  runtime: async (count, interval) => {
    const start = performance.now()
    const reported = await measureRuntime(Number(count), Number(interval))
    const wall = (performance.now() - start) / 1000
    const ideal = Number(count) * Number(interval)
    return { count: Number(count), interval_s: Number(interval), runtime_s: reported, wall_s: wall, excess_s: wall - ideal }
  }
}

const [command, ...args] = process.argv.slice(2)
if (!(command in commands)) throw new Error(`unknown command: ${command}`)
const result = await commands[command](...args)
console.log(JSON.stringify(result))
if (result.exit) process.exit(0)
