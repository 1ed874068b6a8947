import { assert, describe, it } from "@effect/vitest"
import {
  Clock,
  Console,
  DateTime,
  Deferred,
  Duration,
  Effect,
  Exit,
  Fiber,
  Queue,
  Random,
  Ref,
  Schedule,
  Scheduler,
  Semaphore,
  Stream
} from "effect"
import { measureRuntime, measureTime, taskWaitN, Timeline, VirtualTime, waitN } from "effect-asyncio"
import { TestClock } from "effect/testing"
import {
  fetchWithBackoff,
  flakyService,
  program as retryExample,
  QuoteUnavailableError
} from "../examples/retry-backoff-test.js"
import * as ClockCore from "../src/internal/clock/core.js"
import * as virtual from "../src/internal/clock/virtual.js"
import { manualHost, nextTurn, until } from "./utils/clock.js"
import { defectMessage } from "./utils/defect.js"
import * as TestConsole from "./utils/TestConsole.js"

const now = Effect.map(Clock.currentTimeNanos, (nanos) => Number(nanos) / 1e6)

/** Effect.promise of a real timer: work Effect cannot see. */
const realDelay = (millis: number) =>
  Effect.promise(() => new Promise<string>((resolve) => setTimeout(() => resolve("promise"), millis)))

describe("VirtualTime", () => {
  describe("running", () => {
    it.effect("runs a sleep in no real time and reports the virtual time it took", () =>
      Effect.gen(function*() {
        const [elapsed, value] = yield* VirtualTime.timed(Effect.as(Effect.sleep("3 hours"), "done"))
        assert.strictEqual(value, "done")
        assert.strictEqual(Duration.toMillis(elapsed), 3 * 3600_000)
      }))

    it.effect("starts at instant 0 and moves only through sleeps", () =>
      Effect.gen(function*() {
        const times = yield* VirtualTime.run(Effect.gen(function*() {
          const start = yield* now
          yield* Effect.sleep("1500 millis")
          const middle = yield* now
          yield* Effect.sleep("2 seconds")
          return [start, middle, yield* now]
        }))
        assert.deepStrictEqual(times, [0, 1500, 3500])
      }))

    it.effect("wakes sleepers in deadline order and equal deadlines first in, first out", () =>
      Effect.gen(function*() {
        const order: Array<string> = []
        const sleeper = (name: string, millis: number) =>
          Effect.sleep(Duration.millis(millis)).pipe(Effect.andThen(Effect.sync(() => order.push(name))))
        yield* VirtualTime.run(
          Effect.all([sleeper("a10", 10), sleeper("c10", 10), sleeper("b5", 5), sleeper("d10", 10), sleeper("e1", 1)], {
            concurrency: "unbounded",
            discard: true
          })
        )
        assert.deepStrictEqual(order, ["e1", "b5", "a10", "c10", "d10"])
      }))

    it.effect("keeps time still while a fiber is busy, even one that yields", () =>
      Effect.gen(function*() {
        const [busyEnd, sleeperEnd] = yield* VirtualTime.run(Effect.all([
          Effect.andThen(Effect.repeat(Effect.yieldNow, { times: 20_000 }), now),
          Effect.andThen(Effect.sleep("1 millis"), now)
        ], { concurrency: "unbounded" }))
        assert.strictEqual(busyEnd, 0)
        assert.strictEqual(sleeperEnd, 1)
      }))

    it.effect("keeps exact nanoseconds on fractional delays, so Effect.timed never dies", () =>
      Effect.gen(function*() {
        const [elapsed, [inner]] = yield* VirtualTime.timed(Effect.timed(Effect.sleep(Duration.micros(2975n))))
        assert.strictEqual(Duration.toNanosUnsafe(inner), 2_975_000n)
        assert.strictEqual(Duration.toNanosUnsafe(elapsed), 2_975_000n)
        const sum = yield* VirtualTime.run(
          Effect.andThen(Effect.repeat(Effect.sleep(Duration.micros(100n)), { times: 29 }), Clock.currentTimeNanos)
        )
        assert.strictEqual(sum, 3_000_000n)
      }))

    it.effect("drives Schedule: repeat with spaced and exponential schedules", () =>
      Effect.gen(function*() {
        const times = yield* VirtualTime.run(Effect.gen(function*() {
          const seen: Array<number> = []
          yield* Effect.repeat(Effect.flatMap(now, (t) => Effect.sync(() => seen.push(t))), Schedule.spaced("1 second"))
            .pipe(Effect.timeout("3500 millis"), Effect.option)
          yield* Effect.repeat(
            Effect.flatMap(now, (t) => Effect.sync(() => seen.push(t))),
            Schedule.max([Schedule.exponential("100 millis"), Schedule.recurs(3)])
          )
          return seen
        }))
        assert.deepStrictEqual(times, [0, 1000, 2000, 3000, 3500, 3600, 3800, 4200])
      }))

    it.effect("drives Effect.timeout: the loser's sleep is dropped, not left behind", () =>
      Effect.gen(function*() {
        const [elapsed, result] = yield* VirtualTime.timed(
          Effect.sleep("1 hour").pipe(Effect.as("slow"), Effect.timeout("5 seconds"), Effect.option)
        )
        assert.isTrue(result._tag === "None")
        assert.strictEqual(Duration.toMillis(elapsed), 5000)
      }))

    it.effect("drives Stream.schedule and Stream.tick", () =>
      Effect.gen(function*() {
        const scheduled = yield* VirtualTime.run(
          Stream.make("a", "b", "c").pipe(
            Stream.schedule(Schedule.spaced("250 millis")),
            Stream.mapEffect((x) => Effect.map(now, (t) => `${x}@${t}`)),
            Stream.runCollect
          )
        )
        assert.deepStrictEqual(scheduled, ["a@250", "b@500", "c@750"])
        const ticks = yield* VirtualTime.run(
          Stream.tick("250 millis").pipe(Stream.mapEffect(() => now), Stream.take(5), Stream.runCollect)
        )
        assert.deepStrictEqual(ticks, [0, 250, 500, 750, 1000])
      }))

    it.effect("propagates the effect's own failures and defects unchanged", () =>
      Effect.gen(function*() {
        const failed = yield* Effect.exit(
          VirtualTime.run(Effect.andThen(Effect.sleep("1 second"), Effect.fail("boom")))
        )
        assert.deepStrictEqual(failed, Exit.fail("boom"))
        const died = yield* Effect.exit(VirtualTime.run(Effect.andThen(Effect.sleep("1 second"), Effect.die("bad"))))
        assert.deepStrictEqual(died, Exit.die("bad"))
      }))

    it.effect("shares the enclosing virtual clock when nested", () =>
      Effect.gen(function*() {
        const [outer, [inner, active]] = yield* VirtualTime.timed(Effect.andThen(
          Effect.sleep("1 second"),
          VirtualTime.timed(Effect.andThen(Effect.sleep("2 seconds"), VirtualTime.isActive))
        ))
        assert.strictEqual(Duration.toMillis(inner), 2000)
        assert.strictEqual(Duration.toMillis(outer), 3000)
        assert.isTrue(active)
        assert.isFalse(yield* VirtualTime.isActive)
      }))

    it.effect("leaves TestClock alone: a test can use both", () =>
      Effect.gen(function*() {
        const outside = yield* Effect.forkChild(Effect.andThen(Effect.sleep("1 minute"), now))
        const inside = yield* VirtualTime.run(Effect.andThen(Effect.sleep("1 hour"), now))
        assert.strictEqual(inside, 3600_000)
        assert.strictEqual(yield* Clock.currentTimeMillis, 0)
        yield* TestClock.adjust("1 minute")
        assert.strictEqual(yield* Fiber.join(outside), 60_000)
      }))

    it("works in a plain program run with Effect.runPromise", async () => {
      const [elapsed, delays] = await Effect.runPromise(
        VirtualTime.timed(waitN(100, 10)).pipe(Random.withSeed(5))
      )
      assert.strictEqual(delays.length, 100)
      assert.deepStrictEqual(delays, [...delays].sort((a, b) => a - b))
      assert.strictEqual(Duration.toMillis(elapsed), Math.round(delays[99]! * 1000))
    })

    it.effect("is deterministic: the same seed gives the same results and times", () =>
      Effect.gen(function*() {
        const once = Effect.suspend(() =>
          VirtualTime.timed(Timeline.record(taskWaitN(20, 3))).pipe(Random.withSeed(11))
        )
        const [elapsedA, [timelineA, delaysA]] = yield* once
        const [elapsedB, [timelineB, delaysB]] = yield* once
        assert.deepStrictEqual(delaysA, delaysB)
        assert.deepStrictEqual(timelineA, timelineB)
        assert.isTrue(Duration.equals(elapsedA, elapsedB))
      }))

    it.effect("keeps instants exact past 104 days (2^53 ns) and over years, a limit of years included", () =>
      Effect.gen(function*() {
        const day = 86_400_000_000_000n
        const late = yield* VirtualTime.run(
          Effect.andThen(
            Effect.sleep("200 days"),
            Effect.andThen(Effect.sleep(Duration.nanos(1n)), Clock.currentTimeNanos)
          )
        )
        assert.strictEqual(late, 200n * day + 1n)
        const [elapsed] = yield* VirtualTime.timed(
          Effect.andThen(Effect.sleep(Duration.days(365 * 999)), Effect.sleep(Duration.nanos(7n))),
          { limit: Duration.days(365 * 1000) }
        )
        assert.strictEqual(Duration.toNanosUnsafe(elapsed), 365n * 999n * day + 7n)
        const error = yield* VirtualTime.run(Effect.sleep(Duration.nanos(365n * 1000n * day + 1n)), {
          limit: Duration.days(365 * 1000)
        }).pipe(Effect.flip)
        assert.strictEqual(error._tag, "TimeLimitError")
        assert.strictEqual(Duration.toNanosUnsafe(error.at), 365n * 1000n * day)
        assert.strictEqual(Duration.toNanosUnsafe(error.sleeping[0]!.wakeAt), 365n * 1000n * day + 1n)
      }))

    it.effect("rejects bad options as defects naming the function, the option and the value", () =>
      Effect.gen(function*() {
        const limit = yield* Effect.exit(VirtualTime.run(Effect.void, { limit: "5 parsecs" as Duration.Input }))
        assert.strictEqual(
          defectMessage(limit),
          "VirtualTime.run: limit must be a non-negative duration, got \"5 parsecs\""
        )
        const negative = yield* Effect.exit(VirtualTime.run(Effect.void, { limit: -5 }))
        assert.strictEqual(defectMessage(negative), "VirtualTime.run: limit must be a non-negative duration, got -5")
        const idle = yield* Effect.exit(VirtualTime.timed(Effect.void, { idle: "soon" as Duration.Input }))
        assert.strictEqual(
          defectMessage(idle),
          "VirtualTime.timed: idle must be a finite, non-negative duration, got \"soon\""
        )
        const endless = yield* Effect.exit(VirtualTime.timed(Effect.void, { idle: Duration.infinity }))
        assert.match(defectMessage(endless), /^VirtualTime\.timed: idle must be a finite, non-negative duration, got /)
      }))
  })

  describe("giving up", () => {
    it.effect("reports a deadlock with the virtual time and the open timeline labels", () =>
      Effect.gen(function*() {
        const never = yield* Deferred.make<void>()
        const error = yield* VirtualTime.run(Timeline.record(Effect.all([
          Timeline.label(Effect.sleep("3 seconds"), "sleeper"),
          Timeline.label(Effect.andThen(Effect.sleep("1 second"), Deferred.await(never)), "stuck")
        ], { concurrency: "unbounded" }))).pipe(Effect.flip)
        assert.strictEqual(error._tag, "DeadlockError")
        assert.strictEqual(Duration.toMillis(error.at), 3000)
        assert.deepStrictEqual(error.sleeping, [])
        if (error._tag === "DeadlockError") {
          assert.deepStrictEqual(error.open, ["stuck"])
          // the waiting fibers: the run's own, then the labelled one, named by its label and its span
          const stuck = error.waiting.filter((fiber) => fiber.label === "stuck")
          assert.deepStrictEqual(stuck.map((fiber) => fiber.span), ["stuck"])
          assert.match(error.waiting[0]!.fiber, /^#\d+$/)
        }
        // the message names them too
        assert.match(
          error.message,
          new RegExp(
            "^VirtualTime: deadlock at 3s of virtual time: every fiber is waiting and no sleep is pending; " +
              "open timeline labels: stuck; waiting: #\\d+(, #\\d+)*, #\\d+ \\(stuck\\) in span stuck; "
          )
        )
      }))

    it.effect("names each waiting fiber by its label and its span, whatever it waits on", () =>
      Effect.gen(function*() {
        const error = yield* VirtualTime.run(Timeline.record(Effect.gen(function*() {
          const never = yield* Deferred.make<void>()
          const semaphore = yield* Semaphore.make(0)
          const queue = yield* Queue.bounded<number>(1)
          const awaiting = yield* Effect.forkChild(Timeline.label(Deferred.await(never), "await"))
          const joining = yield* Effect.forkChild(Timeline.label(Fiber.join(awaiting), "join"))
          yield* Effect.forkChild(Timeline.label(Semaphore.take(semaphore, 1), "semaphore"))
          yield* Effect.forkChild(Timeline.label(Queue.take(queue), "queue"))
          yield* Effect.forkDetach(Timeline.label(Effect.flatMap(Deferred.make<void>(), Deferred.await), "detached"))
          yield* Effect.forkChild(Semaphore.withPermits(semaphore, 1)(Effect.void).pipe(Effect.withSpan("lock-a")))
          return yield* Fiber.join(joining)
        }))).pipe(Effect.flip)
        assert.strictEqual(error._tag, "DeadlockError")
        if (error._tag === "DeadlockError") {
          const [root, ...forked] = error.waiting
          assert.match(root!.fiber, /^#\d+$/)
          assert.deepStrictEqual(
            forked.map(({ label, span }) => [label, span]).sort(),
            [
              ["await", "await"],
              ["detached", "detached"],
              ["join", "join"],
              ["lock-a", "lock-a"],
              ["queue", "queue"],
              ["semaphore", "semaphore"]
            ]
          )
        }
      }))

    it.effect("counts an endless sleep as a deadlock and lists it", () =>
      Effect.gen(function*() {
        const error = yield* VirtualTime.run(
          Timeline.record(Timeline.label(Effect.sleep(Duration.infinity), "forever"))
        ).pipe(Effect.flip)
        assert.strictEqual(error._tag, "DeadlockError")
        assert.strictEqual(error.sleeping.length, 1)
        assert.isFalse(Duration.isFinite(error.sleeping[0]!.wakeAt))
        assert.strictEqual(error.sleeping[0]!.label, "forever")
        assert.match(error.sleeping[0]!.fiber, /^#\d+$/)
      }))

    it.effect("stops at the virtual-time limit with what is still sleeping", () =>
      Effect.gen(function*() {
        const error = yield* VirtualTime.run(
          Timeline.record(Effect.all([
            Timeline.label(Effect.sleep("30 minutes"), "short"),
            Timeline.label(Effect.sleep("2 hours"), "long")
          ], { concurrency: "unbounded" })),
          { limit: "1 hour" }
        ).pipe(Effect.flip)
        assert.strictEqual(error._tag, "TimeLimitError")
        assert.strictEqual(Duration.toMillis(error.at), 3600_000)
        assert.strictEqual(error.sleeping.length, 1)
        assert.strictEqual(Duration.toMillis(error.sleeping[0]!.wakeAt), 7200_000)
        assert.strictEqual(error.sleeping[0]!.label, "long")
        assert.match(error.message, /^VirtualTime: limit of 1h reached; 1 sleeping: #\d+ \(long\) until 2h; /)
      }))

    it.effect("a background heartbeat keeps time moving, so only a limit stops a stuck main fiber", () =>
      Effect.gen(function*() {
        const never = yield* Deferred.make<void>()
        const error = yield* VirtualTime.run(
          Effect.andThen(Effect.forkDetach(Effect.forever(Effect.sleep("1 minute"))), Deferred.await(never)),
          { limit: "1 day" }
        ).pipe(Effect.flip)
        assert.strictEqual(error._tag, "TimeLimitError")
        assert.strictEqual(Duration.toMillis(error.at), 86_400_000)
        assert.deepStrictEqual(error.sleeping.map((sleep) => Duration.toMillis(sleep.wakeAt)), [86_460_000])
      }))

    it.effect("finishes an effect that ends exactly at the limit", () =>
      Effect.gen(function*() {
        const [elapsed] = yield* VirtualTime.timed(Effect.sleep("1 hour"), { limit: "1 hour" })
        assert.strictEqual(Duration.toMillis(elapsed), 3600_000)
      }))

    it.effect("interrupts the stuck effect, so its finalizers run", () =>
      Effect.gen(function*() {
        const finalized = yield* Ref.make(false)
        const exit = yield* Effect.exit(VirtualTime.run(
          Effect.never.pipe(Effect.ensuring(Ref.set(finalized, true)))
        ))
        assert.isTrue(Exit.isFailure(exit))
        assert.isTrue(yield* Ref.get(finalized))
      }))

    it.effect("lets finalizers that sleep finish after giving up, past the limit if need be", () =>
      Effect.gen(function*() {
        const cleanedAt = yield* Ref.make(-1)
        const error = yield* VirtualTime.run(
          Effect.sleep("2 hours").pipe(
            Effect.ensuring(
              Effect.andThen(Effect.sleep("1 minute"), Effect.flatMap(now, (t) => Ref.set(cleanedAt, t)))
            )
          ),
          { limit: "1 hour" }
        ).pipe(Effect.flip)
        assert.strictEqual(error._tag, "TimeLimitError")
        assert.strictEqual(yield* Ref.get(cleanedAt), 3_660_000)
        const deadlock = yield* VirtualTime.run(
          Effect.never.pipe(Effect.ensuring(Effect.sleep("1 second")))
        ).pipe(Effect.flip)
        assert.strictEqual(deadlock._tag, "DeadlockError")
      }))

    it.effect("leaves behind a finalizer that can never finish, instead of hanging the caller", () =>
      Effect.gen(function*() {
        const finalizing = yield* Ref.make(false)
        const error = yield* VirtualTime.run(Effect.gen(function*() {
          const never = yield* Deferred.make<void>()
          const cleanup = Effect.andThen(Ref.set(finalizing, true), Deferred.await(never))
          // the main fiber waits on a child that waits forever; interrupting the child waits on `never` too
          const child = yield* Effect.forkChild(Effect.onInterrupt(Deferred.await(never), () => cleanup))
          yield* Fiber.join(child)
        })).pipe(Effect.flip)
        assert.strictEqual(error._tag, "DeadlockError")
        assert.isTrue(yield* Ref.get(finalizing))
      }))
  })

  describe("the TestClock API inside a run", () => {
    // each entry: what happened, at which virtual millisecond
    const logger = Effect.map(Ref.make<Array<string>>([]), (ref) => ({
      log: (what: string) =>
        Effect.flatMap(Clock.currentTimeMillis, (millis) => Ref.update(ref, (log) => [...log, `${what}@${millis}`])),
      entries: Ref.get(ref)
    }))

    it.effect("adjust returns after every sleeper due by then, one queued meanwhile at the same instant included", () =>
      Effect.gen(function*() {
        const log = yield* VirtualTime.run(Effect.gen(function*() {
          const { entries, log } = yield* logger
          // queued before the adjust, due at 1 s
          yield* Effect.forkChild(Effect.andThen(Effect.sleep("1 second"), log("early")))
          // queued at 500 ms, while the adjust waits: due at 1 s too
          yield* Effect.forkChild(
            Effect.andThen(Effect.sleep("500 millis"), Effect.andThen(Effect.sleep("500 millis"), log("late")))
          )
          // due after the adjust's instant: not woken by it
          yield* Effect.forkChild(Effect.andThen(Effect.sleep("1001 millis"), log("after")))
          yield* TestClock.adjust("1 second")
          yield* log("adjusted")
          yield* TestClock.adjust("1 second")
          yield* log("adjusted again")
          return yield* entries
        }))
        assert.deepStrictEqual(log, ["early@1000", "late@1000", "adjusted@1000", "after@1001", "adjusted again@2000"])
      }))

    it.effect("adjust waits for the fibers woken at its instant to run until they suspend, forks included", () =>
      Effect.gen(function*() {
        const log = yield* VirtualTime.run(Effect.gen(function*() {
          const { entries, log } = yield* logger
          yield* Effect.forkChild(Effect.gen(function*() {
            yield* Effect.sleep("1 second")
            yield* Effect.yieldNow
            yield* Effect.forkDetach(Effect.andThen(Effect.yieldNow, log("grandchild")))
            yield* Effect.yieldNow
            yield* log("child")
          }))
          yield* TestClock.adjust("1 second")
          yield* log("adjusted")
          return yield* entries
        }))
        assert.deepStrictEqual(log, ["child@1000", "grandchild@1000", "adjusted@1000"])
      }))

    it.effect("adjust moves time exactly with nothing asleep; adjust of 0 only lets ready fibers run", () =>
      Effect.gen(function*() {
        const [elapsed, log] = yield* VirtualTime.timed(Effect.gen(function*() {
          const { entries, log } = yield* logger
          yield* TestClock.adjust(Duration.nanos(1_500_001n))
          yield* log("adjusted")
          yield* Effect.forkChild(Effect.andThen(Effect.yieldNow, log("ready")))
          yield* TestClock.adjust(0)
          yield* log("settled")
          return yield* entries
        }))
        assert.deepStrictEqual(log, ["adjusted@1.500001", "ready@1.500001", "settled@1.500001"])
        assert.strictEqual(Duration.toNanosUnsafe(elapsed), 1_500_001n)
      }))

    it.effect("drives a TestClock-style test unchanged: fork, adjust, join", () =>
      Effect.gen(function*() {
        const [elapsed, delays] = yield* VirtualTime.timed(
          Effect.gen(function*() {
            const fiber = yield* Effect.forkChild(waitN(5, 5))
            yield* TestClock.adjust("5 seconds")
            return yield* Fiber.join(fiber)
          }).pipe(Random.withSeed(1))
        )
        assert.deepStrictEqual(delays, [0.936, 1.68, 3.083, 3.97, 4.91])
        assert.strictEqual(Duration.toMillis(elapsed), 5000)
      }))

    it.effect("an interrupted adjust leaves no trace: time goes on to the next sleeper only", () =>
      Effect.gen(function*() {
        const [elapsed, outcome] = yield* VirtualTime.timed(
          Effect.timeoutOption(TestClock.adjust("1 hour"), "1 second")
        )
        assert.isTrue(outcome._tag === "None")
        assert.strictEqual(Duration.toMillis(elapsed), 1000)
      }))

    it.effect("an adjust past the limit stops the run at the limit, and is listed as waiting there", () =>
      Effect.gen(function*() {
        const resumed = yield* Ref.make(false)
        const error = yield* VirtualTime.run(Effect.andThen(TestClock.adjust("2 hours"), Ref.set(resumed, true)), {
          limit: "1 hour"
        }).pipe(Effect.flip)
        assert.isFalse(yield* Ref.get(resumed))
        assert.strictEqual(error._tag, "TimeLimitError")
        assert.strictEqual(Duration.toMillis(error.at), 3600_000)
        assert.deepStrictEqual(error.sleeping.map((sleep) => Duration.toMillis(sleep.wakeAt)), [7200_000])
      }))

    it.effect("setTime settles at an absolute instant, the start included; one already past settles now", () =>
      Effect.gen(function*() {
        const [elapsed, log] = yield* VirtualTime.timed(
          Effect.gen(function*() {
            const { entries, log } = yield* logger
            yield* Effect.forkChild(Effect.andThen(Effect.sleep("2 seconds"), log("sleeper")))
            yield* TestClock.setTime(1_000_005_000)
            yield* log("set")
            yield* TestClock.setTime(0)
            yield* log("past")
            return yield* entries
          }),
          { start: 1_000_000_000 }
        )
        assert.deepStrictEqual(log, ["sleeper@1000002000", "set@1000005000", "past@1000005000"])
        assert.strictEqual(Duration.toMillis(elapsed), 5000)
        const bad = yield* Effect.exit(VirtualTime.run(TestClock.setTime(NaN)))
        assert.strictEqual(
          defectMessage(bad),
          "TestClock.setTime: timestamp must be a number of epoch milliseconds, got NaN"
        )
      }))

    it.effect("adjust(Infinity) and setTime(Infinity) run every finite sleeper and stop at the last one", () =>
      Effect.gen(function*() {
        const log = yield* VirtualTime.run(Effect.gen(function*() {
          const { entries, log } = yield* logger
          // Effect's own Schedule tests drive a schedule this way: fork it, set the time to infinity, join
          const fiber = yield* Effect.forkChild(
            Effect.repeat(log("tick"), { schedule: Schedule.spaced("1 second"), times: 2 })
          )
          yield* TestClock.setTime(Infinity)
          yield* log("set")
          yield* Fiber.join(fiber)
          yield* Effect.forkChild(Effect.andThen(Effect.sleep("1 hour"), log("later")))
          yield* TestClock.adjust(Infinity)
          yield* log("adjusted")
          yield* TestClock.setTime(-Infinity)
          yield* log("past")
          return yield* entries
        }))
        assert.deepStrictEqual(log, [
          "tick@0",
          "tick@1000",
          "tick@2000",
          "set@2000",
          "later@3602000",
          "adjusted@3602000",
          "past@3602000"
        ])
      }))

    it.effect("withLive runs on the clock outside the run while virtual time holds still", () =>
      Effect.gen(function*() {
        const log = yield* VirtualTime.run(Effect.gen(function*() {
          const { entries, log } = yield* logger
          yield* Effect.forkChild(Effect.andThen(Effect.sleep("1 milli"), log("virtual sleeper")))
          // 20 ms of real time on the wall clock: the virtual sleeper due in 1 ms waits until it ends
          const wall = yield* TestClock.withLive(Effect.andThen(Effect.sleep("20 millis"), Clock.currentTimeMillis))
          yield* log(wall > Date.UTC(2020, 0, 1) ? "wall clock" : `not the wall clock: ${wall}`)
          yield* Effect.sleep("1 milli")
          yield* log("after")
          return yield* entries
        }))
        assert.deepStrictEqual(log, ["wall clock@0", "virtual sleeper@1", "after@1"])
      }))

    it.effect("withLive under TestClock reaches the live clock beneath it", () =>
      Effect.gen(function*() {
        // it.effect provides TestClock outside the run, whose time stands still at 0: withLive must go beneath it
        const wall = yield* VirtualTime.run(TestClock.withLive(Clock.currentTimeMillis), { start: 0 })
        assert.isAbove(wall, Date.UTC(2020, 0, 1))
        assert.strictEqual(yield* Clock.currentTimeMillis, 0)
      }))
  })

  describe("a start instant", () => {
    const readings = Effect.all([Clock.currentTimeMillis, DateTime.now.pipe(Effect.map(DateTime.formatIso))])

    it.effect("reads start + elapsed on every clock reader, from a Date, a DateTime or epoch milliseconds", () =>
      Effect.gen(function*() {
        const program = Effect.andThen(Effect.sleep("90 minutes"), readings)
        const iso = "2024-02-29T23:00:00.000Z"
        const millis = Date.parse(iso)
        const expected = [millis + 5400_000, "2024-03-01T00:30:00.000Z"]
        assert.deepStrictEqual(yield* VirtualTime.run(program, { start: new Date(iso) }), expected)
        assert.deepStrictEqual(yield* VirtualTime.run(program, { start: DateTime.makeUnsafe(iso) }), expected)
        assert.deepStrictEqual(yield* VirtualTime.run(program, { start: millis }), expected)
        const nanos = yield* VirtualTime.run(Clock.currentTimeNanos, { start: millis })
        assert.strictEqual(nanos, BigInt(millis) * 1_000_000n)
      }))

    it.effect("keeps the durations it reports relative to the start", () =>
      Effect.gen(function*() {
        const start = new Date("2030-01-01T00:00:00Z")
        const [elapsed] = yield* VirtualTime.timed(Effect.sleep("3 seconds"), { start })
        assert.strictEqual(Duration.toMillis(elapsed), 3000)
        const error = yield* VirtualTime.run(Effect.sleep("2 hours"), { start, limit: "1 hour" }).pipe(Effect.flip)
        assert.strictEqual(error._tag, "TimeLimitError")
        assert.strictEqual(Duration.toMillis(error.at), 3600_000)
        assert.strictEqual(Duration.toMillis(error.sleeping[0]!.wakeAt), 7200_000)
      }))

    it.effect("runs a cron schedule from a given date without sleeping through the years before it", () =>
      Effect.gen(function*() {
        const [elapsed, fired] = yield* VirtualTime.timed(
          Effect.gen(function*() {
            const fired: Array<string> = []
            yield* Effect.repeat(
              Effect.flatMap(DateTime.now, (now) => Effect.sync(() => fired.push(DateTime.formatIso(now)))),
              { schedule: Schedule.cron("0 9 * * 1-5", "UTC"), times: 3 }
            )
            return fired
          }),
          { start: new Date("2024-03-01T12:00:00Z") }
        )
        // Friday noon, then 9:00 on the next weekdays: Monday, Tuesday, Wednesday
        assert.deepStrictEqual(fired, [
          "2024-03-01T12:00:00.000Z",
          "2024-03-04T09:00:00.000Z",
          "2024-03-05T09:00:00.000Z",
          "2024-03-06T09:00:00.000Z"
        ])
        assert.strictEqual(Duration.toMillis(elapsed), (4 * 24 + 21) * 3600_000)
      }))

    it.effect("rejects a bad start as a defect naming the function and the value", () =>
      Effect.gen(function*() {
        const expected = "must be a DateTime, a Date or epoch milliseconds, got"
        const text = yield* Effect.exit(VirtualTime.run(Effect.void, { start: "2024-01-01" as unknown as number }))
        assert.strictEqual(defectMessage(text), `VirtualTime.run: start ${expected} "2024-01-01"`)
        const invalid = yield* Effect.exit(VirtualTime.timed(Effect.void, { start: new Date(NaN) }))
        assert.match(
          defectMessage(invalid),
          /^VirtualTime\.timed: start must be a DateTime, a Date or epoch milliseconds, got /
        )
        const infinite = yield* Effect.exit(VirtualTime.explore(Effect.void, { runs: 1, start: Infinity }))
        assert.strictEqual(defectMessage(infinite), `VirtualTime.explore: start ${expected} Infinity`)
      }))
  })

  describe("work outside Effect", () => {
    it.effect("does not jump over a real promise while the idle threshold has not passed", () =>
      Effect.gen(function*() {
        const [elapsed, winner] = yield* VirtualTime.timed(
          Effect.raceFirst(realDelay(50), Effect.as(Effect.sleep("1 second"), "sleep")),
          { idle: "150 millis" }
        )
        assert.strictEqual(winner, "promise")
        assert.strictEqual(Duration.toMillis(elapsed), 0)
      }))

    it.effect("waits for a real promise, then carries on in virtual time", () =>
      Effect.gen(function*() {
        const [elapsed, value] = yield* VirtualTime.timed(
          Effect.tap(realDelay(50), Effect.sleep("1 hour")),
          { idle: "150 millis" }
        )
        assert.strictEqual(value, "promise")
        assert.strictEqual(Duration.toMillis(elapsed), 3600_000)
      }))

    it.effect("with the default idle of 0, does jump over it (the documented trade-off)", () =>
      Effect.gen(function*() {
        const winner = yield* VirtualTime.run(
          Effect.raceFirst(realDelay(50), Effect.as(Effect.sleep("1 second"), "sleep"))
        )
        assert.strictEqual(winner, "sleep")
      }))
  })

  describe("the clock core underneath, driven by hand", () => {
    /** Runs `self` on `clock`, as `VirtualTime.run` does. */
    const on = (clock: virtual.VirtualClock) => <A, E, R>(self: Effect.Effect<A, E, R>) =>
      Effect.suspend(() => {
        clock.start()
        return self
      }).pipe(
        Effect.ensuring(Effect.sync(() => clock.stop())),
        Effect.provideService(Clock.Clock, clock),
        Effect.provideService(Scheduler.Scheduler, clock.scheduler)
      )
    const notStuck = () => assert.fail("the run should not get stuck")
    const underlying = new Scheduler.MixedScheduler()

    it.effect("jumps only when the host's next turn comes, and arms no timer without an idle threshold", () =>
      Effect.gen(function*() {
        const manual = manualHost(0)
        const clock = virtual.make({
          idle: 0n,
          limit: ClockCore.Never,
          onStuck: notStuck,
          host: manual.host,
          underlying
        })
        const fiber = yield* Effect.forkChild(
          Effect.andThen(Effect.sleep("1 hour"), Clock.currentTimeMillis).pipe(on(clock))
        )
        yield* until(() => clock.sleepers === 1 && clock.scheduler.pending === 0)
        yield* nextTurn
        assert.strictEqual(clock.instant(), 0n)
        assert.strictEqual(manual.pendingTurns, 1)
        manual.turn()
        assert.deepStrictEqual(yield* Fiber.await(fiber), Exit.succeed(3_600_000))
        assert.strictEqual(clock.instant(), 3_600_000_000_000n)
        assert.strictEqual(manual.timers.length, 0)
        assert.strictEqual(manual.pendingTurns, 0)
      }))

    it.effect("with an idle threshold, jumps only once that much host time has passed, never before", () =>
      Effect.gen(function*() {
        const manual = manualHost(0)
        const clock = virtual.make({
          idle: 20_000_000n,
          limit: ClockCore.Never,
          onStuck: notStuck,
          host: manual.host,
          underlying
        })
        const fiber = yield* Effect.forkChild(
          Effect.andThen(Effect.sleep("1 hour"), Clock.currentTimeMillis).pipe(on(clock))
        )
        yield* until(() => clock.sleepers === 1 && clock.scheduler.pending === 0)
        assert.deepStrictEqual(manual.timers.map((timer) => timer.millis), [20])
        manual.advance(19.5) // the host fires early
        manual.timers[0]!.fire()
        assert.strictEqual(clock.instant(), 0n)
        assert.deepStrictEqual(manual.timers.map((timer) => timer.millis), [20, 1])
        manual.advance(0.5)
        manual.timers[1]!.fire()
        assert.deepStrictEqual(yield* Fiber.await(fiber), Exit.succeed(3_600_000))
        assert.strictEqual(manual.pendingTurns, 0)
      }))

    it.effect("takes which ready fiber runs next, and the order of simultaneous wake-ups, from its Order", () =>
      Effect.gen(function*() {
        let picks = 0
        const order: ClockCore.Order = {
          picker: {
            pick: () => {
              picks++
              return 0
            },
            shouldYield: () => false,
            needsFiber: false
          },
          wakeups: (due) => {
            due.reverse()
          }
        }
        const clock = virtual.make({ idle: 0n, limit: ClockCore.Never, onStuck: notStuck, order, underlying })
        const woken: Array<string> = []
        // each sleeper yields first: a yield is a task of the scheduler, which the Order picks
        const sleeper = (name: string, millis: number) =>
          Effect.yieldNow.pipe(
            Effect.andThen(Effect.sleep(Duration.millis(millis))),
            Effect.andThen(Effect.sync(() => woken.push(name)))
          )
        yield* Effect.all([sleeper("a10", 10), sleeper("b10", 10), sleeper("c5", 5), sleeper("d10", 10)], {
          concurrency: "unbounded",
          discard: true
        }).pipe(on(clock))
        assert.deepStrictEqual(woken, ["c5", "d10", "b10", "a10"])
        assert.isAbove(picks, 0)
      }))
  })

  describe("exercises", () => {
    it.effect("waitN(5, 5): ascending delays, done at the longest one", () =>
      Effect.gen(function*() {
        const [elapsed, delays] = yield* VirtualTime.timed(waitN(5, 5))
        assert.deepStrictEqual(delays, [0.817, 1.136, 1.379, 1.502, 4.104])
        assert.strictEqual(Duration.toMillis(elapsed), 4104)
      }).pipe(Random.withSeed(42)))

    it.effect("waitN(10_000, 10): exactly ascending, as long as the longest delay", () =>
      Effect.gen(function*() {
        const [elapsed, delays] = yield* VirtualTime.timed(waitN(10_000, 10))
        assert.strictEqual(delays.length, 10_000)
        assert.isTrue(delays.every((delay, i) => i === 0 || delays[i - 1]! <= delay))
        assert.strictEqual(Duration.toMillis(elapsed), Math.round(delays[9_999]! * 1000))
      }).pipe(Random.withSeed(42)))

    it.effect("measureRuntime takes 10 virtual seconds; measureTime divides by n", () =>
      Effect.gen(function*() {
        assert.strictEqual(yield* VirtualTime.run(measureRuntime()), 10)
        const perWait = yield* VirtualTime.run(measureTime(5, 5)).pipe(Random.withSeed(42))
        assert.strictEqual(perWait, 4.104 / 5)
      }))
  })

  describe("a user's retry with exponential backoff (examples/retry-backoff-test.ts)", () => {
    it.effect("recovers after three failures, each attempt 200, 400, 800 ms after the last", () =>
      Effect.gen(function*() {
        const service = yield* flakyService(3)
        const [timeline, quote] = yield* VirtualTime.run(Timeline.record(fetchWithBackoff(service, { retries: 5 })))
        assert.strictEqual(quote, 42)
        yield* Timeline.assertMatches(
          timeline,
          "attempt@0..50! attempt@250..300! attempt@700..750! attempt@1550..1600"
        )
      }))

    it.effect("gives up after the last retry with the last error", () =>
      Effect.gen(function*() {
        const service = yield* flakyService(Infinity)
        const [elapsed, exit] = yield* VirtualTime.timed(Effect.exit(fetchWithBackoff(service, { retries: 2 })))
        assert.deepStrictEqual(exit, Exit.fail(new QuoteUnavailableError({ attempt: 3 })))
        assert.strictEqual(Duration.toMillis(elapsed), 750)
      }))

    it.effect("a jittered backoff replays exactly under one seed", () =>
      Effect.gen(function*() {
        const once = Effect.suspend(() =>
          Effect.flatMap(flakyService(3), (service) =>
            VirtualTime.run(Timeline.record(fetchWithBackoff(service, { retries: 5, jitter: true })))).pipe(
              Random.withSeed(7)
            )
        )
        const [first] = yield* once
        const [second] = yield* once
        assert.strictEqual(Timeline.toNotation(first), Timeline.toNotation(second))
        assert.notStrictEqual(
          Timeline.toNotation(first),
          "attempt@0..50! attempt@250..300! attempt@700..750! attempt@1550..1600"
        )
      }))

    it.effect("the example program prints the chart and its three checks", () =>
      Effect.gen(function*() {
        const output = TestConsole.make()
        yield* Effect.provideService(retryExample, Console.Console, output.console)
        assert.strictEqual(output.out.length, 4)
        assert.match(output.out[0]!, /^ +0 .*\n +├─+.*┤\nattempt ██✗ +▓▓✗ +██✗ +▓▓+ 1\.6s$/)
        assert.strictEqual(output.out[1], "✓ recovers: quote 42 after 3 failures, at 1.6 s of virtual time")
        assert.strictEqual(
          output.out[2],
          "✓ gives up at 750 ms with the third attempt's error: quote service unavailable (attempt 3)"
        )
        assert.match(output.out[3]!, /^✓ jittered run replays exactly under seed 7: attempt@0\.\.50! /)
      }))
  })
})
