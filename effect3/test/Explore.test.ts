import { assert, describe, it } from "@effect/vitest"
import { Cause, Effect, Exit, Random, Ref } from "effect"
import { Timeline, VirtualTime } from "effect-asyncio"
import * as Schedule from "../src/internal/schedule.js"
import * as cache from "./races/cache.js"
import * as deadlock from "./races/deadlock.js"
import * as lostUpdate from "./races/lostUpdate.js"
import * as startup from "./races/startup.js"
import * as timeout from "./races/timeout.js"
import { defectMessage } from "./utils/defect.js"

const explored = <A, E>(effect: Effect.Effect<A, E>, options: VirtualTime.ExploreOptions) =>
  Effect.flip(VirtualTime.explore(effect, options))

const failureOf = (cause: Cause.Cause<unknown>): string => {
  const failure = Cause.failureOption(cause)
  if (failure._tag === "None") {
    return Cause.pretty(cause)
  }
  const error = failure.value
  return typeof error === "string" ? error : error instanceof Error ? error.name : String(error)
}

// each planted bug and the failure it shows (the figures in it depend on the schedule)
const bugs = [
  { name: "a lost update", program: lostUpdate, failure: /^lost update: balance 1[0-2]0, expected 130$/ },
  {
    name: "a check-then-act on a cache",
    program: cache,
    failure: /^check-then-act: loaded [2-9] times, expected once$/
  },
  { name: "two semaphores taken in opposite orders", program: deadlock, failure: /^DeadlockError$/ },
  { name: "a timeout equal to the work's duration", program: timeout, failure: /^TimeoutException$/ },
  { name: "a client that polls a starting service", program: startup, failure: /^service not started after 12 polls$/ }
] as const

// four fibers that each log their name twice, yielding before each entry
const order = Effect.gen(function*() {
  const log = yield* Ref.make<ReadonlyArray<string>>([])
  const step = (name: string) => Effect.zipRight(Effect.yieldNow(), Ref.update(log, (entries) => [...entries, name]))
  yield* Effect.all(["a", "b", "c", "d"].map((name) => Effect.zipRight(step(name), step(name))), {
    concurrency: "unbounded",
    discard: true
  })
  return yield* Ref.get(log)
})

describe("VirtualTime.explore", () => {
  describe.each(bugs)("$name", ({ failure, program }) => {
    it.effect("passes under the default first-in-first-out schedule", () =>
      Effect.gen(function*() {
        const exit = yield* Effect.exit(VirtualTime.run(program.buggy as Effect.Effect<unknown, unknown>))
        assert.isTrue(Exit.isSuccess(exit))
      }))

    it.effect("is found by explore, and the reported seed replays it", () =>
      Effect.gen(function*() {
        const buggy = program.buggy as Effect.Effect<unknown, unknown>
        const error = yield* explored(buggy, { runs: 200, seed: 1 })
        assert.strictEqual(error._tag, "ExploreError")
        assert.strictEqual(error.exploration, 1)
        assert.strictEqual(error.seed, Schedule.derive(1, error.run, "mixed"))
        // odd runs shuffle, even runs PCT, and the seed names its strategy: odd seeds shuffle, even seeds PCT
        assert.strictEqual(error.strategy, error.run % 2 === 1 ? "shuffle" : "pct")
        assert.strictEqual(error.seed % 2, error.run % 2)
        assert.match(failureOf(error.cause), failure)
        assert.isTrue(
          error.message.startsWith(
            `VirtualTime.explore: run ${error.run} of 200 failed; replay it with ` +
              `VirtualTime.run(effect, { schedule: ${error.seed} }): `
          )
        )
        // the seed alone replays it
        const replay = yield* Effect.exit(VirtualTime.run(buggy, { schedule: error.seed }))
        assert.isTrue(Exit.isFailure(replay))
        if (Exit.isFailure(replay)) {
          // the same failure, to the value
          assert.strictEqual(failureOf(replay.cause), failureOf(error.cause))
        }
      }))

    it.effect("the fixed version passes 200 schedules", () =>
      Effect.gen(function*() {
        const report = yield* VirtualTime.explore(program.fixed as Effect.Effect<unknown, unknown>, {
          runs: 200,
          seed: 1
        })
        assert.strictEqual(report.runs, 200)
        assert.strictEqual(report.seed, 1)
        assert.isAbove(report.distinct, 1)
      }))
  })

  it.effect("the same exploration seed finds the same failing run and seed", () =>
    Effect.gen(function*() {
      const first = yield* explored(lostUpdate.buggy, { runs: 200, seed: 5 })
      const second = yield* explored(lostUpdate.buggy, { runs: 200, seed: 5 })
      assert.deepStrictEqual([second.run, second.seed, second.strategy], [first.run, first.seed, first.strategy])
    }))

  it.effect("draws the exploration seed from Random when none is given", () =>
    Effect.gen(function*() {
      const first = yield* VirtualTime.explore(lostUpdate.fixed, { runs: 20 }).pipe(Effect.withRandom(Random.make(3)))
      const second = yield* VirtualTime.explore(lostUpdate.fixed, { runs: 20 }).pipe(Effect.withRandom(Random.make(3)))
      assert.deepStrictEqual(second, first)
      assert.strictEqual(first.runs, 20)
    }))

  it.effect("reports the failing run's timeline up to the failure", () =>
    Effect.gen(function*() {
      const error = yield* explored(deadlock.buggy, { runs: 200, seed: 1 })
      const labels = error.timeline.spans.map((span) => span.label)
      assert.sameMembers(labels, ["a-to-b", "b-to-a"])
      assert.deepStrictEqual(error.timeline.spans.map((span) => [span.start, span.outcome]), [
        [0, "interrupted"],
        [0, "interrupted"]
      ])
      assert.include(Cause.pretty(error.cause), "open timeline labels: ")
      // the message names the waiting fibers and the spans they wait in
      assert.include(error.message, "; waiting: #")
      assert.include(error.message, " in span a-to-b")
      assert.include(error.message, " in span b-to-a")
    }))

  it.effect("a strategy can be fixed: pct or shuffle alone", () =>
    Effect.gen(function*() {
      const pct = yield* explored(startup.buggy, { runs: 200, seed: 1, strategy: "pct" })
      assert.strictEqual(pct.strategy, "pct")
      assert.strictEqual(pct.seed % 2, 0)
      const shuffle = yield* explored(timeout.buggy, { runs: 200, seed: 1, strategy: "shuffle" })
      assert.strictEqual(shuffle.strategy, "shuffle")
      assert.strictEqual(shuffle.seed % 2, 1)
      // so their seeds replay them alone too
      for (const [program, error] of [[startup.buggy, pct], [timeout.buggy, shuffle]] as const) {
        const replay = yield* Effect.exit(
          VirtualTime.run(program as Effect.Effect<unknown, unknown>, { schedule: error.seed })
        )
        assert.deepStrictEqual(Exit.isFailure(replay) ? failureOf(replay.cause) : "passed", failureOf(error.cause))
      }
    }))

  it.effect("a seed names its strategy unless one is given: even seeds are PCT, odd seeds a shuffle", () =>
    Effect.gen(function*() {
      let differs = 0
      for (const seed of [0, 1, 2, 3, 4, 5, 6, 7, 4294967294, 4294967295]) {
        const named = seed % 2 === 0 ? "pct" : "shuffle"
        const other = seed % 2 === 0 ? "shuffle" : "pct"
        const byDefault = yield* VirtualTime.run(order, { schedule: seed })
        assert.deepStrictEqual(yield* VirtualTime.run(order, { schedule: seed, strategy: named }), byDefault)
        const otherwise = yield* VirtualTime.run(order, { schedule: seed, strategy: other })
        differs += otherwise.join("") === byDefault.join("") ? 0 : 1
      }
      // the strategy is not idle: for most seeds the other one orders the fibers differently
      assert.isAbove(differs, 5)
    }))

  it.effect("bad options are defects", () =>
    Effect.gen(function*() {
      const ok = Effect.void
      assert.strictEqual(
        defectMessage(yield* Effect.exit(VirtualTime.explore(ok, { runs: 0 }))),
        "VirtualTime.explore: runs must be a positive integer, got 0"
      )
      assert.strictEqual(
        defectMessage(yield* Effect.exit(VirtualTime.explore(ok, { runs: 1, seed: -1 }))),
        "VirtualTime.explore: seed must be an integer from 0 to 4294967295, got -1"
      )
      assert.strictEqual(
        defectMessage(yield* Effect.exit(VirtualTime.run(ok, { schedule: 1.5 }))),
        "VirtualTime.run: schedule must be an integer from 0 to 4294967295, got 1.5"
      )
      assert.strictEqual(
        defectMessage(yield* Effect.exit(VirtualTime.run(ok, { schedule: 1, strategy: "lifo" as "pct" }))),
        "VirtualTime.run: strategy must be \"pct\" or \"shuffle\", got \"lifo\""
      )
    }))
})

