/**
 * The one exploration driver, behind `VirtualTime.explore` and `it.explore`: runs an effect under `runs` seeded
 * schedules, one after another, and stops at the first that fails.
 *
 * Each run's schedule seed is derived from the exploration seed and the run's number (`Schedule.derive`), and names
 * its own strategy, so it replays alone. The caller says how one schedule runs (`runOne`: `VirtualTime`'s region with
 * that schedule, perhaps with `Random` seeded from it too) and gets back either how many distinct schedules passed, or
 * the first failure with everything needed to report and replay it.
 *
 * @internal
 */
import type * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Random from "effect/Random"
import type * as model from "../timeline/model.js"
import * as timeline from "../timeline/record.js"
import * as validate from "../validate.js"
import * as Schedule from "./schedule.js"
import * as virtual from "./virtual.js"

/**
 * The settings of one exploration, validated.
 *
 * @internal
 */
export interface Settings {
  readonly runs: number
  /** The exploration seed, an unsigned 32-bit integer. */
  readonly seed: number
  readonly strategy: Schedule.Strategy | "mixed"
}

/**
 * Decodes the options of an exploration (`runs`, a positive integer; `strategy`, `"mixed"` by default; `seed`, drawn
 * from `Random` when absent), dying with `fn: option must be …, got …` on a bad one.
 *
 * @internal
 */
export const settings = (
  fn: string,
  options: { readonly runs: unknown; readonly strategy?: unknown; readonly seed?: unknown }
): Effect.Effect<Settings> =>
  Effect.gen(function*() {
    const runs = options.runs as number
    yield* validate.positiveCount(fn, "runs", runs) ?? Effect.void
    const strategy = options.strategy ?? "mixed"
    if (strategy !== "mixed" && strategy !== "pct" && strategy !== "shuffle") {
      return yield* validate.illegal(fn, "strategy", strategy, "\"mixed\", \"pct\" or \"shuffle\"")
    }
    const seed = options.seed === undefined
      ? yield* Random.nextIntBetween(0, 0xffffffff)
      : yield* virtual.seed(fn, "seed", options.seed)
    return { runs, seed, strategy }
  })

/**
 * A successful exploration.
 *
 * @internal
 */
export interface Report {
  readonly seed: number
  readonly runs: number
  /** How many of the runs took a different sequence of scheduling decisions. */
  readonly distinct: number
}

/**
 * The first schedule that failed.
 *
 * @internal
 */
export interface Failure {
  /** The failing schedule's seed: it replays the run alone. */
  readonly seed: number
  readonly strategy: Schedule.Strategy
  /** Which run failed, from 1. */
  readonly run: number
  readonly runs: number
  /** The exploration seed. */
  readonly exploration: number
  readonly cause: Cause.Cause<unknown>
  /** The spans of the failing run up to the failure. */
  readonly timeline: model.Timeline
}

/**
 * Runs `runOne` under each schedule of the exploration; fails with the first {@link Failure}.
 *
 * @internal
 */
export const explore = <A, E, R>(
  settings: Settings,
  runOne: (schedule: Schedule.Schedule, seed: number, holder: virtual.Holder) => Effect.Effect<A, E, R>
): Effect.Effect<Report, Failure, R> =>
  Effect.gen(function*() {
    const seen = new Set<number>()
    for (let run = 1; run <= settings.runs; run++) {
      const seed = Schedule.derive(settings.seed, run, settings.strategy)
      const strategy = Schedule.strategyOf(seed)
      const schedule = Schedule.make(seed, strategy)
      const holder: virtual.Holder = { recorder: undefined }
      const exit = yield* Effect.exit(runOne(schedule, seed, holder))
      seen.add(schedule.hash())
      if (Exit.isFailure(exit)) {
        return yield* Effect.fail<Failure>({
          seed,
          strategy,
          run,
          runs: settings.runs,
          exploration: settings.seed,
          cause: exit.cause,
          timeline: holder.stuck ?? timeline.snapshot(holder.recorder)
        })
      }
    }
    return { seed: settings.seed, runs: settings.runs, distinct: seen.size }
  })
