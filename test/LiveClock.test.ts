import { assert, describe, it } from "@effect/vitest"
import { Clock, Duration, Effect, Exit, Fiber, Metric, Random, Scheduler } from "effect"
import { Completion, LiveClock, measureRuntime, waitN, waitRandom } from "effect-asyncio"
import { performance } from "node:perf_hooks"
import * as ClockCore from "../src/internal/clock/core.js"
import * as internal from "../src/internal/clock/live.js"
import { isAscending, manualHost, nextTurn, trackTimers, until } from "./utils/clock.js"
import { defectMessage } from "./utils/defect.js"
import { interruptedOnly, makeFiberTracker } from "./utils/fibers.js"

/** Sleeps `millis` (fractions allowed) on the Clock and succeeds with `label`. */
const sleeper = <A>(millis: number, label: A) => Effect.as(Effect.sleep(Duration.millis(millis)), label)

/** Busy-waits `millis` of real time inside the runtime, as a slow launch would. */
const spin = (millis: number) =>
  Effect.sync(() => {
    const start = performance.now()
    while (performance.now() - start < millis) {
      // busy
    }
  })

/** A clock made by hand, installed on `self`, so the test can look at its queue and timer. */
const withLive = (live: internal.LiveClock) => <A, E, R>(self: Effect.Effect<A, E, R>) =>
  self.pipe(
    Effect.provideService(Clock.Clock, live.clock),
    Effect.provideService(Scheduler.Scheduler, live.scheduler),
    Effect.provideService(Metric.FiberRuntimeMetrics, live.fibers(undefined))
  )

/** The scheduler a clock made by hand runs its drains on, as `LiveClock.provide` takes the one in use. */
const underlying = new Scheduler.MixedScheduler()

