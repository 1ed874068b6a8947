import { assert, describe, it } from "@effect/vitest"
import { Cause, Clock, Effect, Exit, Fiber, Option, Random, Ref, Scheduler } from "effect"
import { Timeline, VirtualTime } from "effect-asyncio"
import { TestClock } from "effect/testing"
import * as fc from "fast-check"
import * as Schedule from "../src/internal/clock/schedule.js"
import * as cache from "./races/cache.js"
import * as deadlock from "./races/deadlock.js"
import * as doubleInit from "./races/doubleInit.js"
import * as handoff from "./races/handoff.js"
import * as lostUpdate from "./races/lostUpdate.js"
import * as startup from "./races/startup.js"
import * as timeout from "./races/timeout.js"
import { defectMessage } from "./utils/defect.js"
import { property } from "./utils/effectProperty.js"

type Program = Effect.Effect<unknown, unknown>

const explored = (effect: Program, options: VirtualTime.ExploreOptions) =>
  Effect.flip(VirtualTime.explore(effect, options))

// the failure a run ended with: the error itself when it is a string, else its name
const failureOf = (cause: Cause.Cause<unknown>): string => {
  const error = Cause.findErrorOption(cause)
  if (Option.isNone(error)) {
    return Cause.pretty(cause)
  }
  return typeof error.value === "string"
    ? error.value
    : error.value instanceof Error
    ? error.value.name
    : String(error.value)
}

// each planted bug, the failure it shows (the figures in it depend on the schedule), the run of exploration seed 1
// that finds it, and how many distinct schedules the fixed version's 300 runs from seed 1 take
const bugs = [
  {
    name: "a lost update",
    program: lostUpdate,
    failure: /^lost update: balance 1[0-2]0, expected 130$/,
    run: 7,
    distinct: 61
  },
  {
    name: "a check-then-act on a cache",
    program: cache,
    failure: /^check-then-act: loaded 2 times, expected once$/,
    run: 7,
    distinct: 55
  },
  {
    name: "a double initialisation",
    program: doubleInit,
    failure: /^double initialisation: 2 workers started, expected one$/,
    run: 4,
    distinct: 78
  },
  {
    name: "two semaphores taken in opposite orders",
    program: deadlock,
    failure: /^DeadlockError$/,
    run: 1,
    distinct: 100
  },
  {
    name: "a timeout equal to the work's duration",
    program: timeout,
    failure: /^TimeoutError$/,
    run: 1,
    distinct: 16
  },
  {
    name: "a client that polls a starting service",
    program: startup,
    failure: /^service not started after 12 polls$/,
    run: 2,
    distinct: 37
  },
  {
    name: "a handoff that assumes a Deferred's waiter runs at once",
    program: handoff,
    failure: /^handoff: the consumer found the slot empty$/,
    run: 1,
    distinct: 17
  }
] as const

// four fibers that each log their name twice, yielding before each entry
const order = Effect.gen(function*() {
  const log = yield* Ref.make<ReadonlyArray<string>>([])
  const step = (name: string) => Effect.andThen(Effect.yieldNow, Ref.update(log, (entries) => [...entries, name]))
  yield* Effect.all(["a", "b", "c", "d"].map((name) => Effect.andThen(step(name), step(name))), {
    concurrency: "unbounded",
    discard: true
  })
  return yield* Ref.get(log)
})

// four children that log their name at once, without yielding: Effect.all starts each inside the parent's step
const starts = Effect.gen(function*() {
  const log = yield* Ref.make<ReadonlyArray<string>>([])
  yield* Effect.all(["a", "b", "c", "d"].map((name) => Ref.update(log, (entries) => [...entries, name])), {
    concurrency: "unbounded",
    discard: true
  })
  return (yield* Ref.get(log)).join("")
})

const anySeed = fc.integer({ min: 0, max: 0xffffffff })
const anyStrategy = fc.constantFrom<Schedule.Strategy>("pct", "shuffle")

