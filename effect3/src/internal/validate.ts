/**
 * Argument checks shared by the public modules. Each check returns `undefined` when the argument is fine, or an
 * effect that dies with an `IllegalArgumentException` whose message names the function, the argument and the value:
 * `Module.function: argument must be …, got …` (callers pass `Module.function` as `fn`).
 *
 * @internal
 */
import * as Cause from "effect/Cause"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"

const showScalar = (value: unknown): string => {
  if (typeof value === "string") {
    return JSON.stringify(value)
  }
  if (typeof value === "bigint") {
    return `${value}n`
  }
  if (Object.is(value, -0)) {
    return "-0"
  }
  try {
    return String(value)
  } catch {
    // an object without a usable toString, such as Object.create(null)
    return Object.prototype.toString.call(value)
  }
}

/**
 * How a bad value appears in a message: strings quoted, bigints with their `n`, `-0` signed, arrays (a
 * `[seconds, nanos]` duration) bracketed one level deep; never throws.
 *
 * @internal
 */
export const show = (value: unknown): string =>
  Array.isArray(value) ? `[${value.map((item) => showScalar(item)).join(", ")}]` : showScalar(value)

/** The defect of a bad argument, for functions that return no effect (they throw it). @internal */
export const illegalArgument = (
  fn: string,
  argument: string,
  value: unknown,
  expected: string
): Cause.IllegalArgumentException =>
  new Cause.IllegalArgumentException(`${fn}: ${argument} must be ${expected}, got ${show(value)}`)

/** @internal */
export const illegal = (fn: string, argument: string, value: unknown, expected: string): Effect.Effect<never> =>
  Effect.die(illegalArgument(fn, argument, value, expected))

/**
 * The largest length of a JavaScript array, 2^32 - 1: a count of things held in one array (the results of `n`
 * waits, the fibers of `n` tasks) cannot be larger.
 *
 * @internal
 */
export const MaxArrayLength: number = 2 ** 32 - 1

const isInteger = (value: unknown, least: number): value is number =>
  typeof value === "number" && Number.isSafeInteger(value) && value >= least

const arrayLength = (fn: string, argument: string, value: number): Effect.Effect<never> | undefined =>
  value > MaxArrayLength
    ? illegal(fn, argument, value, `at most ${MaxArrayLength} (the largest array length)`)
    : undefined

/**
 * A count of things that may all be held in one array: a non-negative integer no larger than
 * {@link MaxArrayLength}.
 *
 * @internal
 */
export const count = (fn: string, argument: string, value: number): Effect.Effect<never> | undefined =>
  isInteger(value, 0) ? arrayLength(fn, argument, value) : illegal(fn, argument, value, "a non-negative integer")

/**
 * {@link count}, and more than zero.
 *
 * @internal
 */
export const positiveCount = (fn: string, argument: string, value: number): Effect.Effect<never> | undefined =>
  isInteger(value, 1) ? arrayLength(fn, argument, value) : illegal(fn, argument, value, "a positive integer")

/**
 * A count of things that come one after another and are never held together (the numbers of a stream): any
 * non-negative safe integer.
 *
 * @internal
 */
export const streamCount = (fn: string, argument: string, value: number): Effect.Effect<never> | undefined =>
  isInteger(value, 0) ? undefined : illegal(fn, argument, value, "a non-negative integer")

/**
 * The largest delay of the exercises, in seconds: 2^53 - 1 milliseconds (about 285,000 years). Delays are whole
 * milliseconds drawn with `Random.nextIntBetween`, which cannot draw beyond 2^53 - 1, nor can a double hold every
 * whole millisecond above it; a larger bound would quietly draw from a smaller range.
 *
 * @internal
 */
export const MaxSeconds = Number.MAX_SAFE_INTEGER / 1000

/** What a number of seconds must be, as the messages say it. @internal */
export const secondsExpected = `a non-negative number of seconds, at most ${MaxSeconds}`

/** Whether `value` is a number of seconds the exercises can draw a delay up to. @internal */
export const isSeconds = (value: unknown): value is number =>
  typeof value === "number" && value >= 0 && value <= MaxSeconds

/** @internal */
export const seconds = (fn: string, argument: string, value: number): Effect.Effect<never> | undefined =>
  isSeconds(value) ? undefined : illegal(fn, argument, value, secondsExpected)

// The number part of a duration string, as Effect's decoder reads it (`Duration.decode`).
const DurationString = /^(-?\d+(?:\.\d+)?)\s+(nanos?|micros?|millis?|seconds?|minutes?|hours?|days?|weeks?)$/

// Whether Effect would decode `input` to a duration below zero, or from NaN, and then quietly clamp it to zero.
const clampedByEffect = (input: unknown): boolean => {
  if (typeof input === "number") {
    return !(input >= 0)
  }
  if (typeof input === "bigint") {
    return input < BigInt(0)
  }
  if (typeof input === "string") {
    const match = DurationString.exec(input)
    return match !== null && Number(match[1]) < 0
  }
  if (Array.isArray(input) && input.length === 2) {
    const [whole, nanos]: ReadonlyArray<unknown> = input
    if (typeof whole !== "number" || typeof nanos !== "number") {
      return false
    }
    if (Number.isNaN(whole) || Number.isNaN(nanos) || whole === -Infinity || nanos === -Infinity) {
      return true
    }
    if (whole === Infinity || nanos === Infinity) {
      return false
    }
    const wholeInNanos = whole * 1e9
    return Number.isFinite(wholeInNanos)
      ? BigInt(Math.round(wholeInNanos)) + BigInt(Math.round(nanos)) < BigInt(0)
      : wholeInNanos < 0
  }
  return false
}

/**
 * Decodes a duration argument: `Duration.decodeUnknown`, except that an input Effect would quietly turn into zero
 * because it is negative or NaN is refused: a number of milliseconds (`-5`, `NaN`), a bigint of nanoseconds
 * (`-5n`), a string (`"-5 millis"`), or a `[seconds, nanos]` pair whose total is negative or that holds NaN or
 * `-Infinity`. `-0` and `"-0 millis"` are zero. A `Duration` is never negative (Effect clamps when making one), and
 * strings Effect cannot parse (`"NaN millis"`, `"soon"`) are refused by Effect itself. `Option.none()` for a bad
 * input.
 *
 * @internal
 */
export const decodeDuration = (input: unknown): Option.Option<Duration.Duration> =>
  clampedByEffect(input) ? Option.none() : Duration.decodeUnknown(input)

/**
 * Decodes a duration argument with {@link decodeDuration}, dying with `fn: argument must be a non-negative
 * duration, got …` when it is not one. Infinite durations pass; see {@link finiteDuration}.
 *
 * @internal
 */
export const duration = (fn: string, argument: string, input: unknown): Effect.Effect<Duration.Duration> =>
  Option.match(decodeDuration(input), {
    onNone: () => illegal(fn, argument, input, "a non-negative duration"),
    onSome: (decoded) => Effect.succeed(decoded)
  })

/**
 * {@link duration}, refusing infinite durations too: `fn: argument must be a finite, non-negative duration, got …`.
 * (Effect v3 never wakes a sleep longer than 2^31 - 1 ms, so an infinite wait stalls whatever waits for it.)
 *
 * @internal
 */
export const finiteDuration = (fn: string, argument: string, input: unknown): Effect.Effect<Duration.Duration> => {
  const decoded = decodeDuration(input)
  return Option.isSome(decoded) && Duration.isFinite(decoded.value)
    ? Effect.succeed(decoded.value)
    : illegal(fn, argument, input, "a finite, non-negative duration")
}
