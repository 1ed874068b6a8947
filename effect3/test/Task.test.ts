import { assert, describe, it } from "@effect/vitest"
import { Clock, Duration, Effect, Exit, FastCheck, Fiber, Random, Supervisor, TestClock } from "effect"
import { taskWaitN, taskWaitRandom, VirtualTime, waitN } from "effect-asyncio"
import { adjusted, isAscending, seeded } from "./utils/clock.js"
import { defectMessage } from "./utils/defect.js"

const seconds = "a non-negative number of seconds, at most 9007199254740.99"

describe("Task", () => {
  describe("taskWaitRandom", () => {
    it.effect("hands back a running fiber at once, before any time passes", () =>
      Effect.gen(function*() {
        const task = yield* taskWaitRandom(5)
        assert.strictEqual(yield* Clock.currentTimeMillis, 0)
        assert.isTrue(Fiber.isRuntimeFiber(task))
        assert.isTrue((yield* Fiber.poll(task))._tag === "None")
        yield* TestClock.adjust("5 seconds")
        const delay = yield* Fiber.join(task)
        assert.isTrue(delay > 0 && delay <= 5)
      }).pipe(seeded(1)))

    it.effect("the fiber finishes exactly at its delay", () =>
      Effect.gen(function*() {
        const delay = yield* adjusted(Effect.flatMap(taskWaitRandom(5), Fiber.join), "5 seconds").pipe(seeded(2))
        const task = yield* taskWaitRandom(5).pipe(seeded(2))
        yield* TestClock.adjust(Duration.millis(Math.round(delay * 1000) - 1))
        assert.isTrue((yield* Fiber.poll(task))._tag === "None")
        yield* TestClock.adjust("1 millis")
        assert.strictEqual(yield* Fiber.join(task), delay)
      }))

    it.effect("interrupting the task cancels the wait", () =>
      Effect.gen(function*() {
        const task = yield* taskWaitRandom(5)
        const exit = yield* Fiber.interrupt(task)
        assert.isTrue(Exit.isInterrupted(exit))
      }).pipe(seeded(3)))

    it.effect("a bad maxDelay is a defect of the effect itself, not of a fiber", () =>
      Effect.gen(function*() {
        const message = defectMessage(yield* Effect.exit(taskWaitRandom(-5)))
        assert.strictEqual(message, `Task.taskWaitRandom: maxDelay must be ${seconds}, got -5`)
      }))
  })

  describe("taskWaitN", () => {
    it.effect("gives the same delays as waitN for the same seed, ascending", () =>
      Effect.gen(function*() {
        const tasks = yield* adjusted(taskWaitN(5, 6), "6 seconds").pipe(seeded(4))
        const waits = yield* adjusted(waitN(5, 6), "6 seconds").pipe(seeded(4))
        assert.deepStrictEqual(tasks, waits)
        assert.strictEqual(tasks.length, 5)
        assert.isTrue(isAscending(tasks))
      }))

    it.effect.prop(
      "takes the longest delay, not the sum, for any seed",
      [FastCheck.integer()],
      ([seed]) =>
        Effect.gen(function*() {
          const [elapsed, delays] = yield* adjusted(Effect.timed(taskWaitN(10, 7)), "7 seconds").pipe(seeded(seed))
          assert.isTrue(isAscending(delays), `seed ${seed}: ${delays}`)
          assert.strictEqual(Duration.toMillis(elapsed), Math.round(Math.max(...delays) * 1000))
        }),
      { fastCheck: { numRuns: 30, examples: Array.from({ length: 30 }, (_, seed) => [seed] as [number]) } }
    )

    it.effect("edge cases: ten zeros, and [] for n = 0", () =>
      Effect.gen(function*() {
        assert.deepStrictEqual(yield* taskWaitN(10, 0), Array.from({ length: 10 }, () => 0))
        assert.deepStrictEqual(yield* taskWaitN(0, 10), [])
      }))

    // Ten thousand tasks on VirtualTime: TestClock costs real milliseconds per woken sleep, too slow at this size.
    it.effect("handles ten thousand tasks, done exactly at the longest delay", () =>
      Effect.gen(function*() {
        const [elapsed, delays] = yield* VirtualTime.timed(taskWaitN(10_000, 0.02))
        assert.strictEqual(delays.length, 10_000)
        assert.isTrue(isAscending(delays))
        assert.strictEqual(Duration.toMillis(elapsed), Math.round(Math.max(...delays) * 1000))
      }).pipe(seeded(5)))

    it.effect("interruption interrupts every task and leaves no fiber behind", () =>
      Effect.gen(function*() {
        const supervisor = yield* Supervisor.track
        const fiber = yield* Effect.fork(Effect.supervised(taskWaitN(300, 10), supervisor))
        yield* TestClock.adjust("1 millis")
        assert.isTrue((yield* supervisor.value).length >= 300)
        assert.isTrue(Exit.isInterrupted(yield* Fiber.interrupt(fiber)))
        assert.deepStrictEqual(yield* supervisor.value, [])
      }).pipe(seeded(6)))

    it.live("interrupting taskWaitN clears every pending timer", () =>
      Effect.gen(function*() {
        const timers = () => process.getActiveResourcesInfo().filter((name) => name === "Timeout").length
        const before = timers()
        const fiber = yield* Effect.fork(taskWaitN(200, 30))
        yield* Effect.sleep("50 millis")
        const during = timers()
        yield* Fiber.interrupt(fiber)
        assert.isTrue(during - before >= 190, `pending timers during: ${during - before}`)
        assert.isTrue(timers() <= before, `timers left: ${timers()} > ${before}`)
      }).pipe(Effect.withRandom(Random.make(7))))

    it.effect("bad arguments are defects naming function, argument and value", () =>
      Effect.gen(function*() {
        const cases: ReadonlyArray<readonly [Effect.Effect<Array<number>>, string]> = [
          [taskWaitN(-1, 1), "n must be a non-negative integer, got -1"],
          [taskWaitN(0.5, 1), "n must be a non-negative integer, got 0.5"],
          [taskWaitN(NaN, 1), "n must be a non-negative integer, got NaN"],
          [taskWaitN(3, -1), `maxDelay must be ${seconds}, got -1`],
          [taskWaitN(3, NaN), `maxDelay must be ${seconds}, got NaN`]
        ]
        for (const [effect, expected] of cases) {
          assert.strictEqual(defectMessage(yield* Effect.exit(effect)), `Task.taskWaitN: ${expected}`)
        }
      }))
  })
})
