import { assert, describe, it } from "@effect/vitest"
import { Clock, Duration, Effect, Fiber, Random } from "effect"
import { taskWaitN, taskWaitRandom, Timeline, VirtualTime, waitN } from "effect-asyncio"
import { TestClock } from "effect/testing"
import * as fc from "fast-check"
import { adjusted, isAscending, seeded, trackTimers } from "./utils/clock.js"
import { defectMessage } from "./utils/defect.js"
import { property } from "./utils/effectProperty.js"
import { interruptedOnly, makeFiberTracker } from "./utils/fibers.js"

const seconds = "a non-negative number of seconds, at most 9007199254740.99"

describe("Task", () => {
  describe("taskWaitRandom", () => {
    it.effect("hands back a running fiber at once, before any time passes", () =>
      Effect.gen(function*() {
        const task = yield* taskWaitRandom(5)
        assert.strictEqual(yield* Clock.currentTimeMillis, 0)
        assert.isTrue(Fiber.isFiber(task))
        assert.isUndefined(task.pollUnsafe())
        yield* TestClock.adjust("5 seconds")
        const delay = yield* Fiber.join(task)
        assert.isTrue(delay > 0 && delay <= 5)
      }).pipe(seeded(1)))

    it.effect("the fiber finishes exactly at its delay", () =>
      Effect.gen(function*() {
        const delay = yield* adjusted(Effect.flatMap(taskWaitRandom(5), (task) => Fiber.join(task)), "5 seconds").pipe(
          seeded(2)
        )
        const task = yield* taskWaitRandom(5).pipe(seeded(2))
        yield* TestClock.adjust(Duration.millis(Math.round(delay * 1000) - 1))
        assert.isUndefined(task.pollUnsafe())
        yield* TestClock.adjust("1 millis")
        assert.strictEqual(yield* Fiber.join(task), delay)
      }))

    it.effect("interrupting the task cancels the wait", () =>
      Effect.gen(function*() {
        const task = yield* taskWaitRandom(5)
        assert.isTrue(yield* interruptedOnly(task))
      }).pipe(seeded(3)))

    it.effect("a bad maxDelay is a defect of the effect itself, not of a fiber", () =>
      Effect.gen(function*() {
        const message = defectMessage(yield* Effect.exit(taskWaitRandom(-5)))
        assert.strictEqual(message, `Task.taskWaitRandom: maxDelay must be ${seconds}, got -5`)
      }))
  })

  describe("taskWaitN", () => {
    it.effect("labels its waits task-0, task-1, … in start order when observed, each a span that ends with its wait", () =>
      Effect.gen(function*() {
        const ended: Array<readonly [string, number]> = []
        const delays = yield* adjusted(
          Timeline.observe(taskWaitN(3, 1), { onEnd: (event) => ended.push([event.name, event.end!]) }),
          "1 second"
        ).pipe(seeded(3))
        assert.deepStrictEqual(ended.map(([, end]) => end / 1000), delays)
        assert.deepStrictEqual(ended.map(([name]) => name).sort(), ["task-0", "task-1", "task-2"])
      }))

    it.effect("gives the same delays as waitN for the same seed, ascending", () =>
      Effect.gen(function*() {
        const tasks = yield* adjusted(taskWaitN(5, 6), "6 seconds").pipe(seeded(4))
        const waits = yield* adjusted(waitN(5, 6), "6 seconds").pipe(seeded(4))
        assert.deepStrictEqual(tasks, waits)
        assert.strictEqual(tasks.length, 5)
        assert.isTrue(isAscending(tasks))
      }))

    it.effect("takes the longest delay, not the sum, for any seed", () =>
      property(
        fc.integer(),
        (seed) =>
          Effect.gen(function*() {
            const [elapsed, delays] = yield* adjusted(Effect.timed(taskWaitN(10, 7)), "7 seconds").pipe(seeded(seed))
            assert.isTrue(isAscending(delays), `seed ${seed}: ${delays}`)
            assert.strictEqual(Duration.toMillis(elapsed), Math.round(Math.max(...delays) * 1000))
          }),
        { numRuns: 30, examples: Array.from({ length: 30 }, (_, seed) => [seed] as [number]) }
      ))

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
        const tracker = makeFiberTracker()
        const fiber = yield* Effect.forkChild(tracker.track(taskWaitN(300, 10)))
        yield* TestClock.adjust("1 millis")
        assert.strictEqual(tracker.alive(), 600) // per wait, its task and the worker that joins it
        assert.isTrue(yield* interruptedOnly(fiber))
        assert.strictEqual(tracker.alive(), 0)
      }).pipe(seeded(6)))

    it.live("interrupting taskWaitN clears every pending timer", () =>
      Effect.gen(function*() {
        const timers = yield* trackTimers
        const fiber = yield* Effect.forkChild(taskWaitN(200, 30))
        yield* Effect.sleep("50 millis")
        const during = timers.pending()
        yield* Fiber.interrupt(fiber)
        assert.isTrue(during >= 190, `pending timers during: ${during}`)
        assert.strictEqual(timers.pending(), 0)
      }).pipe(Random.withSeed(7)))

    it.effect("on VirtualTime, with the waits queued on the clock, gives what forked tasks give, for any seed", () =>
      property(
        fc.tuple(fc.integer(), fc.nat(40), fc.constantFrom(0, 0.003, 0.05, 2.5)),
        ([seed, n, maxDelay]) =>
          Effect.gen(function*() {
            // on TestClock each wait is a forked task; on VirtualTime an entry in its queue
            const forked = yield* adjusted(Effect.timed(taskWaitN(n, maxDelay)), `${maxDelay} seconds`).pipe(
              seeded(seed)
            )
            const queued = yield* VirtualTime.timed(taskWaitN(n, maxDelay)).pipe(seeded(seed))
            assert.deepStrictEqual(queued[1], forked[1])
            assert.strictEqual(Duration.toMillis(queued[0]), Duration.toMillis(forked[0]))
          }),
        { numRuns: 60 }
      ))

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
