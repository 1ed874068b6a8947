/**
 * The options of both clocks, for any input a caller can pass: building the effect or layer never throws, and running
 * it either works as the option's contract says or dies with an `IllegalArgumentException` that names the function,
 * the option and the value.
 */
import { assert, describe, it } from "@effect/vitest"
import { Cause, Clock, Duration, Effect, Exit, FastCheck, Option } from "effect"
import { LiveClock, VirtualTime } from "effect-asyncio"
import * as validate from "../src/internal/validate.js"

/** Whether an input is a valid duration option: the contract, written out independently of the code under test. */
type Verdict = "valid" | "invalid" | "either"

const durationRegex = /^(-?\d+(?:\.\d+)?)\s+(nanos?|micros?|millis?|seconds?|minutes?|hours?|days?|weeks?)$/

/**
 * What a duration option must make of `input`: what Effect's `Duration` can read, except the negative and NaN inputs
 * that Effect would quietly read as zero.
 */
const durationVerdict = (input: unknown): Verdict => {
  if (input === undefined) {
    return "valid" // the option's default
  }
  if (Option.isNone(Duration.decodeUnknown(input))) {
    return "invalid"
  }
  if (typeof input === "number") {
    return input >= 0 ? "valid" : "invalid" // NaN and negatives, -Infinity included
  }
  if (typeof input === "bigint") {
    return input >= 0n ? "valid" : "invalid"
  }
  if (typeof input === "string") {
    return Number(durationRegex.exec(input)?.[1]) >= 0 ? "valid" : "invalid" // "-0 millis" is zero
  }
  if (Array.isArray(input)) {
    // [seconds, nanos]: NaN or -Infinity is refused, so is a negative total (whose arithmetic we leave to validate)
    const parts = input as ReadonlyArray<number>
    return parts.some((part) => Number.isNaN(part) || part === -Infinity)
      ? "invalid"
      : parts.every((part) => part >= 0)
      ? "valid"
      : "either"
  }
  return "valid" // a Duration, never negative
}

/** The verdict for an option that takes `Duration.infinity` (`infinite`) or not. */
const verdict = (input: unknown, infinite: boolean): Verdict => {
  const plain = durationVerdict(input)
  if (plain !== "valid" || infinite || input === undefined) {
    return plain
  }
  return Duration.isFinite(Duration.decode(input as Duration.DurationInput)) ? "valid" : "invalid"
}

// every kind of value a caller (typed or not) can pass as an option
const anyInput: FastCheck.Arbitrary<unknown> = FastCheck.oneof(
  FastCheck.double(),
  FastCheck.constantFrom(NaN, Infinity, -Infinity, -5, -0, 0, 1, 2 ** 31, 1e300, Number.MAX_VALUE, Number.MIN_VALUE),
  FastCheck.integer({ min: -100_000, max: 100_000 }),
  FastCheck.bigInt({ min: -(10n ** 22n), max: 10n ** 22n }),
  FastCheck.constantFrom(
    "-5 millis",
    "abc",
    "5 parsecs",
    "",
    "0 millis",
    "-0 millis",
    "1 second",
    "1.5 seconds",
    "-1.5 seconds",
    "100 years",
    "1000 weeks",
    "NaN millis",
    "Infinity millis",
    "9".repeat(400) + " weeks"
  ),
  FastCheck.tuple(
    FastCheck.integer({ min: -1000, max: 100_000 }),
    FastCheck.constantFrom("nanos", "micros", "millis", "seconds", "minutes", "hours", "days", "weeks")
  ).map(([value, unit]) => `${value} ${unit}`),
  FastCheck.string(),
  FastCheck.constantFrom(
    Duration.zero,
    Duration.nanos(1n),
    Duration.millis(5),
    Duration.seconds(1),
    Duration.days(400),
    Duration.infinity
  ),
  FastCheck.tuple(FastCheck.double(), FastCheck.double()),
  FastCheck.constantFrom(null, undefined, true, {}, [], [1], () => 1)
)

/** How a run ended: as the contract says, or with the defect for a bad option (its message). */
const defectOf = <A, E>(exit: Exit.Exit<A, E>): string | undefined => {
  if (Exit.isSuccess(exit)) {
    return undefined
  }
  const defect = Cause.dieOption(exit.cause)
  return Option.isSome(defect) && defect.value instanceof Cause.IllegalArgumentException
    ? defect.value.message
    : undefined
}

/** Checks one run: a valid input ran as `contract` says; an invalid one died naming fn, option and value. */
const check = <A, E>(
  exit: Exit.Exit<A, E>,
  options: {
    readonly fn: string
    readonly option: string
    readonly input: unknown
    readonly expected: string
    readonly verdict: Verdict
    readonly contract: (exit: Exit.Exit<A, E>) => void
  }
): void => {
  const message = defectOf(exit)
  if (message === undefined) {
    assert.notStrictEqual(options.verdict, "invalid", `${options.fn} accepted ${validate.show(options.input)}`)
    options.contract(exit)
  } else {
    assert.notStrictEqual(options.verdict, "valid", message)
    assert.strictEqual(
      message,
      `${options.fn}: ${options.option} must be ${options.expected}, got ${validate.show(options.input)}`
    )
  }
}

const virtualRunners = {
  "VirtualTime.run": <A, E, R>(self: Effect.Effect<A, E, R>, options: VirtualTime.Options) =>
    VirtualTime.run(self, options),
  "VirtualTime.timed": <A, E, R>(self: Effect.Effect<A, E, R>, options: VirtualTime.Options) =>
    Effect.map(VirtualTime.timed(self, options), ([, value]) => value)
} as const

