/**
 * Many waits at once, the way `waitN` and `taskWaitN` run them under the library's clocks: the n delays are drawn
 * from `Random` in start order, as n waits started one after another would draw them, and queued on the clock in one
 * pass (`SleepMany`), each a queue entry rather than a fiber; the caller's fiber collects the delays as they wake and
 * succeeds with them in that order. Interrupting it takes every wait still queued off the clock at once.
 *
 * What a caller sees is what n waits with a fiber each give: the same delays for the same seed, in the same order,
 * at the same instants. Against another sleeper due at the same instant, the waits stand in the queue from the call
 * (a fibered wait from when its fiber first ran), and exploration varies that order as any other.
 *
 * Where the clock is not one of the library's (Effect's own, `TestClock`), or where a tracer would see a span per wait
 * (`Timeline`, the command's progress; not an exploration's own recording: see `Recorder.waitSpans`), the caller's own
 * fibered waits run instead.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"
import * as ClockCore from "./clock/core.js"
import * as delay from "./delay.js"
import * as timeline from "./timeline/record.js"
import * as looking from "./tracer.js"

/**
 * `n` waits of up to `maxDelay` seconds (arguments already checked), their delays in seconds in the order they woke;
 * `fibered` where the clock cannot queue them itself or the waits are traced.
 *
 * @internal
 */
export const all = (
  n: number,
  maxDelay: number,
  fibered: Effect.Effect<Array<number>>
): Effect.Effect<Array<number>> =>
  Effect.withFiber((fiber) => {
    const sleepMany = ClockCore.sleepManyOf(fiber.getRef(Clock.Clock))
    const spans = looking.isTraced(fiber) && fiber.getRef(timeline.currentRecorder)?.waitSpans !== false
    if (sleepMany === undefined || n === 0 || spans) {
      return fibered
    }
    const random = fiber.getRef(Random.Random)
    // `Random.nextIntBetween(0, max)`, drawn n times in a row
    const choices = delay.floorMillis(maxDelay) + 1
    const next = (): number => Math.floor(random.nextDoubleUnsafe() * choices)
    return Effect.callback<Array<number>>((resume) => {
      const delays: Array<number> = []
      return sleepMany(n, next, (millis) => {
        if (delays.push(millis / 1000) === n) {
          resume(Effect.succeed(delays))
        }
      })
    })
  })
