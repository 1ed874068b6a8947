/**
 * The interval option shared by the clock-driven streams (`Countdown`, `MessageFeed`, `Comprehension`).
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as validate from "./validate.js"

/**
 * Decodes an interval option; anything but a finite, non-negative duration (negative strings included) is a defect
 * naming `fn` (`Module.function`) and `interval`.
 *
 * @internal
 */
export const decode = (fn: string, input: unknown): Effect.Effect<Duration.Duration> =>
  validate.finiteDuration(fn, "interval", input)

/**
 * Sleeps `interval` through the `Clock`; a zero interval does not touch a timer.
 *
 * @internal
 */
export const wait = (interval: Duration.Duration): Effect.Effect<void> =>
  Duration.isZero(interval) ? Effect.void : Effect.sleep(interval)
