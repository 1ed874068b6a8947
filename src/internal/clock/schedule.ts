/**
 * Seeded schedules for the clock core: an {@link Core.Order} drawn from a 32-bit seed, so that one seed is one
 * schedule on every machine (its own PRNG, not the process-wide random source). Used by `VirtualTime.run(effect, {
 * schedule })` to replay a schedule and by the exploration driver (`explore.ts`) to try many.
 *
 * A schedule decides four things (docs/exploration.md says which orders that covers on Effect 4, and why):
 * - **Which ready task runs next.** The tracking scheduler keeps the tasks Effect hands it (a yield, a forked
 *   fiber's first step, the wake-ups of a semaphore, a latch or a queue) in a ready list and asks the schedule which
 *   to run:
 *   - `"pct"` (probabilistic concurrency testing, Burckhardt et al., ASPLOS 2010): every fiber gets a random
 *     priority when first seen; the ready task of the highest-priority fiber runs; at {@link Depth} − 1 change points
 *     (steps drawn uniformly from 1..k, with the step-count guess k drawn log-uniformly from 4..512 so the seed alone
 *     fixes it) the fiber that just ran drops below every other. A fiber picked {@link StarvationLimit} times in a row
 *     while others wait drops too, so a fiber that spins on `yieldNow` cannot starve the one it waits for. Effect 4
 *     names no fiber per task: a task counts as the fiber that was running when it was queued, which for a fork is
 *     the parent (the next point corrects that).
 *   - `"shuffle"`: a uniformly random ready task runs next (a random walk), the baseline PCT is compared with.
 * - **Whether a fiber that starts inside another's step yields first.** Effect 4 runs a fiber woken by a
 *   `Deferred`, a fiber's end (`Fiber.join`) or an offer to a rendezvous queue, and a child that `Effect.all` starts
 *   at once, inside the step that wakes or starts it. Before such a fiber's first operation the schedule may make it yield (PCT: when its priority is
 *   below the waker's; shuffle: a coin), so the waker goes on first and the fiber's continuation becomes a ready task
 *   like any other. Under PCT a task that starts a fiber other than the one it names (a fork's first step names the
 *   parent, a semaphore's wake-ups the releasing fiber) is such a start too, so the fiber's own priority decides. The
 *   sleepers the clock wakes start without this choice: their order is the shuffle's below.
 * - **The order of simultaneous wake-ups**: a seeded Fisher–Yates shuffle of the sleepers due at one instant.
 * - **Where long-running fibers yield**: a fiber is made to yield after a seeded number of operations, uniform in
 *   1..{@link MaxSlice} (Effect's own scheduler lets it run 2048), so read-then-write code without an explicit yield
 *   can interleave too.
 *
 * Every order a schedule produces is one Effect's own scheduler can produce: a scheduler may make a fiber yield
 * before any operation (`Scheduler.MaxOpsBeforeYield` set to 1 makes every woken fiber yield first). Each choice
 * feeds a 32-bit FNV-1a hash of the decisions, so an exploration can count distinct schedules.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import type * as Fiber from "effect/Fiber"
import type * as Core from "./core.js"
import type * as TrackingScheduler from "./trackingScheduler.js"

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
  readonly order: Core.Order
  /** Hash of every decision taken so far. */
  readonly hash: () => number
  /** Ready-fiber choices taken so far. */
  readonly steps: () => number
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
  const priorities = new WeakMap<Fiber.Fiber<unknown, unknown>, number>()
  let lowest = Depth
  let last: Fiber.Fiber<unknown, unknown> | undefined = undefined
  let streak = 0
  const priorityOf = (fiber: Fiber.Fiber<unknown, unknown> | undefined): number => {
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
  const lower = (fiber: Fiber.Fiber<unknown, unknown> | undefined): void => {
    if (fiber !== undefined) {
      lowest = lowest / 2
      priorities.set(fiber, lowest)
    }
  }

  let slice = 1 + random.int(MaxSlice)
  // The fiber running now, as far as the schedule knows: the last to ask whether to yield, or the fiber a picked task
  // names; undefined between tasks and at a batch of wake-ups, until a fiber runs.
  let running: Fiber.Fiber<unknown, unknown> | undefined = undefined
  // the fibers of the batch of wake-ups in progress, until each starts
  let waking: Set<Fiber.Fiber<unknown, unknown> | undefined> | undefined = undefined
  // The clock's reading when a fiber last started. Virtual time moves only while no fiber runs, so a fiber that starts
  // at a later instant was woken by the clock, not inside the step of the fiber that ran last.
  let instant: bigint | undefined = undefined

  // `fiber` starts inside `waker`'s step: whether it yields before its first operation, so that its waker goes on
  // first (PCT: when it ranks below its waker; shuffle: a coin)
  const defer = (fiber: Fiber.Fiber<unknown, unknown>, waker: Fiber.Fiber<unknown, unknown>): boolean =>
    strategy === "pct" ? priorityOf(fiber) < priorityOf(waker) : random.int(2) === 0

  const pick = (ready: ReadonlyArray<TrackingScheduler.Ready>): number => {
    let index = 0
    if (strategy === "shuffle") {
      index = random.int(ready.length)
    } else {
      let bestPriority = -Infinity
      // neighbours often name one fiber (a parent's forks, a fiber's yields): look each run of them up once
      let fiber: Fiber.Fiber<unknown, unknown> | undefined = undefined
      let priority = 0
      for (let i = 0; i < ready.length; i++) {
        const next = ready[i]!.fiber
        if (i === 0 || next !== fiber) {
          fiber = next
          priority = priorityOf(next)
        }
        if (priority > bestPriority) {
          index = i
          bestPriority = priority
        }
      }
    }
    steps++
    note(index)
    note(ready.length - 1)
    const chosen = ready[index]!.fiber
    running = chosen
    waking = undefined
    if (strategy === "pct") {
      streak = chosen === last ? streak + 1 : 0
      last = chosen
      if (changes.has(steps) || (streak >= StarvationLimit && ready.length > 1)) {
        lower(chosen)
        streak = 0
      }
    }
    return index
  }

  const picker: TrackingScheduler.Picker = {
    pick,
    ran: () => {
      running = undefined
    },
    shouldYield: (fiber) => {
      const count = fiber.currentOpCount
      if (count === 1) {
        const now = fiber.getRef(Clock.Clock).currentTimeNanosUnsafe()
        if ((instant !== undefined && now !== instant) || (waking !== undefined && waking.delete(fiber))) {
          // a sleeper the clock wakes: the order of its batch is decided already
          running = undefined
        }
        instant = now
        if (running !== undefined && fiber !== running && defer(fiber, running)) {
          note(0xffff)
          running = fiber
          return true
        }
      }
      running = fiber
      if (count >= slice) {
        slice = 1 + random.int(MaxSlice)
        return true
      }
      return false
    },
    needsFiber: strategy === "pct"
  }

  const wakeups = (due: Array<Core.Sleeper>): void => {
    running = undefined
    waking = due.length > 1 ? new Set(due.map((sleeper) => sleeper.fiber)) : undefined
    for (let i = due.length - 1; i > 0; i--) {
      const j = random.int(i + 1)
      note(j)
      const swap = due[i]!
      due[i] = due[j]!
      due[j] = swap
    }
  }

  return { order: { picker, wakeups }, hash: () => hash, steps: () => steps }
}