describe("LiveClock", () => {
  describe("order", () => {
    it.live("wakes sub-millisecond deadlines in order and equal deadlines first in, first out", () =>
      Effect.gen(function*() {
        // all within Node's single 2 ms timer bucket, forked in an order unrelated to their delays
        const delays = [2.75, 2, 2.5, 2.25, 2, 2.75, 2.001, 2.5, 2, 2.25, 2.0005, 2.75]
        const woken = yield* Completion.all(delays.map((delay, index) => sleeper(delay, index)))
        const expected = delays.map((delay, index) => ({ delay, index }))
          .sort((a, b) => a.delay - b.delay || a.index - b.index)
          .map(({ index }) => index)
        assert.deepStrictEqual(woken, expected)
      }).pipe(LiveClock.provide()))

    it.live("orders fibers started in one burst by their delays, however long the launch takes", () =>
      Effect.gen(function*() {
        // "slow" starts first with 12 ms; the launch then spins 20 ms before "fast" starts with 6 ms.
        // On real time "slow" would finish first (12 < 20 + 6); sharing the starting instant, "fast" does.
        const woken = yield* Completion.all([
          sleeper(12, "slow"),
          Effect.andThen(spin(20), sleeper(6, "fast"))
        ])
        assert.deepStrictEqual(woken, ["fast", "slow"])
      }).pipe(LiveClock.provide()))

    it.live("returns waitN(1000, 0.05) in ascending order", () =>
      Effect.gen(function*() {
        const delays = yield* waitN(1000, 0.05)
        assert.strictEqual(delays.length, 1000)
        assert.isTrue(isAscending(delays))
        assert.isTrue(delays[999]! > delays[0]!)
      }).pipe(LiveClock.provide(), Random.withSeed(5)))

    it.live("returns waitN(1000, 0.005) in ascending order despite the ties", () =>
      Effect.gen(function*() {
        const delays = yield* waitN(1000, 0.005)
        assert.isTrue(isAscending(delays))
        assert.strictEqual(new Set(delays).size, 6) // 0 .. 5 ms
      }).pipe(LiveClock.provide(), Random.withSeed(6)))
  })

  describe("time", () => {
    it.live("never wakes a sleeper before its deadline", () =>
      Effect.gen(function*() {
        let earliest = Infinity
        for (let i = 0; i < 120; i++) {
          const delay = (i % 12) * 0.25 + 0.1 // 0.1 .. 2.85 ms, mostly fractions Node would truncate
          yield* nextTurn // a fresh burst: the sleep starts now, not earlier
          const start = performance.now()
          yield* Effect.sleep(Duration.millis(delay))
          earliest = Math.min(earliest, performance.now() - start - delay)
        }
        assert.isAtLeast(earliest, 0)
      }).pipe(LiveClock.provide()))

    it.live("reports program time that agrees with the sleeps, to the nanosecond", () =>
      Effect.gen(function*() {
        const [elapsed] = yield* Effect.timed(Effect.sleep(Duration.millis(25.5)))
        assert.isAtMost(Math.abs(Number(Duration.toNanosUnsafe(elapsed)) - 25_500_000), 1)
        const before = yield* Clock.currentTimeNanos
        const woken = yield* Completion.all([
          Effect.andThen(Effect.sleep("30 millis"), Clock.currentTimeNanos),
          Effect.andThen(Effect.sleep(Duration.micros(10_250n)), Clock.currentTimeNanos)
        ])
        const offsets = woken.map((t) => Number(t - before))
        assert.isAtMost(Math.abs(offsets[0]! - 10_250_000), 1)
        assert.isAtMost(Math.abs(offsets[1]! - 30_000_000), 1)
        assert.isTrue(Number.isInteger(yield* Clock.currentTimeMillis))
      }).pipe(LiveClock.provide()))

    it.live("holds the time still within a burst and moves it between bursts", () =>
      Effect.gen(function*() {
        const first = yield* Clock.currentTimeNanos
        yield* spin(3)
        const same = yield* Clock.currentTimeNanos
        yield* nextTurn
        const later = yield* Clock.currentTimeNanos
        assert.strictEqual(same, first)
        assert.isTrue(later - first >= 3_000_000n)
      }).pipe(LiveClock.provide()))

    it.live(
      "wakes a sleeper held back by a runtime that never pauses, after maxDeferral",
      () =>
        Effect.gen(function*() {
          const busy = yield* Effect.forkChild(Effect.forever(Effect.yieldNow))
          const start = performance.now()
          yield* Effect.sleep("5 millis")
          const waited = performance.now() - start
          yield* Fiber.interrupt(busy)
          assert.isAtLeast(waited, 5)
        }).pipe(LiveClock.provide({ maxDeferral: "20 millis" })),
      5_000
    )
    it.effect("counts the sleeps of the burst it is made in from the instant it is made, as libuv's loop time", () =>
      Effect.gen(function*() {
        const manual = manualHost(0)
        // made inside the program, as LiveClock.provide makes it; the program then works 40 ms of host time before its
        // sleeps start (a launch's forks), and a later burst starts its sleep from a fresh reading
        const program = Effect.suspend(() => {
          const live = internal.make({ rate: 1, maxDeferral: 100_000_000n, host: manual.host, underlying })
          return Effect.gen(function*() {
            manual.advance(40)
            const woken = yield* Completion.all([
              Effect.andThen(Effect.sleep("30 millis"), Clock.currentTimeMillis),
              Effect.andThen(Effect.sleep("10 millis"), Clock.currentTimeMillis)
            ])
            yield* nextTurn
            const later = yield* Clock.currentTimeMillis
            yield* Effect.sleep("5 millis")
            return [...woken, later, yield* Clock.currentTimeMillis]
          }).pipe(withLive(live))
        })
        const fiber = yield* Effect.forkChild(program)
        for (let i = 0; i < 100 && fiber.pollUnsafe() === undefined; i++) {
          manual.turn()
          manual.timers.at(-1)?.fire()
          manual.advance(1)
          yield* nextTurn
        }
        const [tenth, thirtieth, later, last] = yield* Fiber.join(fiber)
        // both deadlines were past when the launch ended (host time 40 ms): they woke at once, in order, each reading
        // its own deadline from the instant the clock was made
        assert.deepStrictEqual([tenth, thirtieth], [10, 30])
        assert.isAtLeast(later!, 40)
        assert.strictEqual(last, later! + 5)
      }))

    it.effect("fibers made without a sleep (taskWaitN's join workers) count as launching too", () =>
      Effect.gen(function*() {
        const manual = manualHost(0)
        const live = internal.make({ rate: 1, maxDeferral: 100_000_000n, host: manual.host, underlying })
        let launched = false
        const woke: Array<readonly [number, number, boolean]> = []
        // three sleepers, then ten fibers made one by one that never sleep (150 ms of host time each, the host firing the
        // clock's timer before each, as it does between the drains of a long launch)
        const sleeper = (delay: number) =>
          Effect.andThen(
            Effect.sleep(Duration.millis(delay)),
            Effect.flatMap(Clock.currentTimeMillis, (at) => Effect.sync(() => woke.push([delay, at, launched])))
          )
        const fiber = yield* Effect.forkChild(
          Effect.gen(function*() {
            const sleepers = yield* Effect.forEach([3, 1, 2], (delay) => Effect.forkChild(sleeper(delay)))
            yield* Effect.yieldNow
            for (let i = 0; i < 10; i++) {
              manual.timers.at(-1)?.fire()
              manual.advance(150)
              yield* Effect.forkChild(Effect.void)
              yield* Effect.yieldNow
            }
            launched = true
            yield* Fiber.joinAll(sleepers)
          }).pipe(withLive(live))
        )
        for (let i = 0; i < 100 && fiber.pollUnsafe() === undefined; i++) {
          manual.advance(100)
          manual.timers.at(-1)?.fire()
          yield* nextTurn
        }
        yield* Fiber.join(fiber)
        // no sleeper woke before the launch was over, and each read its own deadline past one starting instant
        assert.deepStrictEqual(woke.map(([delay, , after]) => [delay, after]), [[1, true], [2, true], [3, true]])
        assert.strictEqual(new Set(woke.map(([delay, at]) => at - delay)).size, 1)
      }))

    it.effect("a launch longer than maxDeferral keeps one starting instant, however often the timer fires in it", () =>
      Effect.gen(function*() {
        const manual = manualHost(0)
        const live = internal.make({ rate: 1, maxDeferral: 100_000_000n, host: manual.host, underlying })
        const delays = [2, 1_150, 1, 1_300, 5, 1_250, 3, 1_120, 4, 1_200]
        const woke: Array<readonly [number, number]> = []
        // each start takes 150 ms of host time (the whole launch 1.5 s, fifteen maxDeferrals), and before each start
        // but the first the host fires whatever timer the clock armed, as Node does between two drains of a launch
        const child = (delay: number, index: number) =>
          Effect.gen(function*() {
            if (index > 0) {
              manual.timers.at(-1)?.fire()
            }
            manual.advance(150)
            yield* Effect.sleep(Duration.millis(delay))
            woke.push([delay, yield* Clock.currentTimeMillis])
          })
        const fiber = yield* Effect.forkChild(
          Effect.all(delays.map((delay, index) => child(delay, index)), { concurrency: "unbounded", discard: true })
            .pipe(withLive(live))
        )
        // after the launch (its last start at 1.5 s of host time, when most deadlines are past), the host's time moves
        // on and its timers fire until every sleeper has woken
        for (let i = 0; i < 100 && fiber.pollUnsafe() === undefined; i++) {
          manual.advance(100)
          manual.timers.at(-1)?.fire()
          yield* nextTurn
        }
        yield* Fiber.join(fiber)
        // every sleeper woke at its own delay past one instant (the launch's first reading), in the order of delays
        const starts = new Set(woke.map(([delay, at]) => at - delay))
        assert.strictEqual(starts.size, 1)
        assert.deepStrictEqual(woke.map(([delay]) => delay), [...delays].sort((a, b) => a - b))
      }))
  })

  describe("rate", () => {
    it.live("runs measureRuntime at rate 50 in about 0.2 s and reports about 10 s", () =>
      Effect.gen(function*() {
        const start = performance.now()
        const reported = yield* measureRuntime().pipe(LiveClock.provide({ rate: 50 }))
        const real = (performance.now() - start) / 1000
        assert.isAtLeast(reported, 9.999)
        assert.isBelow(reported, 10.05)
        assert.isAtLeast(real, 10 / 50 - 0.001) // never faster than the rate allows
      }), 5_000)

    it.live("runs slower than real time below rate 1", () =>
      Effect.gen(function*() {
        const start = performance.now()
        const [elapsed] = yield* Effect.timed(Effect.sleep("20 millis")).pipe(LiveClock.provide({ rate: 0.5 }))
        assert.isAtLeast(performance.now() - start, 40)
        assert.isAtMost(Math.abs(Duration.toMillis(elapsed) - 20), 1e-6)
      }))

    it.live("wakes a 30-day sleep at a high rate", () =>
      Effect.gen(function*() {
        const [elapsed] = yield* Effect.timed(Effect.sleep("30 days")).pipe(LiveClock.provide({ rate: 3e10 }))
        assert.strictEqual(Math.round(Duration.toSeconds(elapsed)), 30 * 86_400)
      }))

    it.live("rejects a rate of 0, negative, NaN or infinite with a defect naming it", () =>
      Effect.gen(function*() {
        for (const rate of [0, -1, NaN, Infinity, -Infinity]) {
          const viaProvide = yield* Effect.exit(Effect.void.pipe(LiveClock.provide({ rate })))
          assert.strictEqual(
            defectMessage(viaProvide),
            `LiveClock.provide: rate must be a finite, positive number, got ${rate}`
          )
          const viaLayer = yield* Effect.exit(Effect.provide(Effect.void, LiveClock.layer({ rate })))
          assert.strictEqual(
            defectMessage(viaLayer),
            `LiveClock.layer: rate must be a finite, positive number, got ${rate}`
          )
        }
        const badDeferral = yield* Effect.exit(
          Effect.void.pipe(LiveClock.provide({ maxDeferral: "5 parsecs" as Duration.Input }))
        )
        assert.strictEqual(
          defectMessage(badDeferral),
          `LiveClock.provide: maxDeferral must be a non-negative duration, got "5 parsecs"`
        )
      }))

    it.live("as a layer, serves every fiber of the program", () =>
      Effect.gen(function*() {
        const [elapsed, delays] = yield* Effect.timed(waitN(200, 2)).pipe(
          Effect.provide(LiveClock.layer({ rate: 40 }))
        )
        assert.isTrue(isAscending(delays))
        assert.isAtLeast(Duration.toSeconds(elapsed), delays[199]! - 1e-6)
        assert.isBelow(Duration.toSeconds(elapsed), delays[199]! + 0.05)
      }).pipe(Random.withSeed(9)))
  })

  describe("timer", () => {
    it.live("arms one timer for the earliest sleeper and clears it when sleepers are interrupted", () =>
      Effect.gen(function*() {
        const live = internal.make({ rate: 1, maxDeferral: 1_000_000_000n, underlying })
        const timers = yield* trackTimers
        const late = yield* Effect.forkChild(Effect.sleep("20 seconds").pipe(withLive(live)))
        const early = yield* Effect.forkChild(Effect.sleep("10 seconds").pipe(withLive(live)))
        yield* until(() => live.sleepers === 2)
        assert.strictEqual(timers.pending(), 1)
        const armed = live.armed
        assert.isTrue(armed?.kind === "timeout" && armed.millis > 9_000 && armed.millis <= 10_000)
        yield* Fiber.interrupt(early)
        const rearmed = live.armed
        assert.isTrue(rearmed?.kind === "timeout" && rearmed.millis > 19_000 && rearmed.millis <= 20_000)
        assert.strictEqual(timers.pending(), 1)
        yield* Fiber.interrupt(late)
        assert.strictEqual(live.sleepers, 0)
        assert.strictEqual(live.armed, undefined)
        assert.strictEqual(timers.pending(), 0)
      }))

    it.live("arms a sleep beyond Node's timer limit in steps and wakes it", () =>
      Effect.gen(function*() {
        const manual = manualHost(1_000)
        const armed = manual.timers
        const live = internal.make({ rate: 1, maxDeferral: 1_000_000_000n, host: manual.host, underlying })
        const thirtyDays = 30 * 86_400_000
        const fiber = yield* Effect.forkChild(
          Effect.andThen(Effect.sleep(Duration.millis(thirtyDays)), Clock.currentTimeMillis).pipe(withLive(live))
        )
        yield* until(() => armed.length === 1 && live.scheduler.pending === 0)
        assert.strictEqual(armed[0]!.millis, ClockCore.MaxTimerMillis)
        manual.advance(ClockCore.MaxTimerMillis)
        armed[0]!.fire()
        assert.strictEqual(armed.length, 2)
        assert.strictEqual(armed[1]!.millis, thirtyDays - ClockCore.MaxTimerMillis)
        assert.strictEqual(fiber.pollUnsafe(), undefined)
        manual.advance(thirtyDays - ClockCore.MaxTimerMillis)
        armed[1]!.fire()
        const woken = yield* Fiber.await(fiber)
        assert.deepStrictEqual(woken, Exit.succeed(thirtyDays))
        assert.strictEqual(live.sleepers, 0)
        assert.strictEqual(live.armed, undefined)
        // no timer was replaced while pending: the two cleared are the ones that had fired (a fired timer is cleared
        // so that Node stops counting it as pending work while its callback runs)
        assert.strictEqual(manual.cleared, 2)
      }))

    it.live("re-arms when the host fires early and wakes nothing before the deadline", () =>
      Effect.gen(function*() {
        const manual = manualHost(0)
        const armed = manual.timers
        const live = internal.make({ rate: 1, maxDeferral: 1_000_000_000n, host: manual.host, underlying })
        const fiber = yield* Effect.forkChild(Effect.sleep(Duration.millis(2.4)).pipe(withLive(live)))
        yield* until(() => armed.length === 1)
        assert.strictEqual(armed[0]!.millis, 3) // rounded up, never down
        manual.set(2.3) // Node may fire a timer up to 1 ms early
        armed[0]!.fire()
        assert.strictEqual(live.sleepers, 1)
        assert.strictEqual(armed.length, 2)
        assert.strictEqual(armed[1]!.millis, 1)
        manual.set(2.4)
        armed[1]!.fire()
        assert.deepStrictEqual(yield* Fiber.await(fiber), Exit.void)
        // no timer was replaced while pending: the two cleared are the ones that had fired (a fired timer is cleared
        // so that Node stops counting it as pending work while its callback runs)
        assert.strictEqual(manual.cleared, 2)
      }))

    it.live("arms nothing for an infinite sleep", () =>
      Effect.gen(function*() {
        const live = internal.make({ rate: 1, maxDeferral: 1_000_000_000n, underlying })
        const fiber = yield* Effect.forkChild(Effect.sleep(Duration.infinity).pipe(withLive(live)))
        yield* until(() => live.sleepers === 1)
        assert.strictEqual(live.armed, undefined)
        yield* Fiber.interrupt(fiber)
        assert.strictEqual(live.sleepers, 0)
      }))

    it.effect("a waitN interrupted half way leaves no fiber, sleeper or timer; what woke before came in order", () =>
      Effect.gen(function*() {
        const manual = manualHost(0)
        const live = internal.make({ rate: 1, maxDeferral: 1_000_000_000n, host: manual.host, underlying })
        const tracker = makeFiberTracker()
        const woke: Array<number> = []
        // waitN's own shape, with each wait's end recorded: 1,000 waits of up to 1 s on one deadline queue
        const waits = Completion.all(
          Array.from({ length: 1000 }, () =>
            Effect.tap(waitRandom(1), (delay) =>
              Effect.sync(() => {
                woke.push(delay)
              })))
        )
        const fiber = yield* Effect.forkChild(tracker.track(waits.pipe(withLive(live), Random.withSeed(41))))
        yield* until(() => live.sleepers > 0 && live.scheduler.pending === 0)
        // half a second of host time passes and the clock's timer fires: the waits due by then wake
        manual.set(500)
        manual.timers.at(-1)?.fire()
        yield* until(() => live.scheduler.pending === 0 && woke.length > 0)
        const pending = live.sleepers
        assert.strictEqual(woke.length + pending, 1000) // a wait of 0 ms does not sleep
        assert.isTrue(woke.length > 300 && pending > 300, `${woke.length} woke, ${pending} pending`)
        assert.isTrue(isAscending(woke) && woke.at(-1)! <= 0.5)
        assert.strictEqual(tracker.alive(), pending) // one fiber per pending wait
        assert.isTrue(yield* interruptedOnly(fiber))
        assert.strictEqual(tracker.alive(), 0)
        assert.strictEqual(live.sleepers, 0)
        assert.strictEqual(live.armed, undefined)
      }))

    it.effect("waitN's waits are entries in the clock's queue: interrupted half way, every one leaves it, no timer left", () =>
      Effect.gen(function*() {
        const manual = manualHost(0)
        const live = internal.make({ rate: 1, maxDeferral: 1_000_000_000n, host: manual.host, underlying })
        const fiber = yield* Effect.forkChild(waitN(1000, 1).pipe(withLive(live), Random.withSeed(41)))
        yield* until(() => live.sleepers > 0 && live.scheduler.pending === 0)
        const queued = live.sleepers
        assert.isTrue(queued > 990 && queued < 1000, `queued: ${queued}`) // a wait of 0 ms does not sleep
        manual.set(500)
        manual.timers.at(-1)?.fire()
        const pending = live.sleepers
        assert.isTrue(pending > 300 && pending < queued - 300, `${pending} of ${queued} pending`)
        assert.isTrue(live.armed?.kind === "timeout")
        assert.isTrue(yield* interruptedOnly(fiber))
        assert.strictEqual(live.sleepers, 0)
        assert.strictEqual(live.armed, undefined)
      }))

    it.effect("reads the host's time to the nanosecond, at any rate and any distance from the start", () =>
      Effect.gen(function*() {
        const manual = manualHost(0)
        const read = (live: internal.LiveClock) => Effect.andThen(nextTurn, Clock.currentTimeNanos).pipe(withLive(live))
        const normal = internal.make({ rate: 1, maxDeferral: 1_000_000_000n, host: manual.host, underlying })
        const slow = internal.make({ rate: 0.25, maxDeferral: 1_000_000_000n, host: manual.host, underlying })
        const fast = internal.make({ rate: 3e10, maxDeferral: 1_000_000_000n, host: manual.host, underlying })
        const twoHundredDays = 200n * 86_400_000_000_000n // past 2^53 ns, where a number of nanoseconds rounds
        manual.setNanos(twoHundredDays + 3n)
        assert.strictEqual(yield* read(normal), twoHundredDays + 3n)
        assert.strictEqual(yield* read(slow), (twoHundredDays + 3n) / 4n)
        assert.strictEqual(yield* read(fast), (twoHundredDays + 3n) * 30_000_000_000n)
      }))

    it.effect("wakes a sleeper at a fractional rate exactly when its real deadline comes, not a nanosecond before", () =>
      Effect.gen(function*() {
        const manual = manualHost(0)
        const live = internal.make({ rate: 0.3, maxDeferral: 1_000_000_000n, host: manual.host, underlying })
        // 1 ms of program time at rate 0.3 is 3,333,333.33… ns of real time: due at the 3,333,334th nanosecond
        const fiber = yield* Effect.forkChild(
          Effect.andThen(Effect.sleep("1 millis"), Clock.currentTimeNanos).pipe(
            withLive(live)
          )
        )
        yield* until(() => manual.timers.length === 1)
        assert.strictEqual(manual.timers[0]!.millis, 4)
        manual.setNanos(3_333_333n)
        manual.timers[0]!.fire()
        assert.strictEqual(live.sleepers, 1)
        assert.strictEqual(manual.timers[1]!.millis, 1)
        manual.setNanos(3_333_334n)
        manual.timers[1]!.fire()
        assert.deepStrictEqual(yield* Fiber.await(fiber), Exit.succeed(1_000_000n))
      }))
  })
})