describe("VirtualTime.explore", () => {
  describe.each(bugs)("$name", ({ distinct, failure, program, run }) => {
    it.effect("passes under the default first-in-first-out schedule", () =>
      Effect.gen(function*() {
        const exit = yield* Effect.exit(VirtualTime.run(program.buggy as Program))
        assert.isTrue(Exit.isSuccess(exit))
      }))

    it.effect(`is found by explore (run ${run} from seed 1), and the reported seed replays it`, () =>
      Effect.gen(function*() {
        const buggy = program.buggy as Program
        const error = yield* explored(buggy, { runs: 200, seed: 1 })
        assert.strictEqual(error._tag, "ExploreError")
        assert.deepStrictEqual([error.run, error.runs, error.exploration], [run, 200, 1])
        assert.strictEqual(error.seed, Schedule.derive(1, run, "mixed"))
        // odd runs shuffle, even runs PCT, and the seed names its strategy: odd seeds shuffle, even seeds PCT
        assert.strictEqual(error.strategy, run % 2 === 1 ? "shuffle" : "pct")
        assert.strictEqual(error.seed % 2, run % 2)
        assert.match(failureOf(error.cause), failure)
        assert.isTrue(
          error.message.startsWith(
            `VirtualTime.explore: run ${run} of 200 failed; replay it with ` +
              `VirtualTime.run(effect, { schedule: ${error.seed} }): `
          )
        )
        // the seed alone replays it: the same failure, to the value
        const replay = yield* Effect.exit(VirtualTime.run(buggy, { schedule: error.seed }))
        assert.deepStrictEqual(Exit.isFailure(replay) ? failureOf(replay.cause) : "passed", failureOf(error.cause))
      }))

    it.effect("the fixed version passes 300 schedules", () =>
      Effect.gen(function*() {
        const report = yield* VirtualTime.explore(program.fixed as Program, { runs: 300, seed: 1 })
        assert.deepStrictEqual(report, { seed: 1, runs: 300, distinct })
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
      const first = yield* VirtualTime.explore(lostUpdate.fixed, { runs: 20 }).pipe(Random.withSeed(3))
      const second = yield* VirtualTime.explore(lostUpdate.fixed, { runs: 20 }).pipe(Random.withSeed(3))
      assert.deepStrictEqual(second, first)
      assert.strictEqual(first.runs, 20)
    }))

  it.effect("TestClock.adjust keeps its meaning under every schedule: it returns after all that is due by then", () =>
    Effect.gen(function*() {
      // three fibers due at 1 s (one of them queued at 500 ms), one due just after; the caller of adjust checks who
      // ran, and a second adjuster at the same instant must see the same
      const program = Effect.gen(function*() {
        const woken = yield* Ref.make<Array<string>>([])
        const wake = (name: string) => Ref.update(woken, (names) => [...names, name])
        yield* Effect.forkChild(Effect.andThen(Effect.sleep("1 second"), wake("a")))
        yield* Effect.forkChild(Effect.andThen(Effect.sleep("1 second"), wake("b")))
        yield* Effect.forkChild(
          Effect.andThen(Effect.sleep("500 millis"), Effect.andThen(Effect.sleep("500 millis"), wake("c")))
        )
        yield* Effect.forkChild(Effect.andThen(Effect.sleep("1001 millis"), wake("late")))
        const other = yield* Effect.forkChild(Effect.andThen(TestClock.adjust("1 second"), Ref.get(woken)))
        yield* TestClock.adjust("1 second")
        const seen = [...(yield* Ref.get(woken))].sort()
        const seenByOther = [...(yield* Fiber.join(other))].sort()
        if (seen.join() !== "a,b,c" || seenByOther.join() !== "a,b,c") {
          return yield* Effect.fail(`adjust returned having seen ${seen} and ${seenByOther}`)
        }
      })
      const report = yield* VirtualTime.explore(program, { runs: 100, seed: 1 })
      assert.strictEqual(report.runs, 100)
      assert.isAbove(report.distinct, 1)
    }))

  it.effect("a fiber interrupted before its first step ends under every schedule (Effect's start task cannot restart it)", () =>
    Effect.gen(function*() {
      const program = Effect.gen(function*() {
        const fiber = yield* Effect.forkChild(Effect.never)
        yield* Fiber.interrupt(fiber)
        if (!Exit.hasInterrupts(fiber.pollUnsafe()!)) {
          return yield* Effect.fail("the child did not end interrupted")
        }
      })
      const report = yield* VirtualTime.explore(program, { runs: 200, seed: 1 })
      assert.strictEqual(report.runs, 200)
    }))

  it.effect("a start instant applies to every run of an exploration", () =>
    Effect.gen(function*() {
      const program = Effect.flatMap(Clock.currentTimeMillis, (millis) =>
        millis === Date.UTC(2024, 0, 1) ? Effect.void : Effect.fail(`started at ${millis}`))
      const report = yield* VirtualTime.explore(program, { runs: 10, seed: 1, start: new Date("2024-01-01T00:00:00Z") })
      assert.strictEqual(report.runs, 10)
    }))

  it.effect("reports the failing run's timeline up to the failure", () =>
    Effect.gen(function*() {
      const error = yield* explored(deadlock.buggy, { runs: 200, seed: 1 })
      assert.deepStrictEqual(error.timeline.spans.map((span) => [span.label, span.start, span.outcome]), [
        ["b-to-a", 0, "interrupted"],
        ["a-to-b", 0, "interrupted"]
      ])
      assert.include(Cause.pretty(error.cause), "open timeline labels: b-to-a, a-to-b; ")
      // the message names the waiting fibers and the spans they wait in
      assert.match(error.message, /; waiting: #\d+, #\d+ \(a-to-b\) in span a-to-b, #\d+ \(b-to-a\) in span b-to-a; /)
    }))

  it.effect("a strategy can be fixed: pct or shuffle alone", () =>
    Effect.gen(function*() {
      const pct = yield* explored(startup.buggy, { runs: 200, seed: 1, strategy: "pct" })
      assert.deepStrictEqual([pct.strategy, pct.seed % 2], ["pct", 0])
      const shuffle = yield* explored(timeout.buggy, { runs: 200, seed: 1, strategy: "shuffle" })
      assert.deepStrictEqual([shuffle.strategy, shuffle.seed % 2], ["shuffle", 1])
      // so their seeds replay them alone too
      for (const [program, error] of [[startup.buggy, pct], [timeout.buggy, shuffle]] as const) {
        const replay = yield* Effect.exit(VirtualTime.run(program as Program, { schedule: error.seed }))
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
      // the strategy is not idle: for each of these seeds the other one orders the fibers differently
      assert.strictEqual(differs, DIFFERS)
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
      assert.strictEqual(yield* VirtualTime.run(starts), "abcd")
    }))

  it.effect("one seed is one schedule: the same order every time, and every fiber's steps, only reordered", () =>
    property(fc.tuple(anySeed, anyStrategy), ([seed, strategy]) =>
      Effect.gen(function*() {
        const first = yield* VirtualTime.run(order, { schedule: seed, strategy })
        assert.deepStrictEqual(yield* VirtualTime.run(order, { schedule: seed, strategy }), first)
        assert.deepStrictEqual([...first].sort(), ["a", "a", "b", "b", "c", "c", "d", "d"])
      }), { numRuns: 50 }))

  it.effect("different seeds give different orders", () =>
    Effect.gen(function*() {
      const orders = new Set<string>()
      for (let seed = 0; seed < 20; seed++) {
        orders.add((yield* VirtualTime.run(order, { schedule: seed, strategy: "shuffle" })).join(""))
      }
      assert.strictEqual(orders.size, ORDERS)
    }))

  it.effect("a child that Effect.all starts inside its parent's step may yield before its first operation", () =>
    Effect.gen(function*() {
      const seen = new Set<string>()
      for (let seed = 0; seed < 20; seed++) {
        seen.add(yield* VirtualTime.run(starts, { schedule: seed }))
      }
      assert.deepStrictEqual([...seen].sort(), STARTS)
    }))

  it.effect("a fiber a Deferred wakes may yield first, so its waker goes on: as Effect's own scheduler does with MaxOpsBeforeYield 1", () =>
    Effect.gen(function*() {
      // first in, first out, the consumer runs inside the producer's Deferred.succeed, before the slot is cleared
      assert.deepStrictEqual(yield* VirtualTime.run(handoff.buggy), ["hello", undefined])
      // a schedule that makes the consumer yield first lets the producer clear the slot
      const error = yield* explored(handoff.buggy, { runs: 200, seed: 1 })
      assert.strictEqual(failureOf(error.cause), "handoff: the consumer found the slot empty")
      // an order Effect 4 produces by itself, once its scheduler makes every fiber yield before its first operation
      const exit = yield* Effect.exit(handoff.buggy.pipe(Effect.provideService(Scheduler.MaxOpsBeforeYield, 1)))
      assert.deepStrictEqual(Exit.isFailure(exit) ? failureOf(exit.cause) : "passed", failureOf(error.cause))
    }))

  it.effect("permutes the wake-ups due at one instant", () =>
    Effect.gen(function*() {
      const woken = (schedule: number) =>
        Effect.gen(function*() {
          const log = yield* Ref.make<ReadonlyArray<number>>([])
          yield* Effect.forEach(
            [1, 2, 3, 4, 5],
            (n) => Effect.andThen(Effect.sleep("1 second"), Ref.update(log, (entries) => [...entries, n])),
            { concurrency: "unbounded", discard: true }
          )
          return (yield* Ref.get(log)).join("")
        }).pipe(VirtualTime.run({ schedule, strategy: "pct" }))
      const orders = new Set<string>()
      for (let seed = 0; seed < 10; seed++) {
        orders.add(yield* woken(seed))
      }
      assert.strictEqual(orders.size, WOKEN)
      assert.strictEqual(yield* VirtualTime.run(Timeline.record(Effect.void)).pipe(Effect.as("ok")), "ok")
    }))

  it.effect("correct code passes every schedule: the fixed lost update ends at 130 whatever the seed", () =>
    property(anySeed, (seed) =>
      Effect.map(VirtualTime.run(lostUpdate.fixed, { schedule: seed }), (balance) => {
        assert.strictEqual(balance, 130)
      }), { numRuns: 100 }))
})

describe("the schedule seeds", () => {
  it("an exploration's run seed names the run's strategy, for every exploration seed and run", () =>
    fc.assert(
      fc.property(
        anySeed,
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.constantFrom<Schedule.Strategy | "mixed">("mixed", "pct", "shuffle"),
        (seed, run, portfolio) => {
          const derived = Schedule.derive(seed, run, portfolio)
          assert.isTrue(Number.isInteger(derived) && derived >= 0 && derived <= 0xffffffff)
          assert.strictEqual(Schedule.strategyOf(derived), Schedule.strategyOfRun(portfolio, run))
        }
      )
    ))

  it("naming moves a seed at most one step, within 32 bits, to one that names the strategy", () =>
    fc.assert(fc.property(anySeed, anyStrategy, (seed, strategy) => {
      const named = Schedule.naming(seed, strategy)
      assert.isTrue(Number.isInteger(named) && named >= 0 && named <= 0xffffffff)
      assert.isAtMost(Math.abs(named - seed), 1)
      assert.strictEqual(Schedule.strategyOf(named), strategy)
      assert.strictEqual(named === seed, Schedule.strategyOf(seed) === strategy)
    })))

  it("the PRNG gives the same numbers for the same seed on every machine", () => {
    const generator = Schedule.prng(42)
    assert.deepStrictEqual([generator.next(), generator.next(), generator.next()], FIRST_THREE)
  })

  it("the PRNG's int(n) is an integer in [0, n), for every seed and n", () =>
    fc.assert(fc.property(anySeed, fc.integer({ min: 1, max: 0xffffffff }), (seed, n) => {
      const value = Schedule.prng(seed).int(n)
      assert.isTrue(Number.isInteger(value) && value >= 0 && value < n)
    })))
})

const FIRST_THREE: ReadonlyArray<number> = [939911724, 3948730756, 321366731]
const DIFFERS = 10
const ORDERS = 18
const WOKEN = 10
// of 24 orders, from seeds 0 to 19
const STARTS: ReadonlyArray<string> = [
  "abcd",
  "abdc",
  "acdb",
  "bacd",
  "bcad",
  "bcda",
  "bdac",
  "bdca",
  "cabd",
  "cdba",
  "dabc",
  "dcab"
]
