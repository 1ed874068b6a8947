/**
 * Measures how many runs `VirtualTime.explore` needs to find each planted bug: for each strategy, the first failing
 * run (at most 1000) for each exploration seed 1–20, their median and worst, and how many seeds found it within 200
 * runs; then checks that each fixed version passes 300 schedules for those seeds. Run with
 * `npx tsx test/races/measure.ts [strategies] [bug]`; the table is in docs/exploration.md.
 */
import { Effect, Result } from "effect"
import * as VirtualTime from "effect-asyncio/VirtualTime"
import * as cache from "./cache.js"
import * as deadlock from "./deadlock.js"
import * as doubleInit from "./doubleInit.js"
import * as handoff from "./handoff.js"
import * as lostUpdate from "./lostUpdate.js"
import * as startup from "./startup.js"
import * as timeout from "./timeout.js"

type Strategy = NonNullable<VirtualTime.ExploreOptions["strategy"]>

const bugs = { lostUpdate, cache, doubleInit, deadlock, timeout, startup, handoff } as const
const strategies = (process.argv[2] ?? "mixed,pct,shuffle").split(",") as Array<Strategy>
const only = process.argv[3]
const seeds = Array.from({ length: 20 }, (_, i) => i + 1)

const firstFailure = (effect: Effect.Effect<unknown, unknown>, seed: number, strategy: Strategy) =>
  Effect.map(
    Effect.result(VirtualTime.explore(effect, { runs: 1000, seed, strategy })),
    (result) => Result.isFailure(result) ? result.failure.run : Infinity
  )

const program = Effect.gen(function*() {
  for (const [name, bug] of Object.entries(bugs).filter(([name]) => only === undefined || name === only)) {
    for (const strategy of strategies) {
      const needed: Array<number> = []
      for (const seed of seeds) {
        needed.push(yield* firstFailure(bug.buggy as Effect.Effect<unknown, unknown>, seed, strategy))
      }
      const sorted = [...needed].sort((a, b) => a - b)
      const median = (sorted[9]! + sorted[10]!) / 2
      const within = needed.filter((runs) => runs <= 200).length
      yield* Effect.log(
        `${name} ${strategy}: median ${median}, worst ${sorted[19]}, ${within}/20 within 200; ${needed.join(" ")}`
      )
    }
    const falsePositives: Array<string> = []
    for (const seed of seeds) {
      const result = yield* Effect.result(
        VirtualTime.explore(bug.fixed as Effect.Effect<unknown, unknown>, { runs: 300, seed })
      )
      if (Result.isFailure(result)) {
        falsePositives.push(result.failure.message)
      }
    }
    yield* Effect.log(
      `${name} fixed: ${falsePositives.length === 0 ? "passes 300 runs for every seed" : falsePositives}`
    )
  }
})

Effect.runPromise(program)
