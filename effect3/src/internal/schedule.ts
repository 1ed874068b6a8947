/**
 * Seeded schedules for the clock core: an {@link ClockCore.Order} drawn from a 32-bit seed, so that one seed is one
 * schedule on every machine (its own PRNG, not the process-wide random source). Used by `VirtualTime.run(effect, { schedule })` to
 * replay a schedule and by `VirtualTime.explore` to try many.
 *
 * A schedule decides three things (see docs/exploration.md for why):
 * - **Which ready fiber runs next.** Tasks handed to the scheduler wait in a ready set; a drain task on the
 *   underlying scheduler runs them one at a time, each time choosing by the strategy:
 *   - `"pct"` (probabilistic concurrency testing, Burckhardt et al., ASPLOS 2010): every fiber gets a random
 *     priority when first seen; the ready task of the highest-priority fiber runs; at {@link Depth} − 1 change points
 *     (steps drawn uniformly from 1..k, with the step-count guess k drawn log-uniformly from 4..512 so the seed alone
 *     fixes it) the fiber that just ran drops below every other. A fiber picked {@link StarvationLimit} times in a row
 *     while others wait drops too, so a fiber that spins on `yieldNow` cannot starve the one it waits for.
 *   - `"shuffle"`: a uniformly random ready task runs next (a random walk), the baseline PCT is compared with.
 * - **The order of simultaneous wake-ups**: a seeded Fisher–Yates shuffle of the sleepers due at one instant.
 * - **Where long-running fibers yield**: a fiber is made to yield after a seeded number of operations, uniform in
 *   1..{@link MaxSlice} (Effect's own scheduler lets it run 2048), so read-then-write code without an explicit yield
 *   can interleave too.
 *
 * Each choice feeds a 32-bit FNV-1a hash of the decisions, so an exploration can count distinct schedules.
 *
 * @internal
 */
import type * as Fiber from "effect/Fiber"
import type * as Scheduler from "effect/Scheduler"
import type * as ClockCore from "./clockCore.js"

/**
 * How a schedule picks the next ready fiber.
 *
 * @internal
 */
export type Strategy = "pct" | "shuffle"

/**
 * PCT's bug depth d: schedules find every bug that needs at most d − 1 ordering constraints with the PCT bound.
 *
 * @internal
 */
export const Depth = 3

/**
 * Consecutive picks of one fiber, while others are ready, after which PCT lowers its priority.
 *
 * @internal
 */
export const StarvationLimit = 256

/**
 * The most operations a fiber runs before a seeded schedule makes it yield.
 *
 * @internal
 */
export const MaxSlice = 128

// tasks run by one drain before it hands the thread back to the host
const DrainBudget = 2048

/**
 * A 32-bit PRNG (SplitMix32): the same seed gives the same numbers everywhere.
 *
 * @internal
 */
export interface Prng {
  /** A uniform unsigned 32-bit integer. */
  readonly next: () => number
  /** A uniform integer in [0, n), n ≥ 1. */
  readonly int: (n: number) => number
}

/** @internal */
export const prng = (seed: number): Prng => {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x9e3779b9) | 0
    let z = state
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
    return (z ^ (z >>> 16)) >>> 0
  }
  return { next, int: (n) => Math.floor((next() / 4294967296) * n) }
}

/**
 * The strategy a schedule seed names when none is given: its lowest bit, even for `"pct"`, odd for `"shuffle"`. So
 * a seed alone replays a schedule, whichever way an exploration drew it.
 *
 * @internal
 */
export const strategyOf = (seed: number): Strategy => seed % 2 === 0 ? "pct" : "shuffle"

/**
 * How an exploration picks a run's strategy: the one it was given, or by default (`"mixed"`) `"shuffle"` for odd
 * runs and `"pct"` for even ones.
 *
 * @internal
 */
export const strategyOfRun = (portfolio: Strategy | "mixed", run: number): Strategy =>
  portfolio !== "mixed" ? portfolio : run % 2 === 1 ? "shuffle" : "pct"

/**
 * `seed` (an unsigned 32-bit integer) if it names `strategy` (see {@link strategyOf}), else its neighbour: `seed + 1`,
 * or `seed - 1` for the largest seed.
 *
 * @internal
 */
export const naming = (seed: number, strategy: Strategy): number =>
  strategyOf(seed) === strategy ? seed : seed < 0xffffffff ? seed + 1 : seed - 1

