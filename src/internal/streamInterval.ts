/**
 * The interval option shared by the clock-driven streams (`Countdown`, `Messages`).
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as validate from "./validate.js"

/**
 * Decodes an interval option; anything but a finite duration is a defect naming `fn`. (Effect v3 never wakes a
 * sleep longer than 2^31 - 1 ms, so an infinite interval would silently stall the stream.)
 *
 * @internal
 */
export const decode = (fn: string, input: unknown): Effect.Effect<Duration.Duration> => {
  const decoded = validate.decodeDuration(input)
  return Option.isSome(decoded) && Duration.isFinite(decoded.value)
    ? Effect.succeed(decoded.value)
    : validate.illegal(fn, "interval", input, "a finite, non-negative duration")
}

/**
 * Sleeps `interval` through the `Clock`; a zero interval does not touch a timer.
 *
 * @internal
 */
export const wait = (interval: Duration.Duration): Effect.Effect<void> =>
  Duration.isZero(interval) ? Effect.void : Effect.sleep(interval)
