/**
 * examples/explore-race.ts: a box office that sells the last seat twice under some schedules. The default schedule
 * passes, exploration finds the oversell and its seed replays it, the fix passes every explored schedule; and the
 * program prints exactly that story.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { Timeline, VirtualTime } from "effect-asyncio"
import { buggy, fixed, OversoldError, program, seed } from "../examples/explore-race.js"
import * as TestConsole from "./utils/TestConsole.js"

// what exploring the buggy checkout from seed 2024 finds: the third run, a shuffle, oversells
const failing = { run: 3, seed: 1861381415, strategy: "shuffle" } as const

describe("examples/explore-race.ts", () => {
  it.effect("the test as written passes first in, first out: Ann gets the seat, Bob is told it is sold out", () =>
    Effect.gen(function*() {
      const outcome = yield* VirtualTime.run(buggy)
      assert.strictEqual(outcome, "ann got the seat, bob was told it is sold out")
    }))

  it.effect("exploring 100 schedules from seed 2024 finds the oversell on run 3, while Ann is charged", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(VirtualTime.explore(buggy, { runs: 100, seed }))
      assert.deepStrictEqual(
        {
          run: error.run,
          runs: error.runs,
          seed: error.seed,
          strategy: error.strategy,
          exploration: error.exploration
        },
        { ...failing, runs: 100, exploration: 2024 }
      )
      assert.strictEqual(
        error.message,
        "VirtualTime.explore: run 3 of 100 failed; replay it with VirtualTime.run(effect, { schedule: 1861381415 }): " +
          "OversoldError: 2 tickets sold for 1 seat (ann, bob)"
      )
      // Bob's coupon check ends with Ann's charge, and Bob reads the seat before Ann takes it
      yield* Timeline.assertMatches(error.timeline, "coupon-bob@0..100 charge-ann@0..100 charge-bob@100..200")
    }))

  it.effect("the reported seed alone replays the same oversell: both Ann and Bob hold a ticket", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(VirtualTime.run(buggy, { schedule: failing.seed }))
      assert.deepStrictEqual(error, new OversoldError({ seats: 1, tickets: ["ann", "bob"] }))
    }))

  it.effect("the fix (the seat held with Ref.modify before the charge) passes 200 explored schedules", () =>
    Effect.gen(function*() {
      const report = yield* VirtualTime.explore(fixed, { runs: 200, seed })
      assert.deepStrictEqual(report, { seed: 2024, runs: 200, distinct: 35 })
      assert.strictEqual(yield* VirtualTime.run(fixed), "ann got the seat, bob was told it is sold out")
    }))

  it.effect("the program prints the story: passes, found, its chart, replayed, fixed", () =>
    Effect.gen(function*() {
      const recorder = TestConsole.make()
      yield* recorder.provide(program)
      assert.deepStrictEqual(recorder.out.join("\n").split("\n"), [
        "first in, first out: passes (ann got the seat, bob was told it is sold out)",
        "explored from seed 2024: VirtualTime.explore: run 3 of 100 failed; replay it with " +
        "VirtualTime.run(effect, { schedule: 1861381415 }): OversoldError: 2 tickets sold for 1 seat (ann, bob)",
        "           0              50ms            100ms           150ms          200ms",
        "           ├──────────────┼───────────────┼───────────────┼──────────────┤",
        "coupon-bob ████████████████████████████████                                100ms",
        "charge-ann ████████████████████████████████                                100ms",
        "charge-bob                                ████████████████████████████████ 200ms",
        "replayed schedule 1861381415 (shuffle) alone: OversoldError: 2 tickets sold for 1 seat (ann, bob)",
        "fixed (seat held with Ref.modify before the charge): 200 schedules pass " +
        "{ seed: 2024, runs: 200, distinct: 35 }"
      ])
      assert.deepStrictEqual(recorder.err, [])
    }))
})