describe("VirtualTime.run with a schedule", () => {
  it.effect("without a schedule, ready fibers run first in, first out", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(yield* VirtualTime.run(order), ["a", "b", "c", "d", "a", "b", "c", "d"])
    }))

  it.effect("one seed is one schedule: the same order every time", () =>
    Effect.gen(function*() {
      for (const strategy of ["pct", "shuffle"] as const) {
        const first = yield* VirtualTime.run(order, { schedule: 7, strategy })
        const second = yield* VirtualTime.run(order, { schedule: 7, strategy })
        assert.deepStrictEqual(second, first)
      }
    }))

  it.effect("different seeds give different orders", () =>
    Effect.gen(function*() {
      const orders = new Set<string>()
      for (let seed = 0; seed < 20; seed++) {
        orders.add((yield* VirtualTime.run(order, { schedule: seed, strategy: "shuffle" })).join(""))
      }
      assert.isAbove(orders.size, 5)
    }))

  it.effect("permutes the wake-ups due at one instant", () =>
    Effect.gen(function*() {
      const woken = (schedule: number) =>
        Effect.gen(function*() {
          const log = yield* Ref.make<ReadonlyArray<number>>([])
          yield* Effect.forEach(
            [1, 2, 3, 4, 5],
            (n) => Effect.zipRight(Effect.sleep("1 second"), Ref.update(log, (entries) => [...entries, n])),
            { concurrency: "unbounded", discard: true }
          )
          return (yield* Ref.get(log)).join("")
        }).pipe(VirtualTime.run({ schedule, strategy: "pct" }))
      const orders = new Set<string>()
      for (let seed = 0; seed < 10; seed++) {
        orders.add(yield* woken(seed))
      }
      assert.isAbove(orders.size, 1)
      assert.strictEqual(yield* VirtualTime.run(Timeline.record(Effect.void)).pipe(Effect.as("ok")), "ok")
    }))
})

describe("the schedule PRNG", () => {
  it("gives the same numbers for the same seed on every machine", () => {
    const generator = Schedule.prng(42)
    assert.deepStrictEqual([generator.next(), generator.next(), generator.next()], FIRST_THREE)
  })
})

const FIRST_THREE: ReadonlyArray<number> = [939911724, 3948730756, 321366731]