const liveRunners = {
  "LiveClock.provide": <A, E, R>(self: Effect.Effect<A, E, R>, options: LiveClock.Options) =>
    LiveClock.provide(self, options),
  "LiveClock.layer": <A, E, R>(self: Effect.Effect<A, E, R>, options: LiveClock.Options) =>
    Effect.provide(self, LiveClock.layer(options))
} as const

const virtualFn = FastCheck.constantFrom(...Object.keys(virtualRunners) as Array<keyof typeof virtualRunners>)
const liveFn = FastCheck.constantFrom(...Object.keys(liveRunners) as Array<keyof typeof liveRunners>)

describe("clock options", () => {
  it.prop("building a run or a layer never throws, whatever the options", [anyInput, anyInput], ([a, b]) => {
    const limit = a as Duration.DurationInput
    const idle = b as Duration.DurationInput
    VirtualTime.run(Effect.void, { limit, idle })
    VirtualTime.timed(Effect.void, { limit, idle })
    VirtualTime.run({ limit, idle })
    VirtualTime.timed({ limit, idle })
    LiveClock.provide(Effect.void, { rate: a as number, maxDeferral: idle })
    LiveClock.provide({ rate: a as number, maxDeferral: idle })
    LiveClock.layer({ rate: a as number, maxDeferral: idle })
  })

  describe("VirtualTime", () => {
    it.effect.prop(
      "limit: any non-negative duration (infinite: no limit) bounds the run; anything else is a defect",
      [virtualFn, anyInput],
      ([fn, input]) =>
        Effect.gen(function*() {
          const exit = yield* Effect.exit(
            virtualRunners[fn](Effect.sleep("1 second"), { limit: input as Duration.DurationInput })
          )
          check(exit, {
            fn,
            option: "limit",
            input,
            expected: "a non-negative duration",
            verdict: verdict(input, true),
            contract: (exit) => {
              const limit = input === undefined ? Duration.infinity : Duration.decode(input as Duration.DurationInput)
              if (Duration.greaterThanOrEqualTo(limit, Duration.seconds(1))) {
                assert.isTrue(Exit.isSuccess(exit))
              } else {
                const error = Exit.isFailure(exit) ? Cause.failureOption(exit.cause) : Option.none()
                assert.isTrue(Option.isSome(error) && error.value._tag === "TimeLimitError")
                if (Option.isSome(error) && error.value._tag === "TimeLimitError") {
                  assert.strictEqual(Duration.unsafeToNanos(error.value.at), Duration.unsafeToNanos(limit))
                  assert.isTrue(Duration.equals(error.value.limit, limit))
                }
              }
            }
          })
        })
    )

    it.effect.prop(
      "idle: any finite, non-negative duration is accepted; anything else is a defect",
      [virtualFn, anyInput],
      ([fn, input]) =>
        Effect.gen(function*() {
          const exit = yield* Effect.exit(virtualRunners[fn](Effect.succeed("done"), {
            idle: input as Duration.DurationInput
          }))
          check(exit, {
            fn,
            option: "idle",
            input,
            expected: "a finite, non-negative duration",
            verdict: verdict(input, false),
            contract: (exit) => assert.deepStrictEqual(exit, Exit.succeed("done"))
          })
        })
    )
  })

  describe("LiveClock", () => {
    // a sleep of zero waits for the runtime's next pause on the live clock: it works at any rate and deferral
    const program = Effect.zipRight(Effect.sleep(0), Clock.currentTimeNanos)

    it.effect.prop(
      "rate: any finite, positive number runs the program; anything else is a defect",
      [liveFn, FastCheck.oneof(FastCheck.double(), anyInput)],
      ([fn, input]) =>
        Effect.gen(function*() {
          const exit = yield* Effect.exit(liveRunners[fn](program, { rate: input as number }))
          check(exit, {
            fn,
            option: "rate",
            input,
            expected: "a finite, positive number",
            verdict: input === undefined || (typeof input === "number" && Number.isFinite(input) && input > 0)
              ? "valid"
              : "invalid",
            contract: (exit) => assert.isTrue(Exit.isSuccess(exit) && exit.value > 0n)
          })
        })
    )

    it.effect.prop(
      "maxDeferral: any non-negative duration (infinite: until the runtime pauses) runs the program; anything else is a defect",
      [liveFn, anyInput],
      ([fn, input]) =>
        Effect.gen(function*() {
          const exit = yield* Effect.exit(
            liveRunners[fn](program, { maxDeferral: input as Duration.DurationInput })
          )
          check(exit, {
            fn,
            option: "maxDeferral",
            input,
            expected: "a non-negative duration",
            verdict: verdict(input, true),
            contract: (exit) => assert.isTrue(Exit.isSuccess(exit) && exit.value > 0n)
          })
        })
    )
  })

  describe("negative durations, as numbers or as strings", () => {
    it.effect("are refused by every clock option alike", () =>
      Effect.gen(function*() {
        for (const input of [-5, "-5 millis"] as const) {
          const shown = validate.show(input)
          const limit = yield* Effect.exit(VirtualTime.run(Effect.void, { limit: input }))
          assert.strictEqual(defectOf(limit), `VirtualTime.run: limit must be a non-negative duration, got ${shown}`)
          const idle = yield* Effect.exit(VirtualTime.timed(Effect.void, { idle: input }))
          assert.strictEqual(
            defectOf(idle),
            `VirtualTime.timed: idle must be a finite, non-negative duration, got ${shown}`
          )
          const deferral = yield* Effect.exit(Effect.void.pipe(LiveClock.provide({ maxDeferral: input })))
          assert.strictEqual(
            defectOf(deferral),
            `LiveClock.provide: maxDeferral must be a non-negative duration, got ${shown}`
          )
        }
      }))
  })
})