/**
 * The schedule seed of run `run` (1-based) of the exploration seeded with `seed` under `portfolio`: drawn from both,
 * then made to name the run's strategy.
 *
 * @internal
 */
export const derive = (seed: number, run: number, portfolio: Strategy | "mixed"): number => {
  const generator = prng((seed ^ Math.imul(run, 0x27d4eb2d)) >>> 0)
  generator.next()
  return naming(generator.next(), strategyOfRun(portfolio, run))
}

/**
 * A seeded order plus what it decided.
 *
 * @internal
 */
export interface Schedule {
  readonly order: ClockCore.Order
  /** Hash of every decision taken so far. */
  readonly hash: () => number
  /** Ready-fiber choices taken so far. */
  readonly steps: () => number
}

interface Ready {
  readonly task: Scheduler.Task
  readonly priority: number
  readonly fiber: Fiber.RuntimeFiber<unknown, unknown> | undefined
}

/**
 * The schedule of `seed` under `strategy`.
 *
 * @internal
 */
export const make = (seed: number, strategy: Strategy): Schedule => {
  const random = prng(seed)
  let hash = 0x811c9dc5
  let steps = 0
  const note = (value: number): void => {
    hash = Math.imul(hash ^ value, 0x01000193) >>> 0
  }

  // PCT state: the step-count guess and the change points are fixed by the seed
  const guess = 4 * 2 ** random.int(8)
  const changes = new Set<number>()
  for (let i = 1; i < Depth; i++) {
    changes.add(1 + random.int(guess))
  }
  const priorities = new WeakMap<Fiber.RuntimeFiber<unknown, unknown>, number>()
  let lowest = Depth
  let last: Fiber.RuntimeFiber<unknown, unknown> | undefined = undefined
  let streak = 0
  const priorityOf = (fiber: Fiber.RuntimeFiber<unknown, unknown> | undefined): number => {
    if (fiber === undefined) {
      return Infinity
    }
    let priority = priorities.get(fiber)
    if (priority === undefined) {
      priority = Depth + 1 + random.next()
      priorities.set(fiber, priority)
    }
    return priority
  }
  const lower = (fiber: Fiber.RuntimeFiber<unknown, unknown> | undefined): void => {
    if (fiber !== undefined) {
      lowest = lowest / 2
      priorities.set(fiber, lowest)
    }
  }

  const pick = (ready: Array<Ready>): number => {
    if (strategy === "shuffle") {
      return random.int(ready.length)
    }
    let best = 0
    let bestPriority = -Infinity
    for (let i = 0; i < ready.length; i++) {
      const priority = priorityOf(ready[i]!.fiber)
      if (priority > bestPriority) {
        best = i
        bestPriority = priority
      }
    }
    return best
  }

  let slice = 1 + random.int(MaxSlice)

  const scheduler = (underlying: Scheduler.Scheduler): Scheduler.Scheduler => {
    const ready: Array<Ready> = []
    let draining = false
    const drain = (): void => {
      try {
        for (let budget = DrainBudget; ready.length > 0 && budget > 0; budget--) {
          const index = pick(ready)
          const [chosen] = ready.splice(index, 1)
          steps++
          note(index)
          note(ready.length)
          if (strategy === "pct") {
            streak = chosen!.fiber === last ? streak + 1 : 0
            last = chosen!.fiber
            if (changes.has(steps) || (streak >= StarvationLimit && ready.length > 0)) {
              lower(chosen!.fiber)
              streak = 0
            }
          }
          chosen!.task()
        }
      } finally {
        if (ready.length > 0) {
          underlying.scheduleTask(drain, 0)
        } else {
          draining = false
        }
      }
    }
    return {
      shouldYield: (fiber) => {
        const own = underlying.shouldYield(fiber)
        if (own !== false) {
          return own
        }
        if (fiber.currentOpCount >= slice) {
          slice = 1 + random.int(MaxSlice)
          return 0
        }
        return false
      },
      scheduleTask: (task, priority, fiber) => {
        ready.push({ task, priority, fiber })
        if (!draining) {
          draining = true
          underlying.scheduleTask(drain, priority, fiber)
        }
      }
    }
  }

  const wakeups = (due: Array<ClockCore.Sleeper>): void => {
    for (let i = due.length - 1; i > 0; i--) {
      const j = random.int(i + 1)
      note(j)
      const swap = due[i]!
      due[i] = due[j]!
      due[j] = swap
    }
  }

  return { order: { scheduler, wakeups }, hash: () => hash, steps: () => steps }
}
