/**
 * The examples that retell the Python originals run here on `TestClock` with a seeded `Random`, and print exactly
 * what the library computes for that seed, in the shape the original main file prints; the printed lines are
 * goldens from real runs on Effect 4. The other examples are run by the tests of what they show: countdown,
 * message-feed, range, read-lines and websocket-client by their module's tests, retry-backoff-test by
 * test/VirtualTime.test.ts, the testing-* recipes by test/testing/Vitest.test.ts (against docs/testing.md), and
 * explore-race by test/exampleRace.test.ts.
 */
import { assert, describe, it } from "@effect/vitest"
import { Duration, Effect } from "effect"
import { asyncComprehension, measureTime, Repr, taskWaitN, waitN, waitRandom } from "effect-asyncio"
import { program as asyncComprehensionMain } from "../examples/async-comprehension.js"
import { program as asyncGeneratorMain } from "../examples/async-generator.js"
import { program as measureRuntimeTimelineMain } from "../examples/measure-runtime-timeline.js"
import { program as measureRuntimeMain } from "../examples/measure-runtime.js"
import { program as measureTimeMain } from "../examples/measure-time.js"
import { program as taskWaitNMain } from "../examples/task-wait-n.js"
import { program as taskWaitRandomMain } from "../examples/task-wait-random.js"
import { program as waitNMain } from "../examples/wait-n.js"
import { program as waitRandomMain } from "../examples/wait-random.js"
import { adjusted, isAscending, seeded } from "./utils/clock.js"
import * as TestConsole from "./utils/TestConsole.js"

const seed = 2024

/** Runs an example under TestClock and a seeded Random: its printed lines and the virtual time it took. */
const run = <E>(program: Effect.Effect<void, E>) =>
  Effect.gen(function*() {
    const recorder = TestConsole.make()
    const [elapsed] = yield* adjusted(Effect.timed(recorder.provide(program)), "1 minute").pipe(seeded(seed))
    return { elapsed: Duration.toMillis(elapsed), lines: recorder.out }
  })

/** What the library itself computes for the same seed. */
const expected = <A, E>(effect: Effect.Effect<A, E>) => adjusted(effect, "1 minute").pipe(seeded(seed))

const floatList = /^\[(\d+\.\d+(, \d+\.\d+)*)?\]$/
const parse = (line: string): Array<number> => line === "[]" ? [] : line.slice(1, -1).split(", ").map(Number)

describe("examples", () => {
  it.effect("wait-random (0-main): three delays within 10, 5 and 15 s, run one after another", () =>
    Effect.gen(function*() {
      const { elapsed, lines } = yield* run(waitRandomMain)
      assert.deepStrictEqual(lines, ["7.294", "3.111", "13.835"])
      const delays = yield* expected(Effect.all([waitRandom(), waitRandom(5), waitRandom(15)]))
      assert.deepStrictEqual(lines, delays.map((delay) => Repr.float(delay)))
      assert.strictEqual(elapsed, 7_294 + 3_111 + 13_835)
    }))

  it.effect("wait-n (1-main): three ascending lists, the last ten 0.0, each taking its longest delay", () =>
    Effect.gen(function*() {
      const { elapsed, lines } = yield* run(waitNMain)
      assert.deepStrictEqual(lines, [
        "[2.582, 2.62, 3.111, 3.647, 4.612]",
        "[2.633, 3.08, 3.504, 4.447, 4.745, 4.781, 5.207, 5.743, 6.135, 6.556]",
        "[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]"
      ])
      const lists = yield* expected(Effect.all([waitN(5, 5), waitN(10, 7), waitN(10, 0)]))
      assert.deepStrictEqual(lines, lists.map((list) => Repr.floats(list)))
      assert.isTrue(lines.every((line) => floatList.test(line) && isAscending(parse(line))))
      assert.strictEqual(elapsed, 4_612 + 6_556)
    }))

  it.effect("measure-time (2-main): one float, the longest of five delays divided by five", () =>
    Effect.gen(function*() {
      const { elapsed, lines } = yield* run(measureTimeMain)
      assert.deepStrictEqual(lines, ["1.6602000000000001"]) // 8.301 s / 5, as Python prints it
      assert.deepStrictEqual(lines, [Repr.float(yield* expected(measureTime(5, 9)))])
      assert.strictEqual(elapsed, 8_301)
    }))

  it.effect("task-wait-random (3-main): prints the class of the task it awaited, Effect 4's fiber", () =>
    Effect.gen(function*() {
      const { elapsed, lines } = yield* run(taskWaitRandomMain)
      assert.deepStrictEqual(lines, ["<class 'FiberImpl'>"])
      assert.strictEqual(elapsed, 3_647)
    }))

  it.effect("task-wait-n (4-main): five ascending delays within 6 s", () =>
    Effect.gen(function*() {
      const { elapsed, lines } = yield* run(taskWaitNMain)
      assert.deepStrictEqual(lines, ["[3.098, 3.144, 3.733, 4.377, 5.534]"])
      assert.deepStrictEqual(lines, [Repr.floats(yield* expected(taskWaitN(5, 6)))])
      assert.strictEqual(elapsed, 5_534)
    }))

  it.effect("async-generator (comprehension 0-main): ten numbers in [0, 10] after exactly 10 s", () =>
    Effect.gen(function*() {
      const { elapsed, lines } = yield* run(asyncGeneratorMain)
      assert.deepStrictEqual(lines, [
        "[7.293997036970465, 6.221500785765209, 9.22278187410106, 5.163101355727876, 5.239739257123795, " +
        "4.399681669239087, 6.830357669502351, 7.438566557120572, 6.777943986115728, 9.364623232155722]"
      ])
      assert.deepStrictEqual(lines, [Repr.floats(yield* expected(asyncComprehension()))])
      assert.strictEqual(elapsed, 10_000)
    }))

  it.effect("async-comprehension (comprehension 1-main): the same ten numbers for the same seed", () =>
    Effect.gen(function*() {
      const { elapsed, lines } = yield* run(asyncComprehensionMain)
      const generator = yield* run(asyncGeneratorMain)
      assert.deepStrictEqual(lines, generator.lines)
      assert.strictEqual(elapsed, 10_000)
    }))

  it.effect("measure-runtime (comprehension 2-main): 10.0, not 40", () =>
    Effect.gen(function*() {
      const { elapsed, lines } = yield* run(measureRuntimeMain)
      assert.deepStrictEqual(lines, ["10.0"])
      assert.strictEqual(elapsed, 10_000)
    }))

  it.effect("measure-runtime-timeline: four lanes of ten one-second emissions, all done at 10 s", () =>
    Effect.gen(function*() {
      const recorder = TestConsole.make()
      yield* recorder.provide(measureRuntimeTimelineMain)
      const lane = "▓▓▓▓▓▓██████".repeat(5)
      assert.deepStrictEqual(recorder.out.join("\n").split("\n"), [
        "                0           2s          4s          6s          8s         10s",
        "                ├───────────┼───────────┼───────────┼───────────┼──────────┤",
        `comprehension-0 ${lane} 10s`,
        `comprehension-1 ${lane} 10s`,
        `comprehension-2 ${lane} 10s`,
        `comprehension-3 ${lane} 10s`,
        "measureRuntime: 10.0 s of virtual time, 4 lanes × 10 emissions"
      ])
    }))
})
