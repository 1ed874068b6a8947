/**
 * Argument checks shared by the public modules. Each check returns `undefined` when the argument is fine, or an
 * effect that dies with an `IllegalArgumentException` whose message names the function, the argument and the value.
 *
 * @internal
 */
import * as Cause from "effect/Cause"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"

/** @internal */
export const show = (value: unknown): string =>
  typeof value === "string" ? JSON.stringify(value) : typeof value === "bigint" ? `${value}n` : String(value)

/** @internal */
export const illegal = (fn: string, argument: string, value: unknown, expected: string): Effect.Effect<never> =>
  Effect.die(new Cause.IllegalArgumentException(`${fn}: ${argument} must be ${expected}, got ${show(value)}`))

/** @internal */
export const count = (fn: string, argument: string, value: number): Effect.Effect<never> | undefined =>
  typeof value === "number" && Number.isSafeInteger(value) && value >= 0
    ? undefined
    : illegal(fn, argument, value, "a non-negative integer")

/** @internal */
export const positiveCount = (fn: string, argument: string, value: number): Effect.Effect<never> | undefined =>
  typeof value === "number" && Number.isSafeInteger(value) && value > 0
    ? undefined
    : illegal(fn, argument, value, "a positive integer")

/** @internal */
export const seconds = (fn: string, argument: string, value: number): Effect.Effect<never> | undefined =>
  typeof value === "number" && Number.isFinite(value) && value >= 0
    ? undefined
    : illegal(fn, argument, value, "a finite, non-negative number of seconds")

/**
 * Decodes a duration argument: `Duration.decodeUnknown`, except that a negative or NaN number of milliseconds (which
 * Effect would quietly turn into zero) is refused too. `Option.none()` for a bad input.
 *
 * @internal
 */
export const decodeDuration = (input: unknown): Option.Option<Duration.Duration> =>
  typeof input === "number" && !(input >= 0) ? Option.none() : Duration.decodeUnknown(input)
