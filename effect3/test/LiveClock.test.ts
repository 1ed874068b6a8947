import { assert, describe, it } from "@effect/vitest"
import { Clock, Duration, Effect, Exit, Fiber, Option, Random } from "effect"
import { Completion, LiveClock, measureRuntime, waitN } from "effect-asyncio"
import { performance } from "node:perf_hooks"
import * as ClockCore from "../src/internal/clockCore.js"
import * as internal from "../src/internal/liveClock.js"
import { activeTimeouts, isAscending, manualHost, manualTurns, nextTurn, until } from "./utils/clock.js"
import { defectMessage } from "./utils/defect.js"

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
  self.pipe(Effect.withClock(live.clock), Effect.withScheduler(live.scheduler))

/**
 * A live clock on a hand-driven host whose fibers run a turn at a time, as on the command's scheduler, and `turn`:
 * one turn of Node's event loop, `millis` of real time long (its timers, then its next-turn callbacks and fibers).
 */
const handDriven = (maxDeferralMillis: number) => {
  const manual = manualHost(0)
  const turns = manualTurns()
  const live = internal.make({
    rate: 1,
    maxDeferral: BigInt(maxDeferralMillis) * 1_000_000n,
    host: manual.host,
    underlying: turns.scheduler
  })
  const turn = (millis: number) => {
    manual.advance(millis)
    const timer = manual.timers.at(-1)
    if (live.armed?.kind === "timeout" && timer !== undefined && timer.due <= manual.host.monotonic()) {
      timer.fire()
    }
    manual.turn()
    turns.run()
  }
  /** Turns the loop, `millis` per turn, until no fiber sleeps or has a step waiting (at most 100 turns). */
  const drive = (millis: number) => {
    for (let i = 0; i < 100 && (live.sleepers > 0 || turns.queued > 0); i++) {
      turn(millis)
    }
  }
  return { drive, live, manual, turn, turns }
}

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
          Effect.zipRight(spin(20), sleeper(6, "fast"))
        ])
        assert.deepStrictEqual(woken, ["fast", "slow"])
      }).pipe(LiveClock.provide()))

    it.effect("a launch three times longer than maxDeferral keeps one starting instant: due sleepers wait for its end", () =>
      Effect.gen(function*() {
        const { drive, live, turns } = handDriven(100)
        const woken: Array<{ readonly delay: number; readonly start: number; readonly end: number }> = []
        const child = (delay: number) =>
          Effect.gen(function*() {
            const start = yield* Clock.currentTimeMillis
            yield* Effect.sleep(Duration.millis(delay))
            woken.push({ delay, start, end: yield* Clock.currentTimeMillis })
          })
        // one child forked per turn of 30 ms: the launch lasts 300 ms, and the first deadline is due after 20 ms
        const delays = [20, 200, 150, 60, 250, 90, 40, 120, 10, 5]
        const launch = Effect.gen(function*() {
          const children: Array<Fiber.RuntimeFiber<void>> = []
          for (const delay of delays) {
            children.push(yield* Effect.fork(child(delay)))
            yield* Effect.yieldNow()
          }
          yield* Fiber.joinAll(children)
        })
        const fiber = yield* Effect.fork(launch.pipe(withLive(live)))
        yield* until(() => turns.queued > 0)
        drive(30)
        yield* Fiber.join(fiber)
        // the first child read the clock in the first turn, at 30 ms; every child started then, and woke by its delay
        const expected = [...delays].sort((a, b) => a - b).map((delay) => ({ delay, start: 30, end: 30 + delay }))
        assert.deepStrictEqual(woken, expected)
      }))

    it.live("returns waitN(1000, 0.05) in ascending order", () =>
      Effect.gen(function*() {
        const delays = yield* waitN(1000, 0.05)
        assert.strictEqual(delays.length, 1000)
        assert.isTrue(isAscending(delays))
        assert.isTrue(delays[999]! > delays[0]!)
      }).pipe(LiveClock.provide(), Effect.withRandom(Random.make(5))))

    it.live("returns waitN(1000, 0.005) in ascending order despite the ties", () =>
      Effect.gen(function*() {
        const delays = yield* waitN(1000, 0.005)
        assert.isTrue(isAscending(delays))
        assert.strictEqual(new Set(delays).size, 6) // 0 .. 5 ms
      }).pipe(LiveClock.provide(), Effect.withRandom(Random.make(6))))
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
        assert.isAtMost(Math.abs(Number(Duration.unsafeToNanos(elapsed)) - 25_500_000), 1)
        const before = yield* Clock.currentTimeNanos
        const woken = yield* Completion.all([
          Effect.zipRight(Effect.sleep("30 millis"), Clock.currentTimeNanos),
          Effect.zipRight(Effect.sleep(Duration.micros(10_250n)), Clock.currentTimeNanos)
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
          const busy = yield* Effect.fork(Effect.forever(Effect.yieldNow()))
          const start = performance.now()
          yield* Effect.sleep("5 millis")
          const waited = performance.now() - start
          yield* Fiber.interrupt(busy)
          assert.isAtLeast(waited, 5)
        }).pipe(LiveClock.provide({ maxDeferral: "20 millis" })),
      5_000
    )

    it.effect("releases due sleepers only after a whole maxDeferral in which no fiber started and no sleep was queued", () =>
      Effect.gen(function*() {
        const { drive, live, manual, turns } = handDriven(100)
        const program = Effect.gen(function*() {
          const spinning = yield* Effect.fork(Effect.forever(Effect.yieldNow()))
          const start = yield* Clock.currentTimeMillis
          yield* Effect.sleep("10 millis")
          const end = yield* Clock.currentTimeMillis
          yield* Fiber.interrupt(spinning)
          return [start, end]
        })
        const fiber = yield* Effect.fork(program.pipe(withLive(live)))
        yield* until(() => turns.queued > 0)
        drive(30)
        // due at 10 ms; the timer finds the runtime busy at 30 ms, having started a fiber and queued a sleep since the
        // clock was made, so it waits a whole 100 ms more; at 150 ms the runtime has only spun since 30 ms
        assert.deepStrictEqual(yield* Fiber.join(fiber), [0, 150])
        assert.deepStrictEqual(manual.timers.slice(0, 2).map((timer) => timer.millis), [10, 100])
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
          Effect.void.pipe(LiveClock.provide({ maxDeferral: "5 parsecs" as Duration.DurationInput }))
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
      }).pipe(Effect.withRandom(Random.make(9))))
  })

  describe("timer", () => {
    it.live("arms one timer for the earliest sleeper and clears it when sleepers are interrupted", () =>
      Effect.gen(function*() {
        const live = internal.make({ rate: 1, maxDeferral: 1_000_000_000n })
        const baseline = activeTimeouts()
        const late = yield* Effect.fork(Effect.sleep("20 seconds").pipe(withLive(live)))
        const early = yield* Effect.fork(Effect.sleep("10 seconds").pipe(withLive(live)))
        yield* until(() => live.sleepers === 2)
        assert.strictEqual(activeTimeouts(), baseline + 1)
        const armed = live.armed
        assert.isTrue(armed?.kind === "timeout" && armed.millis > 9_000 && armed.millis <= 10_000)
        yield* Fiber.interrupt(early)
        const rearmed = live.armed
        assert.isTrue(rearmed?.kind === "timeout" && rearmed.millis > 19_000 && rearmed.millis <= 20_000)
        assert.strictEqual(activeTimeouts(), baseline + 1)
        yield* Fiber.interrupt(late)
        assert.strictEqual(live.sleepers, 0)
        assert.strictEqual(live.armed, undefined)
        assert.strictEqual(activeTimeouts(), baseline)
      }))

    it.live("arms a sleep beyond Node's timer limit in steps and wakes it", () =>
      Effect.gen(function*() {
        const manual = manualHost(1_000)
        const armed = manual.timers
        const live = internal.make({ rate: 1, maxDeferral: 1_000_000_000n, host: manual.host })
        const thirtyDays = 30 * 86_400_000
        const fiber = yield* Effect.fork(
          Effect.zipRight(Effect.sleep(Duration.millis(thirtyDays)), Clock.currentTimeMillis).pipe(withLive(live))
        )
        yield* until(() => armed.length === 1)
        assert.strictEqual(armed[0]!.millis, ClockCore.MaxTimerMillis)
        manual.advance(ClockCore.MaxTimerMillis)
        armed[0]!.fire()
        assert.strictEqual(armed.length, 2)
        assert.strictEqual(armed[1]!.millis, thirtyDays - ClockCore.MaxTimerMillis)
        assert.isTrue(Option.isNone(yield* Fiber.poll(fiber)))
        manual.advance(thirtyDays - ClockCore.MaxTimerMillis)
        armed[1]!.fire()
        const woken = yield* Fiber.await(fiber)
        assert.deepStrictEqual(woken, Exit.succeed(thirtyDays))
        assert.strictEqual(live.sleepers, 0)
        assert.strictEqual(live.armed, undefined)
        assert.strictEqual(manual.cleared, 0)
      }))

    it.live("re-arms when the host fires early and wakes nothing before the deadline", () =>
      Effect.gen(function*() {
        const manual = manualHost(0)
        const armed = manual.timers
        const live = internal.make({ rate: 1, maxDeferral: 1_000_000_000n, host: manual.host })
        const fiber = yield* Effect.fork(Effect.sleep(Duration.millis(2.4)).pipe(withLive(live)))
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
        assert.strictEqual(manual.cleared, 0)
      }))

    it.live("arms nothing for an infinite sleep", () =>
      Effect.gen(function*() {
        const live = internal.make({ rate: 1, maxDeferral: 1_000_000_000n })
        const fiber = yield* Effect.fork(Effect.sleep(Duration.infinity).pipe(withLive(live)))
        yield* until(() => live.sleepers === 1)
        assert.strictEqual(live.armed, undefined)
        yield* Fiber.interrupt(fiber)
        assert.strictEqual(live.sleepers, 0)
      }))

    it.effect("reads the host's time to the nanosecond, at any rate and any distance from the start", () =>
      Effect.gen(function*() {
        const manual = manualHost(0)
        const read = (live: internal.LiveClock) =>
          Effect.zipRight(nextTurn, Clock.currentTimeNanos).pipe(withLive(live))
        const normal = internal.make({ rate: 1, maxDeferral: 1_000_000_000n, host: manual.host })
        const slow = internal.make({ rate: 0.25, maxDeferral: 1_000_000_000n, host: manual.host })
        const fast = internal.make({ rate: 3e10, maxDeferral: 1_000_000_000n, host: manual.host })
        const twoHundredDays = 200n * 86_400_000_000_000n // past 2^53 ns, where a number of nanoseconds rounds
        manual.setNanos(twoHundredDays + 3n)
        assert.strictEqual(yield* read(normal), twoHundredDays + 3n)
        assert.strictEqual(yield* read(slow), (twoHundredDays + 3n) / 4n)
        assert.strictEqual(yield* read(fast), (twoHundredDays + 3n) * 30_000_000_000n)
      }))

    it.effect("wakes a sleeper at a fractional rate exactly when its real deadline comes, not a nanosecond before", () =>
      Effect.gen(function*() {
        const manual = manualHost(0)
        const live = internal.make({ rate: 0.3, maxDeferral: 1_000_000_000n, host: manual.host })
        // 1 ms of program time at rate 0.3 is 3,333,333.33… ns of real time: due at the 3,333,334th nanosecond
        const fiber = yield* Effect.fork(
          Effect.zipRight(Effect.sleep("1 millis"), Clock.currentTimeNanos).pipe(
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
