/**
 * The delay resolution of the exercises: whole milliseconds.
 *
 * Delays are drawn uniformly from the integers `0 .. floor(maxDelay * 1000)` (both ends included) and slept as
 * whole milliseconds. Three reasons: `TestClock` turns its instant into nanoseconds with `BigInt(instant * 1e6)`,
 * which dies on fractional millisecond instants such as 2.975; Node's timers and `Clock.currentTimeMillis` work in
 * whole milliseconds; and a millisecond is far below anything a person can see in the exercises' output.
 *
 * @internal
 */
import * as Duration from "effect/Duration"
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
 * Draws a delay uniformly from the whole milliseconds in `[0, maxDelay]` (seconds) using the `Random` service.
 *
 * @internal
 */
export const drawMillis = (maxDelay: number): Effect.Effect<number> =>
  Random.nextIntBetween(0, floorMillis(maxDelay) + 1)

/**
 * Sleeps `millis` through the `Clock`; a zero delay completes at once without touching a timer.
 *
 * @internal
 */
export const sleepMillis = (millis: number): Effect.Effect<void> =>
  millis === 0 ? Effect.void : Effect.sleep(Duration.millis(millis))

/**
 * `waitRandom` without its argument check: draws a delay, sleeps it, succeeds with it in seconds.
 *
 * @internal
 */
export const waitRandom = (maxDelay: number): Effect.Effect<number> =>
  Effect.flatMap(drawMillis(maxDelay), (millis) => Effect.as(sleepMillis(millis), millis / 1000))
