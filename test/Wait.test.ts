import { assert, describe, it } from "@effect/vitest"
import { Cause, Clock, Duration, Effect, Fiber, Random } from "effect"
import { measureTime, Timeline, VirtualTime, Wait, waitN, waitRandom } from "effect-asyncio"
import { TestClock } from "effect/testing"
import * as fc from "fast-check"
import { adjusted, isAscending, seeded, trackTimers } from "./utils/clock.js"
import { defectMessage } from "./utils/defect.js"
import { property } from "./utils/effectProperty.js"
import { interruptedOnly, makeFiberTracker } from "./utils/fibers.js"

const seconds = "a non-negative number of seconds, at most 9007199254740.99"

describe("Wait", () => {
  describe("waitRandom", () => {
    it.effect("sleeps exactly the delay it returns, on the Clock", () =>
      Effect.gen(function*() {
        const [elapsed, delay] = yield* adjusted(Effect.timed(waitRandom(5)), "5 seconds")
        assert.isTrue(delay >= 0 && delay <= 5)
        assert.strictEqual(Duration.toMillis(elapsed), Math.round(delay * 1000))
        assert.strictEqual(yield* Clock.currentTimeMillis, 5000)
      }).pipe(seeded(1)))

    it.effect("is not done before its delay has passed", () =>
      Effect.gen(function*() {
        const fiber = yield* Effect.forkChild(waitRandom(10))
        yield* TestClock.adjust("10 seconds")
        const delay = yield* Fiber.join(fiber)
        const again = yield* Effect.forkChild(waitRandom(10).pipe(seeded(2)))
        yield* TestClock.adjust(Duration.millis(Math.round(delay * 1000) - 1))
        assert.isUndefined(again.pollUnsafe())
        yield* TestClock.adjust(Duration.millis(1))
        assert.strictEqual(yield* Fiber.join(again), delay)
      }).pipe(seeded(2)))

    it.effect("draws whole milliseconds uniformly in [0, maxDelay], both ends included", () =>
      Effect.gen(function*() {
        const delays = yield* adjusted(waitN(400, 0.003), "3 millis")
        const counts = [0, 0.001, 0.002, 0.003].map((value) => delays.filter((delay) => delay === value).length)
        assert.strictEqual(counts.reduce((a, b) => a + b, 0), 400)
        assert.isTrue(counts.every((count) => count > 60), `counts of 0, 1, 2 and 3 ms: ${counts}`)
      }).pipe(seeded(3)))

    it.effect("defaults maxDelay to 10 seconds", () =>
      Effect.gen(function*() {
        let largest = 0
        for (let seed = 0; seed < 50; seed++) {
          largest = Math.max(largest, yield* adjusted(waitRandom().pipe(seeded(seed)), "10 seconds"))
        }
        assert.strictEqual(Wait.DefaultMaxDelay, 10)
        assert.isTrue(largest > 9 && largest <= 10, `largest of 50 defaults: ${largest}`)
      }))

    it.effect("is a bound, not a cap: waitRandom(15) can exceed 10", () =>
      Effect.gen(function*() {
        const delays: Array<number> = []
        for (let seed = 0; seed < 20; seed++) {
          delays.push(yield* adjusted(waitRandom(15).pipe(seeded(seed)), "15 seconds"))
        }
        assert.isTrue(delays.some((delay) => delay > 10))
        assert.isTrue(delays.every((delay) => delay <= 15))
      }))

    it.effect("waitRandom(0) returns 0 at once, without the clock moving", () =>
      Effect.gen(function*() {
        assert.strictEqual(yield* waitRandom(0), 0)
        assert.strictEqual(yield* Clock.currentTimeMillis, 0)
      }))

    it.effect("the same seed gives the same delays", () =>
      Effect.gen(function*() {
        const run = adjusted(Effect.all([waitRandom(), waitRandom(5), waitRandom(15)]), "30 seconds")
        const first = yield* run.pipe(seeded(42))
        const second = yield* run.pipe(seeded(42))
        const other = yield* run.pipe(seeded(43))
        assert.deepStrictEqual(first, second)
        assert.notDeepEqual(first, other)
      }))

    it.effect("sequential waits take the sum of their delays", () =>
      Effect.gen(function*() {
        const [elapsed, delays] = yield* adjusted(
          Effect.timed(Effect.all([waitRandom(1), waitRandom(1), waitRandom(1)])),
          "3 seconds"
        )
        const sum = delays.reduce((a, b) => a + b, 0)
        assert.strictEqual(Duration.toMillis(elapsed), Math.round(sum * 1000))
      }).pipe(seeded(5)))

    it.effect("bad maxDelay is a defect naming function, argument and value; nothing throws on call", () =>
      Effect.gen(function*() {
        const cases: ReadonlyArray<readonly [number, string]> = [
          [-1, "-1"],
          [NaN, "NaN"],
          [Infinity, "Infinity"],
          [1e300, "1e+300"],
          [9007199254741, "9007199254741"]
        ]
        for (const [value, shown] of cases) {
          const effect = waitRandom(value)
          const message = defectMessage(yield* Effect.exit(effect))
          assert.strictEqual(message, `Wait.waitRandom: maxDelay must be ${seconds}, got ${shown}`)
        }
      }))

    it.effect("draws up to 2^53 - 1 milliseconds, the largest bound Random can draw every whole millisecond of", () =>
      Effect.gen(function*() {
        const largest = Number.MAX_SAFE_INTEGER / 1000
        const delays = yield* VirtualTime.run(Effect.all(Array.from({ length: 20 }, () => waitRandom(largest))))
        assert.isTrue(delays.every((delay) => delay >= 0 && delay <= largest))
        // uniform over the whole range: the draws spread over it, none stuck below an internal cap
        assert.isAbove(Math.max(...delays), largest * 0.8)
        assert.isBelow(Math.min(...delays), largest * 0.2)
      }).pipe(seeded(7)))
  })

  describe("waitN", () => {
    it.effect("labels its waits wait-0, wait-1, … in start order when observed, each a span that ends with its wait", () =>
      Effect.gen(function*() {
        const ended: Array<readonly [string, number]> = []
        const delays = yield* adjusted(
          Timeline.observe(waitN(3, 1), { onEnd: (event) => ended.push([event.name, event.end!]) }),
          "1 second"
        ).pipe(seeded(3))
        assert.deepStrictEqual(ended.map(([, end]) => end / 1000), delays)
        assert.deepStrictEqual(ended.map(([name]) => name).sort(), ["wait-0", "wait-1", "wait-2"])
      }))

    it.effect("returns n delays in completion order, which is ascending, with no sort", () =>
      Effect.gen(function*() {
        const delays = yield* adjusted(waitN(10, 7), "7 seconds")
        assert.strictEqual(delays.length, 10)
        assert.isTrue(isAscending(delays), `not ascending: ${delays}`)
        assert.isTrue(delays.every((delay) => delay >= 0 && delay <= 7))
      }).pipe(seeded(7)))

    it.effect("takes the longest delay, not the sum", () =>
      Effect.gen(function*() {
        const [elapsed, delays] = yield* adjusted(Effect.timed(waitN(5, 5)), "5 seconds")
        assert.strictEqual(Duration.toMillis(elapsed), Math.round(Math.max(...delays) * 1000))
        assert.isTrue(delays.reduce((a, b) => a + b, 0) > Math.max(...delays))
      }).pipe(seeded(11)))

    it.effect("finishes exactly when its longest delay has passed", () =>
      Effect.gen(function*() {
        const delays = yield* adjusted(waitN(20, 2), "2 seconds").pipe(seeded(12))
        const longest = Math.round(Math.max(...delays) * 1000)
        const start = yield* Clock.currentTimeMillis
        const fiber = yield* Effect.forkChild(waitN(20, 2).pipe(seeded(12)))
        yield* TestClock.adjust(Duration.millis(longest - 1))
        assert.isUndefined(fiber.pollUnsafe())
        yield* TestClock.adjust("1 millis")
        assert.deepStrictEqual(yield* Fiber.join(fiber), delays)
        assert.strictEqual((yield* Clock.currentTimeMillis) - start, longest)
      }))

    it.effect("waitN(10, 0) gives ten zeros and waitN(0, 10) gives []", () =>
      Effect.gen(function*() {
        assert.deepStrictEqual(yield* waitN(10, 0), Array.from({ length: 10 }, () => 0))
        assert.deepStrictEqual(yield* waitN(0, 10), [])
        assert.strictEqual(yield* Clock.currentTimeMillis, 0)
      }))

    it.effect("is exact for any seed: ascending, done exactly at the longest delay", () =>
      property(
        fc.integer(),
        (seed) =>
          Effect.gen(function*() {
            const [elapsed, delays] = yield* adjusted(Effect.timed(waitN(8, 3.7)), "4 seconds").pipe(seeded(seed))
            assert.isTrue(isAscending(delays), `seed ${seed}: ${delays}`)
            assert.strictEqual(Duration.toMillis(elapsed), Math.round(Math.max(...delays) * 1000))
          }),
        { numRuns: 40, examples: Array.from({ length: 40 }, (_, seed) => [seed] as [number]) }
      ))

    // Ten thousand waits on VirtualTime: TestClock costs real milliseconds per woken sleep, too slow at this size.
    it.effect("handles ten thousand concurrent waits, done exactly at the longest delay", () =>
      Effect.gen(function*() {
        const [elapsed, delays] = yield* VirtualTime.timed(waitN(10_000, 0.02))
        assert.strictEqual(delays.length, 10_000)
        assert.isTrue(isAscending(delays))
        assert.strictEqual(Duration.toMillis(elapsed), Math.round(Math.max(...delays) * 1000))
      }).pipe(seeded(13)))

    it.effect("the same seed gives the same list", () =>
      Effect.gen(function*() {
        const first = yield* adjusted(waitN(10, 7), "7 seconds").pipe(seeded(99))
        const second = yield* adjusted(waitN(10, 7), "7 seconds").pipe(seeded(99))
        assert.deepStrictEqual(first, second)
      }))

    it.effect("interruption interrupts every child at once and leaves no fiber behind", () =>
      Effect.gen(function*() {
        const delays = yield* adjusted(waitN(300, 0.01), "10 millis").pipe(seeded(14))
        const pending = delays.filter((delay) => delay > 0.004).length
        const tracker = makeFiberTracker()
        const fiber = yield* Effect.forkChild(tracker.track(waitN(300, 0.01).pipe(seeded(14))))
        yield* TestClock.adjust("4 millis")
        assert.strictEqual(tracker.alive(), pending) // one fiber per wait still pending
        assert.isTrue(yield* interruptedOnly(fiber))
        assert.strictEqual(tracker.alive(), 0)
        assert.strictEqual(yield* Clock.currentTimeMillis, 14)
      }))

    it.effect("bad n or maxDelay is a defect naming function, argument and value; nothing throws on call", () =>
      Effect.gen(function*() {
        const cases: ReadonlyArray<readonly [Effect.Effect<Array<number>>, string]> = [
          [waitN(-1, 1), "n must be a non-negative integer, got -1"],
          [waitN(1.5, 1), "n must be a non-negative integer, got 1.5"],
          [waitN(NaN, 1), "n must be a non-negative integer, got NaN"],
          [waitN(1, -2), `maxDelay must be ${seconds}, got -2`],
          [waitN(1, NaN), `maxDelay must be ${seconds}, got NaN`],
          [waitN(1, Infinity), `maxDelay must be ${seconds}, got Infinity`]
        ]
        for (const [effect, expected] of cases) {
          assert.strictEqual(defectMessage(yield* Effect.exit(effect)), `Wait.waitN: ${expected}`)
        }
      }))
  })

  describe("waitN on the library's clocks: the waits queued on the clock, no fiber each", () => {
    it.effect("gives what a fiber per wait gives, for any seed: the same delays, in the same order, at the same instant", () =>
      property(
        fc.tuple(fc.integer(), fc.nat(40), fc.constantFrom(0, 0.003, 0.05, 2.5)),
        ([seed, n, maxDelay]) =>
          Effect.gen(function*() {
            // on TestClock the waits are fibers; on VirtualTime they are entries in its queue
            const fibered = yield* adjusted(Effect.timed(waitN(n, maxDelay)), `${maxDelay} seconds`).pipe(seeded(seed))
            const queued = yield* VirtualTime.timed(waitN(n, maxDelay)).pipe(seeded(seed))
            assert.deepStrictEqual(queued[1], fibered[1])
            assert.strictEqual(Duration.toMillis(queued[0]), Duration.toMillis(fibered[0]))
          }),
        { numRuns: 60 }
      ))

    // Effect numbers fibers in the order it makes them, so the probes' ids count the fibers made in between (a
    // tracker's tracer would count them exactly, but a traced waitN is one that makes a fiber and a span per wait)
    const probe = Effect.map(Effect.forkChild(Effect.void), (fiber) => fiber.id)
    const fibersMade = (n: number) =>
      Effect.gen(function*() {
        const before = yield* probe
        const waits = yield* Effect.forkChild(waitN(n, 1))
        yield* Effect.sleep("500 millis")
        const made = (yield* probe) - before - 1
        assert.strictEqual((yield* Fiber.join(waits)).length, n)
        return made
      })

    it.effect("makes no fiber per wait: as many fibers for a thousand waits as for one", () =>
      Effect.gen(function*() {
        const one = yield* VirtualTime.run(fibersMade(1))
        assert.isAtMost(one, 3)
        assert.strictEqual(yield* VirtualTime.run(fibersMade(1000)), one)
      }).pipe(seeded(3)))

    it.effect("an exploration's runs and their replays queue them too; a Timeline.record inside sees a span per wait", () =>
      Effect.gen(function*() {
        // the fiber that runs waitN, and at most two the run makes once, on its first sleep
        const sameAsOne = Effect.flatMap(fibersMade(1000), (made) => made <= 3 ? Effect.void : Effect.fail(made))
        assert.strictEqual((yield* VirtualTime.explore(sameAsOne, { runs: 5, seed: 2 })).runs, 5)
        yield* VirtualTime.run(sameAsOne, { schedule: 7 })
        const [timeline] = yield* VirtualTime.run(Timeline.record(waitN(3, 1)), { schedule: 7 })
        assert.deepStrictEqual(timeline.spans.map((span) => span.label).sort(), ["wait-0", "wait-1", "wait-2"])
      }).pipe(seeded(3)))

    it.effect("a wait due at the same instant as another sleeper wakes in queue order, and exploration tries both", () =>
      Effect.gen(function*() {
        const [delay] = yield* VirtualTime.run(waitN(1, 0.05)).pipe(seeded(8))
        assert.isTrue(delay! > 0)
        // `first` goes to sleep first; both are due at the same instant
        const race = (first: "wait" | "sleep") =>
          Effect.gen(function*() {
            const woke: Array<string> = []
            const record = (name: string) =>
              Effect.sync(() => {
                woke.push(name)
              })
            const wait = Effect.andThen(waitN(1, 0.05).pipe(seeded(8)), record("wait"))
            const sleep = Effect.andThen(Effect.sleep(Duration.seconds(delay!)), record("sleep"))
            yield* Effect.all(first === "wait" ? [wait, sleep] : [sleep, wait], { concurrency: 2, discard: true })
            return woke
          })
        assert.deepStrictEqual(yield* VirtualTime.run(race("wait")), ["wait", "sleep"])
        assert.deepStrictEqual(yield* VirtualTime.run(race("sleep")), ["sleep", "wait"])
        const wakesFirst = (first: "wait" | "sleep", expected: string) =>
          Effect.flatMap(race(first), (woke) => woke[0] === expected ? Effect.void : Effect.fail(woke.join(" ")))
        const found = yield* Effect.flip(VirtualTime.explore(wakesFirst("wait", "wait"), { runs: 100, seed: 1 }))
        assert.deepStrictEqual(found.cause, Cause.fail("sleep wait"))
      }))
  })

  describe("measureTime", () => {
    it.effect("is the elapsed Clock time of waitN divided by n", () =>
      Effect.gen(function*() {
        const perWait = yield* adjusted(measureTime(5, 9), "9 seconds").pipe(seeded(21))
        const delays = yield* adjusted(waitN(5, 9), "9 seconds").pipe(seeded(21))
        assert.strictEqual(perWait, Math.max(...delays) / 5)
        assert.isTrue(perWait <= 9 / 5)
      }))

    it.effect("measureTime(10, 0) is 0", () =>
      Effect.gen(function*() {
        assert.strictEqual(yield* measureTime(10, 0), 0)
      }))

    it.effect("n = 0 and other bad arguments are defects", () =>
      Effect.gen(function*() {
        const cases: ReadonlyArray<readonly [Effect.Effect<number>, string]> = [
          [measureTime(0, 9), "n must be a positive integer, got 0"],
          [measureTime(-3, 9), "n must be a positive integer, got -3"],
          [measureTime(2.5, 9), "n must be a positive integer, got 2.5"],
          [measureTime(5, -1), `maxDelay must be ${seconds}, got -1`],
          [measureTime(5, Infinity), `maxDelay must be ${seconds}, got Infinity`]
        ]
        for (const [effect, expected] of cases) {
          assert.strictEqual(defectMessage(yield* Effect.exit(effect)), `Wait.measureTime: ${expected}`)
        }
      }))
  })

  describe("on the real clock", () => {
    it.live("concurrent waits take the longest delay, not the sum", () =>
      Effect.gen(function*() {
        const [elapsed, delays] = yield* Effect.timed(waitN(20, 0.2))
        const sum = delays.reduce((a, b) => a + b, 0)
        const max = Math.max(...delays)
        const millis = Duration.toMillis(elapsed)
        assert.isTrue(millis >= max * 1000 - 1, `woke early: ${millis} ms < ${max * 1000} ms`)
        assert.isTrue(millis < sum * 1000 / 2, `${millis} ms is not far below the sum ${sum * 1000} ms`)
      }).pipe(Random.withSeed(31)))

    it.live("interrupting waitN clears every pending timer", () =>
      Effect.gen(function*() {
        const timers = yield* trackTimers
        const fiber = yield* Effect.forkChild(waitN(200, 30))
        yield* Effect.sleep("50 millis")
        const during = timers.pending()
        yield* Fiber.interrupt(fiber)
        assert.isTrue(during >= 190, `pending timers during: ${during}`)
        assert.strictEqual(timers.pending(), 0)
      }).pipe(Random.withSeed(32)))
  })
})
