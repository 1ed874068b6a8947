/**
 * The delay resolution of the exercises: whole milliseconds.
 *
 * Delays are drawn uniformly from the integers `0 .. floor(maxDelay * 1000)` (both ends included) and slept as
 * whole milliseconds: Node's timers and `Clock.currentTimeMillis` work in whole milliseconds, every reading of a test
 * clock stays an exact integer, and a millisecond is far below anything a person can see in the exercises' output.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"

/**
 * The largest whole number of milliseconds in `[0, seconds]`, robust to binary rounding (`0.29 * 1000` is
 * `289.99999999999994`).
 *
 * @internal
 */
export const floorMillis = (seconds: number): number => Math.floor(Math.round(seconds * 1e6) / 1e3)

/**
 * Draws a delay uniformly from the whole milliseconds in `[0, maxDelay]` (seconds) using the `Random` service
 * (`Random.nextIntBetween` includes its upper bound).
 *
 * @internal
 */
export const drawMillis = (maxDelay: number): Effect.Effect<number> => Random.nextIntBetween(0, floorMillis(maxDelay))

/**
 * Sleeps `millis` through the `Clock`; a zero delay completes at once without touching a timer. The duration is
 * passed as a number of milliseconds (`Duration.Input`), so a pending sleep holds no `Duration` of its own.
 *
 * @internal
 */
export const sleepMillis = (millis: number): Effect.Effect<void> => millis === 0 ? Effect.void : Effect.sleep(millis)

// sleeps `millis` and succeeds with it in seconds; while it sleeps, the fiber's stack holds this effect
const waitMillis = (millis: number): Effect.Effect<number> => Effect.as(sleepMillis(millis), millis / 1000)

/**
 * `waitRandom` without its argument check: draws a delay, sleeps it, succeeds with it in seconds.
 *
 * @internal
 */
export const waitRandom = (maxDelay: number): Effect.Effect<number> =>
  Effect.flatMap(drawMillis(maxDelay), (millis) => waitMillis(millis))

/**
 * `waitRandom` for `count` waits that run it at once (`waitN`'s, `taskWaitN`'s): the same draws and sleeps, but when
 * there are no more possible delays than waits, the waits that draw the same delay share one effect for it (made the
 * first time that delay is drawn), instead of each holding its own while it sleeps: `waitN(1_000_000, 1)` holds at
 * most 1,001 of them rather than a million.
 *
 * @internal
 */
export const waitRandomShared = (maxDelay: number, count: number): Effect.Effect<number> => {
  const delays = floorMillis(maxDelay) + 1
  if (delays > count) {
    return waitRandom(maxDelay)
  }
  const waits: Array<Effect.Effect<number> | undefined> = Array.from({ length: delays })
  return Effect.flatMap(drawMillis(maxDelay), (millis) => waits[millis] ??= waitMillis(millis))
}
