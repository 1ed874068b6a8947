/**
 * Shared pieces of the benchmark commands for the library: inversion counting, live-heap reading and output.
 */
import { Effect } from "effect"

/** Pairs `i < j` with `values[i] > values[j]`, by merge sort. */
export const inversions = (values: ReadonlyArray<number>): number => {
  let count = 0
  const sort = (xs: ReadonlyArray<number>): Array<number> => {
    if (xs.length <= 1) {
      return [...xs]
    }
    const mid = xs.length >> 1
    const left = sort(xs.slice(0, mid))
    const right = sort(xs.slice(mid))
    const merged: Array<number> = []
    let i = 0
    let j = 0
    while (i < left.length && j < right.length) {
      const a = left[i]!
      const b = right[j]!
      if (a <= b) {
        merged.push(a)
        i++
      } else {
        merged.push(b)
        j++
        count += left.length - i
      }
    }
    return merged.concat(left.slice(i), right.slice(j))
  }
  sort(values)
  return count
}

const gc = (): void => {
  // Without --expose-gc (the in-process smoke test) the reading is only approximate; the runner always passes it.
  const collect = (globalThis as { gc?: () => void }).gc
  collect?.()
}

const pause = (millis: number): Effect.Effect<void> =>
  Effect.promise(() => new Promise<void>((resolve) => setTimeout(resolve, millis)))

/** Live heap bytes after forcing full garbage collections (exact only under `--expose-gc`). */
export const liveHeap: Effect.Effect<number> = Effect.gen(function*() {
  for (let i = 0; i < 3; i++) {
    gc()
    yield* pause(20)
  }
  gc()
  return process.memoryUsage().heapUsed
})

/** Number of armed Node timers (one per pending `Effect.sleep` on Effect's default clock). */
export const armedTimers = (): number =>
  process.getActiveResourcesInfo().reduce((total, kind) => kind === "Timeout" ? total + 1 : total, 0)

/**
 * Polls until at least 99.9 % of `n` Node timers are armed (every sleep has started; a rare wait may already have
 * ended), then lets 50 ms pass for the last few.
 */
export const untilArmed = (n: number): Effect.Effect<void> =>
  Effect.promise(() =>
    new Promise<void>((resolve) => {
      const poll = (): void => {
        if (armedTimers() >= n * 0.999) {
          setTimeout(resolve, 50)
        } else {
          setTimeout(poll, 10)
        }
      }
      poll()
    })
  )

/**
 * Waits until the process is idle: three windows of 100 ms in a row in which the event loop was busy less than 10 %
 * of the time (every fiber has reached its sleep; Effect runs its fibers in batches between turns of the event
 * loop, so launching keeps it busy), for at most 10 minutes. On `LiveClock` one Node timer serves every sleeper,
 * so "all waits armed" shows as an idle process rather than a count of timers; a quiet heap is no sign (a
 * collection during the launch can hold it flat).
 */
export const untilQuiet: Effect.Effect<void> = Effect.promise(() =>
  new Promise<void>((resolve) => {
    const start = performance.now()
    let last = performance.eventLoopUtilization()
    let idle = 0
    const poll = (): void => {
      const now = performance.eventLoopUtilization()
      idle = performance.eventLoopUtilization(now, last).utilization < 0.1 ? idle + 1 : 0
      last = now
      if (idle >= 3 || performance.now() - start > 600_000) {
        resolve()
      } else {
        setTimeout(poll, 100)
      }
    }
    setTimeout(poll, 100)
  })
)

/** Seconds elapsed since `start` (a `performance.now()` reading). */
export const secondsSince = (start: number): number => (performance.now() - start) / 1000

/** A defect with a message: what a benchmark command dies with when its own check fails. */
export const fail = (message: string): Effect.Effect<never> => Effect.die(new Error(message))

/** A benchmark command: its command-line arguments to an effect that succeeds with the JSON to print. */
export type Commands = Readonly<Record<string, (args: ReadonlyArray<string>) => Effect.Effect<object>>>

/** Runs a command and prints its result as one JSON line, then exits (pending fibers are the point of `mem`). */
export const main = (commands: Commands): void => {
  const [command, ...args] = process.argv.slice(2)
  const run = command === undefined ? undefined : commands[command]
  if (run === undefined) {
    throw new Error(`unknown command: ${command}; one of ${Object.keys(commands).join(", ")}`)
  }
  Effect.runPromise(run(args)).then(
    (result) => {
      console.log(JSON.stringify(result))
      process.exit(0)
    },
    (error: unknown) => {
      console.error(error)
      process.exit(1)
    }
  )
}

/** The largest delay of a `mem` measurement, in seconds (about 28 hours: next to no wait ends while measured). */
export const MemMaxDelay: number = 100_000
