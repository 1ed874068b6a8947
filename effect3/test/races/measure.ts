/**
 * Measures how many runs `VirtualTime.explore` needs to find each planted bug: the median, over exploration seeds
 * 1–20, of the first failing run (at most 1000 runs), for each strategy. Run with `npx tsx test/races/measure.ts
 * [strategies] [bug]`; the table is in docs/exploration.md.
 */
import { Effect } from "effect"
import { VirtualTime } from "effect-asyncio"
import * as cache from "./cache.js"
import * as deadlock from "./deadlock.js"
import * as lostUpdate from "./lostUpdate.js"
import * as startup from "./startup.js"
import * as timeout from "./timeout.js"

type Strategy = NonNullable<VirtualTime.ExploreOptions["strategy"]>

const bugs = { lostUpdate, cache, deadlock, timeout, startup } as const
const strategies = (process.argv[2] ?? "mixed,pct,shuffle").split(",") as Array<Strategy>
const only = process.argv[3]

const firstFailure = (effect: Effect.Effect<unknown, unknown>, seed: number, strategy: Strategy) =>
  Effect.map(
    Effect.either(VirtualTime.explore(effect, { runs: 1000, seed, strategy })),
    (result) => result._tag === "Left" ? result.left.run : Infinity
  )

const program = Effect.gen(function*() {
  for (const [name, bug] of Object.entries(bugs).filter(([name]) => only === undefined || name === only)) {
    for (const strategy of strategies) {
      const needed: Array<number> = []
      for (let seed = 1; seed <= 20; seed++) {
        needed.push(yield* firstFailure(bug.buggy as Effect.Effect<unknown, unknown>, seed, strategy))
      }
      needed.sort((a, b) => a - b)
      const median = (needed[9]! + needed[10]!) / 2
      yield* Effect.log(`${name} ${strategy}: median ${median}; ${needed.join(" ")}`)
    }
  }
})

Effect.runPromise(program)
