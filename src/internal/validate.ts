/**
 * Argument checks shared by the public modules. Each check returns `undefined` when the argument is fine, or an
 * effect that dies with an `IllegalArgumentError` whose message names the function, the argument and the value:
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
): Cause.IllegalArgumentError =>
  new Cause.IllegalArgumentError(`${fn}: ${argument} must be ${expected}, got ${show(value)}`)

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

// The number part of a duration string, as Effect's decoder reads it (`Duration.fromInput`).
const DurationString = /^(-?\d+(?:\.\d+)?)\s+(nanos?|micros?|millis?|seconds?|minutes?|hours?|days?|weeks?)$/

// Whether a number, bigint or string `input` is below zero, however little: Effect rounds `-5e-324` milliseconds and
// `"-0.0000001 millis"` to zero nanoseconds, but what was asked for is negative.
const below = (input: unknown): boolean =>
  typeof input === "number"
    ? input < 0
    : typeof input === "bigint"
    ? input < 0n
    : typeof input === "string" && Number(DurationString.exec(input)?.[1]) < 0

// Whether `input` holds a NaN that Effect would quietly read as zero: a number, or a part of a `[seconds, nanos]`
// pair or of a `{ hours, minutes, … }` object. (Effect 4 keeps negative durations, `-Infinity` too, as they are.)
const holdsNaN = (input: unknown): boolean =>
  typeof input === "number"
    ? Number.isNaN(input)
    : typeof input === "object" && input !== null && !Duration.isDuration(input) &&
      Object.values(input).some((part) => typeof part === "number" && Number.isNaN(part))

// The milliseconds of each field of a `{ hours, minutes, … }` duration object.
const DurationObjectMillis: Readonly<Record<string, number>> = {
  weeks: 604_800_000,
  days: 86_400_000,
  hours: 3_600_000,
  minutes: 60_000,
  seconds: 1000,
  milliseconds: 1,
  microseconds: 1e-3,
  nanoseconds: 1e-6
}

// The total of a `{ hours, minutes, … }` object in milliseconds, or `undefined` when `input` is an object that
// Effect would read as one although it is none: an instance of another class (a `Date`), or a key Effect ignores
// (`{ parsecs: 3 }` reads as zero), or a part that is not a number (`{ seconds: "1" }`).
const objectMillis = (input: object): number | undefined => {
  const prototype: unknown = Object.getPrototypeOf(input)
  if (prototype !== Object.prototype && prototype !== null) {
    return undefined
  }
  let total = 0
  for (const [key, part] of Object.entries(input)) {
    const unit = DurationObjectMillis[key]
    if (unit === undefined || (part !== undefined && typeof part !== "number")) {
      return undefined
    }
    total += part === undefined ? 0 : part * unit
  }
  return total
}

// Whether `input` is a `{ hours, minutes, … }` object that is no duration, or whose total is below zero, however
// little (as `below` for the other forms).
const isBadObject = (input: unknown): boolean => {
  if (typeof input !== "object" || input === null || Array.isArray(input) || Duration.isDuration(input)) {
    return false
  }
  const millis = objectMillis(input)
  return millis === undefined || millis < 0
}

/**
 * Decodes a duration argument: `Duration.fromInput`, except that a negative duration (`-5`, `-5e-324`, `-5n`,
 * `"-5 millis"`, `"-Infinity"`, a `[seconds, nanos]` pair or a `{ seconds: -5e-324 }` object whose total is negative)
 * and NaN (which Effect would quietly read as
 * zero) are refused. `-0` and `"-0 millis"` are zero. Strings Effect cannot parse (`"NaN millis"`, `"soon"`) and
 * values of no duration type are refused too, objects included unless they are plain `{ hours, minutes, … }` objects
 * of numbers (an empty one is zero). `Option.none()` for a bad input.
 *
 * @internal
 */
export const decodeDuration = (input: unknown): Option.Option<Duration.Duration> => {
  if (holdsNaN(input) || below(input) || isBadObject(input)) {
    return Option.none()
  }
  const decoded = Duration.fromInput(input as Duration.Input)
  return Option.isSome(decoded) && Duration.isNegative(decoded.value) ? Option.none() : decoded
}

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
 * (An infinite interval or idle threshold would stall whatever waits for it.)
 *
 * @internal
 */
export const finiteDuration = (fn: string, argument: string, input: unknown): Effect.Effect<Duration.Duration> => {
  const decoded = decodeDuration(input)
  return Option.isSome(decoded) && Duration.isFinite(decoded.value)
    ? Effect.succeed(decoded.value)
    : illegal(fn, argument, input, "a finite, non-negative duration")
}
