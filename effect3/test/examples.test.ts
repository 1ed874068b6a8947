/**
 * Every example runs here in virtual time with a seeded Random, and prints exactly what the library computes for
 * that seed, in the shape the original main file prints.
 */
import { assert, describe, it } from "@effect/vitest"
import { Duration, Effect } from "effect"
import { asyncComprehension, measureTime, Repr, taskWaitN, waitN, waitRandom } from "effect-asyncio"
import { program as asyncComprehensionMain } from "../examples/async-comprehension.js"
import { program as asyncGeneratorMain } from "../examples/async-generator.js"
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
    const [elapsed] = yield* adjusted(Effect.timed(Effect.withConsole(program, recorder.console)), "1 minute").pipe(
      seeded(seed)
    )
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
      const delays = yield* expected(Effect.all([waitRandom(), waitRandom(5), waitRandom(15)]))
      assert.deepStrictEqual(lines, delays.map((delay) => Repr.float(delay)))
      assert.isTrue(delays[0] <= 10 && delays[1] <= 5 && delays[2] <= 15)
      assert.strictEqual(elapsed, Math.round(delays.reduce((a, b) => a + b, 0) * 1000))
    }))

  it.effect("wait-n (1-main): three ascending lists, the last ten 0.0, each taking its longest delay", () =>
    Effect.gen(function*() {
      const { elapsed, lines } = yield* run(waitNMain)
      const lists = yield* expected(Effect.all([waitN(5, 5), waitN(10, 7), waitN(10, 0)]))
      assert.deepStrictEqual(lines, lists.map((list) => Repr.floats(list)))
      assert.strictEqual(lines[2], "[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]")
      assert.isTrue(lines.every((line) => floatList.test(line) && isAscending(parse(line))))
      assert.deepStrictEqual(lines.map((line) => parse(line).length), [5, 10, 10])
      assert.strictEqual(elapsed, Math.round((Math.max(...lists[0]) + Math.max(...lists[1])) * 1000))
    }))

  it.effect("measure-time (2-main): one float, the longest of five delays divided by five", () =>
    Effect.gen(function*() {
      const { elapsed, lines } = yield* run(measureTimeMain)
      const perWait = yield* expected(measureTime(5, 9))
      assert.deepStrictEqual(lines, [Repr.float(perWait)])
      assert.isTrue(perWait > 0 && perWait <= 9 / 5)
      assert.strictEqual(elapsed, Math.round(perWait * 5 * 1000))
    }))

  it.effect("task-wait-random (3-main): prints the class of the task it awaited", () =>
    Effect.gen(function*() {
      const { elapsed, lines } = yield* run(taskWaitRandomMain)
      assert.deepStrictEqual(lines, ["<class 'FiberRuntime'>"])
      assert.isTrue(elapsed > 0 && elapsed <= 5000)
    }))

  it.effect("task-wait-n (4-main): five ascending delays within 6 s", () =>
    Effect.gen(function*() {
      const { elapsed, lines } = yield* run(taskWaitNMain)
      const delays = yield* expected(taskWaitN(5, 6))
      assert.deepStrictEqual(lines, [Repr.floats(delays)])
      assert.isTrue(isAscending(delays) && delays.every((delay) => delay <= 6))
      assert.strictEqual(elapsed, Math.round(Math.max(...delays) * 1000))
    }))

  it.effect("async-generator (comprehension 0-main): ten numbers in [0, 10] after exactly 10 s", () =>
    Effect.gen(function*() {
      const { elapsed, lines } = yield* run(asyncGeneratorMain)
      const numbers = yield* expected(asyncComprehension())
      assert.deepStrictEqual(lines, [Repr.floats(numbers)])
      assert.strictEqual(numbers.length, 10)
      assert.isTrue(numbers.every((n) => n >= 0 && n <= 10))
      assert.isFalse(isAscending(numbers))
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
})
