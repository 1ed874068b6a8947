// Fuzzed arguments: every public constructor that takes numbers or durations, called with anything (NaN, ±Infinity,
// -0, huge, fractional, strings, bigints, pairs, Durations, garbage), never throws; run under VirtualTime with a time
// limit, it either does what its contract says or dies with an IllegalArgumentException whose message is
// `Module.function: argument must be …, got …`, naming a bad argument and its value. Valid sizes are kept small
// (or made harmless with Stream.take) so the file runs in seconds. The clocks' own options are fuzzed by their tests.
import { FileSystem } from "@effect/platform"
import { NodeFileSystem } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import {
  Cause,
  Chunk,
  Duration,
  Effect,
  Either,
  Exit,
  FastCheck as fc,
  Fiber,
  Option,
  Random,
  Runtime,
  Stream
} from "effect"
import {
  asyncComprehension,
  asyncGenerator,
  Completion,
  Countdown,
  Lines,
  measureRuntime,
  measureTime,
  Range,
  taskWaitN,
  taskWaitRandom,
  TestSeed,
  VirtualTime,
  waitN,
  waitRandom
} from "effect-asyncio"
import * as MessageFeed from "effect-asyncio/MessageFeed"

// ---------------------------------------------------------------------------------------------------------------
// Inputs

const specialNumbers = fc.constantFrom(
  NaN,
  Infinity,
  -Infinity,
  -0,
  0,
  1,
  -1,
  0.5,
  1.5,
  -0.001,
  Number.EPSILON,
  Number.MIN_VALUE,
  2 ** 31 - 1,
  2 ** 32 - 1,
  2 ** 32,
  2 ** 53 - 1,
  2 ** 53,
  2 ** 53 + 2,
  1e12,
  -1e12,
  1e21,
  Number.MAX_VALUE
)

/** Any number: the special ones, any double (NaN, ±Infinity and -0 included), any integer, small ones. */
const anyNumber: fc.Arbitrary<number> = fc.oneof(
  specialNumbers,
  fc.double(),
  fc.integer(),
  fc.integer({ min: -3, max: 12 }),
  fc.double({ min: -2, max: 3, noNaN: true })
)

const units = ["nanos", "micros", "millis", "seconds", "minutes", "hours", "days", "weeks"] as const

/** Strings that look like durations (negative, fractional, NaN, huge ones included) and strings that do not. */
const durationString: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(
    fc.oneof(fc.integer({ min: -100, max: 100 }), fc.double({ min: -10, max: 10 }), specialNumbers),
    fc.constantFrom(...units)
  )
    .map(([n, unit]) => `${n} ${unit}`),
  fc.constantFrom("-5 millis", "-0 millis", "-0.0 seconds", "NaN millis", "Infinity seconds", "1 parsec", "soon", ""),
  fc.string()
)

/** Anything at all where a number is expected: mostly numbers, also strings, bigints, pairs, Durations, garbage. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: anyNumber },
  { weight: 1, arbitrary: fc.string() },
  { weight: 1, arbitrary: durationString },
  {
    weight: 1,
    arbitrary: fc.constantFrom<unknown>(
      undefined,
      null,
      true,
      "3",
      "unbounded",
      "inherit",
      BigInt(3),
      BigInt(-3),
      [1, 2],
      {},
      Object.create(null),
      Duration.seconds(1),
      Duration.infinity,
      Symbol("three")
    )
  }
)

/** Anything where a duration is expected. */
const anyDuration: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: anyNumber },
  { weight: 3, arbitrary: durationString },
  { weight: 1, arbitrary: fc.bigInt({ min: BigInt(-1e12), max: BigInt(1e12) }) },
  { weight: 1, arbitrary: fc.tuple(anyNumber, anyNumber) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: -3, max: 3 }), fc.integer({ min: -3e9, max: 3e9 })) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 5000 }).map((ms) => Duration.millis(ms)) },
  { weight: 1, arbitrary: anyValue }
)

// ---------------------------------------------------------------------------------------------------------------
// The contract of each kind of argument (what the TSDoc promises), independent of the implementation

const isSafeInteger = (value: unknown): value is number => typeof value === "number" && Number.isSafeInteger(value)
const MaxArrayLength = 2 ** 32 - 1

/** A number of seconds: not negative, and at most 2^53 - 1 milliseconds (every whole millisecond can be drawn). */
const isSeconds = (value: unknown): value is number =>
  typeof value === "number" && value >= 0 && value * 1000 <= Number.MAX_SAFE_INTEGER

/** A count of things held in one array. */
const isCount = (least: number) => (value: unknown): value is number =>
  isSafeInteger(value) && value >= least && value <= MaxArrayLength

const DurationPattern = /^(-?\d+(?:\.\d+)?)\s+(nanos?|micros?|millis?|seconds?|minutes?|hours?|days?|weeks?)$/

/** A finite, non-negative duration, however written; negative and NaN inputs are refused, not clamped to zero. */
const isFiniteDuration = (value: unknown): value is Duration.DurationInput => {
  if (Duration.isDuration(value)) return Duration.isFinite(value)
  if (typeof value === "number") return Number.isFinite(value) && value >= 0
  if (typeof value === "bigint") return value >= BigInt(0)
  if (typeof value === "string") {
    const match = DurationPattern.exec(value)
    return match !== null && Number(match[1]) >= 0 &&
      Duration.isFinite(Duration.decode(value as Duration.DurationInput))
  }
  if (Array.isArray(value) && value.length === 2 && value.every((part) => typeof part === "number")) {
    // the total in nanoseconds, rounded as Effect rounds it; a pair it cannot total (1e300 seconds) is no duration
    const [seconds, nanos] = value as [number, number]
    const secondsInNanos = seconds * 1e9
    return Number.isFinite(secondsInNanos) && Number.isFinite(nanos) &&
      BigInt(Math.round(secondsInNanos)) + BigInt(Math.round(nanos)) >= BigInt(0)
  }
  return false
}

/** The milliseconds of a valid interval option (1 second when left out or null), 0 for an invalid one. */
const intervalMillis = (interval: unknown): number =>
  interval === undefined || interval === null
    ? 1000
    : isFiniteDuration(interval)
    ? Duration.toMillis(Duration.decode(interval))
    : 0

type Validity = "valid" | "invalid" | "either"

interface Argument {
  /** The argument's name in messages (`n`, `maxDelay`, `count`, `interval`, `concurrency`, …). */
  readonly name: string
  readonly value: unknown
  readonly validity: Validity
}

const argument = (name: string, value: unknown, valid: (value: unknown) => boolean | Validity): Argument => {
  const verdict = valid(value)
  return { name, value, validity: typeof verdict === "string" ? verdict : verdict ? "valid" : "invalid" }
}

/** An optional argument: `undefined` means the default, which is valid. */
const optional = (valid: (value: unknown) => boolean | Validity) => (value: unknown): boolean | Validity =>
  value === undefined || valid(value)

/**
 * An options field: left out (`undefined`) means the default; `null` is outside the types and may be refused or read
 * as the default (`Completion` refuses it, `??` defaults it).
 */
const field = (valid: (value: unknown) => boolean | Validity) => (value: unknown): boolean | Validity =>
  value === undefined || (value === null ? "either" : valid(value))

/** Values of `any` the contract refuses, or valid values that are cheap to run, or small valid ones. */
const forRunning = <A>(
  any: fc.Arbitrary<unknown>,
  valid: (value: unknown) => boolean | Validity,
  small: fc.Arbitrary<A>
): fc.Arbitrary<unknown> => fc.oneof(any.filter((value) => argument("", value, valid).validity !== "valid"), small)

const smallSeconds = fc.oneof(fc.constantFrom(0, -0, 0.001, 0.29, 1, 2.5), fc.double({ min: 0, max: 3, noNaN: true }))
// up to 2^53 - 1 ms harmless however large: the run only sleeps longer, and the time limit cuts it short; beyond, refused
const hugeSeconds = fc.constantFrom(90_000, 1e12, Number.MAX_SAFE_INTEGER / 1000, 2 ** 53, Number.MAX_VALUE)
const smallInterval = fc.oneof(
  fc.integer({ min: 0, max: 2000 }),
  fc.constantFrom("0 millis", "-0 millis", "250 millis", "1 second", "1.5 seconds", "999999 micros", [0, 5e8] as const),
  fc.integer({ min: 0, max: 2000 }).map((ms) => Duration.millis(ms)),
  fc.bigInt({ min: BigInt(0), max: BigInt(2e9) })
)
const hugeInterval = fc.constantFrom<Duration.DurationInput>(1e12, "1000 weeks", Number.MAX_VALUE, [1e9, 0] as const)

// ---------------------------------------------------------------------------------------------------------------
// Running and judging

const Limit = Duration.days(1)

/** Whether a run of (up to) `seconds` may reach the time limit: then hitting it is within the contract. */
const mayOutlast = (seconds: unknown): boolean =>
  typeof seconds === "number" && seconds * 1000 >= Duration.toMillis(Limit)

type Outcome<A> =
  | { readonly _tag: "Success"; readonly value: A; readonly elapsed: Duration.Duration }
  | { readonly _tag: "Illegal"; readonly messages: ReadonlyArray<string> }
  | { readonly _tag: "TimeLimit" }
  | { readonly _tag: "Other"; readonly cause: string }

/** Runs `effect` in virtual time with a one-day limit and a seeded Random (or, not `virtual`, as it is); the outcome. */
const outcome = <A, E, R>(
  effect: Effect.Effect<A, E, R>,
  seed: number,
  virtual = true
): Effect.Effect<Outcome<A>, never, R> =>
  (virtual
    ? VirtualTime.timed(effect, { limit: Limit })
    : Effect.map(effect, (value) => [Duration.zero, value] as const)).pipe(
      Effect.withRandom(Random.make(seed)),
      Effect.exit,
      Effect.map((exit): Outcome<A> => {
        if (Exit.isSuccess(exit)) {
          return { _tag: "Success", value: exit.value[1], elapsed: exit.value[0] }
        }
        const failure = Cause.failureOption(exit.cause)
        if (Option.isSome(failure) && (failure.value as { _tag?: unknown })._tag === "TimeLimitError") {
          return { _tag: "TimeLimit" }
        }
        // only defects, every one an IllegalArgumentException
        const defects = [...Cause.defects(exit.cause)]
        if (
          defects.length > 0 && defects.every((defect) => Cause.isIllegalArgumentException(defect)) &&
          Chunk.isEmpty(Cause.failures(exit.cause)) && !Cause.isInterrupted(exit.cause)
        ) {
          return {
            _tag: "Illegal",
            messages: defects.map((defect) => (defect as Cause.IllegalArgumentException).message)
          }
        }
        return { _tag: "Other", cause: Cause.pretty(exit.cause) }
      })
    )

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

/** How a value typed by a user shows in a message: numbers as JavaScript prints them (-0 signed), strings quoted. */
const shown = (value: unknown): string | undefined =>
  typeof value === "number" ?
    (Object.is(value, -0) ? "-0" : String(value)) :
    typeof value === "string" ?
    JSON.stringify(value) :
    undefined

/**
 * Judges one run of `fn` (`Module.function`) with `args`: with every argument valid it must succeed and pass
 * `contract` (or reach the time limit, when `mayTakeLong`); with any invalid it must die with one
 * IllegalArgumentException naming `fn`, an invalid argument and its value.
 */
const judge = <A>(
  fn: string,
  args: ReadonlyArray<Argument>,
  result: Outcome<A>,
  contract: (value: A, elapsed: Duration.Duration) => void,
  mayTakeLong = false
): void => {
  const context = `${fn}(${
    args.map((arg) => `${arg.name}: ${String(shown(arg.value) ?? typeof arg.value)}`).join(", ")
  })`
  const invalid = args.filter((arg) => arg.validity === "invalid")
  const refusable = args.filter((arg) => arg.validity !== "valid")
  switch (result._tag) {
    case "Success": {
      assert.deepStrictEqual(invalid.map((arg) => arg.name), [], `${context} succeeded with a bad argument`)
      contract(result.value, result.elapsed)
      return
    }
    case "TimeLimit": {
      assert.deepStrictEqual(invalid.map((arg) => arg.name), [], `${context} ran with a bad argument`)
      assert.isTrue(mayTakeLong, `${context} took more than a virtual day`)
      return
    }
    case "Illegal": {
      assert.strictEqual(result.messages.length, 1, `${context} died with more than one defect: ${result.messages}`)
      const message = result.messages[0]!
      const names = refusable.map((arg) => escape(arg.name)).join("|")
      assert.isNotEmpty(refusable, `${context} refused good arguments: ${message}`)
      assert.match(message, new RegExp(`^${escape(fn)}: (options\\.)?(${names}) must be .+, got .+$`), context)
      const named = refusable.find((arg) =>
        new RegExp(`^${escape(fn)}: (options\\.)?${escape(arg.name)} `).test(message)
      )
      const value = named === undefined ? undefined : shown(named.value)
      if (value !== undefined) {
        assert.isTrue(message.endsWith(`, got ${value}`), `${message} should end with the value ${value}`)
      }
      return
    }
    case "Other": {
      assert.fail(`${context} neither succeeded nor died with an IllegalArgumentException:\n${result.cause}`)
    }
  }
}

const seed = fc.integer()
const props = { numRuns: 100 }

/**
 * A property over effects: `it.effect.prop`, but with every sample run in the one test's runtime (TestClock and all).
 * `it.effect.prop` builds the test services afresh for each sample, which costs more than the samples themselves
 * and makes this file several times slower.
 */
const property = <const Ts extends ReadonlyArray<unknown>>(
  name: string,
  arbitraries: { readonly [K in keyof Ts]: fc.Arbitrary<Ts[K]> },
  body: (values: Ts) => Effect.Effect<void, never, FileSystem.FileSystem>,
  parameters: { readonly numRuns: number }
) =>
  it.effect(name, () =>
    Effect.flatMap(Effect.runtime<never>(), (runtime) =>
      Effect.promise(() =>
        fc.assert(
          fc.asyncProperty(
            ...(arbitraries as unknown as [fc.Arbitrary<unknown>]),
            (...values: Array<unknown>) =>
              Runtime.runPromise(runtime)(
                Effect.provide(body(values as unknown as Ts), NodeFileSystem.layer)
              )
          ),
          parameters
        )
      )))

const assertDelays = (delays: ReadonlyArray<number>, n: number, maxDelay: number, elapsed: Duration.Duration) => {
  assert.strictEqual(delays.length, n)
  for (const delay of delays) {
    assert.isTrue(delay >= 0 && delay <= maxDelay, `delay ${delay} outside [0, ${maxDelay}]`)
    assert.strictEqual(delay, Math.round(delay * 1000) / 1000, `delay ${delay} is not whole milliseconds`)
  }
  assert.deepStrictEqual([...delays], [...delays].sort((a, b) => a - b), "delays come back in completion order")
  assert.strictEqual(Duration.toMillis(elapsed), Math.round(Math.max(0, ...delays) * 1000))
}

/** An options object with any of `keys` (or none), or no options at all. */
const options = <T>(keys: { readonly [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<Partial<T> | undefined> =>
  fc.oneof(fc.constant(undefined), fc.record(keys, { requiredKeys: [] }) as fc.Arbitrary<Partial<T>>)

// ---------------------------------------------------------------------------------------------------------------

describe("Arguments", () => {
  it.prop(
    "calling any constructor with anything never throws: bad arguments are defects raised when it runs",
    {
      a: anyValue,
      b: anyValue,
      c: anyValue,
      interval: anyDuration,
      concurrency: anyValue
    },
    ({ a, b, c, concurrency, interval }) => {
      const n = a as number
      const maxDelay = b as number
      const generator = { count: n, interval } as GeneratorOptions
      const calls: ReadonlyArray<() => unknown> = [
        () => waitRandom(maxDelay),
        () => waitN(n, maxDelay),
        () => measureTime(n, maxDelay),
        () => taskWaitRandom(maxDelay),
        () => taskWaitN(n, maxDelay),
        () => asyncGenerator(generator),
        () => asyncComprehension(generator),
        () => measureRuntime(generator),
        () => Range.range(n),
        () => Range.range(n, maxDelay),
        () => Range.range(n, maxDelay, c as number),
        () => Countdown.countdown(n, { interval } as Countdown.CountdownOptions),
        () => MessageFeed.make({ count: n, interval } as MessageFeed.Options),
        () => Completion.all([Effect.void], { concurrency } as never),
        () => Completion.stream([Effect.void], { concurrency } as never),
        () => Lines.readLines("unused", { chunkSize: n, maxLineLength: maxDelay }),
        () => TestSeed.seeded(Effect.void, { seed: n }),
        () => TestSeed.resolve({ seed: n })
      ]
      for (const call of calls) {
        assert.doesNotThrow(call)
      }
    },
    { fastCheck: { numRuns: 200 } }
  )

  describe("Wait", () => {
    property(
      "waitRandom - a delay in [0, maxDelay], slept exactly, or a defect naming maxDelay",
      [forRunning(anyValue, optional(isSeconds), fc.oneof(smallSeconds, hugeSeconds, fc.constant(undefined))), seed],
      ([maxDelay, seed]) =>
        Effect.gen(function*() {
          const result = yield* outcome(waitRandom(maxDelay as number), seed)
          const bound = maxDelay === undefined ? 10 : maxDelay
          judge("Wait.waitRandom", [argument("maxDelay", maxDelay, optional(isSeconds))], result, (delay, elapsed) => {
            assertDelays([delay], 1, bound as number, elapsed)
          }, mayOutlast(bound))
        }),
      props
    )

    property(
      "waitN - n delays in [0, maxDelay] in completion order, or a defect naming n or maxDelay",
      [
        forRunning(anyValue, isCount(0), fc.integer({ min: 0, max: 6 })),
        forRunning(anyValue, isSeconds, fc.oneof(smallSeconds, hugeSeconds)),
        seed
      ],
      ([n, maxDelay, seed]) =>
        Effect.gen(function*() {
          const result = yield* outcome(waitN(n as number, maxDelay as number), seed)
          judge(
            "Wait.waitN",
            [argument("n", n, isCount(0)), argument("maxDelay", maxDelay, isSeconds)],
            result,
            (delays, elapsed) => assertDelays(delays, n as number, maxDelay as number, elapsed),
            mayOutlast(maxDelay)
          )
        }),
      props
    )

    property(
      "measureTime - the elapsed time of waitN over n, at most maxDelay / n, or a defect naming n or maxDelay",
      [
        forRunning(anyValue, isCount(1), fc.integer({ min: 1, max: 6 })),
        forRunning(anyValue, isSeconds, fc.oneof(smallSeconds, hugeSeconds)),
        seed
      ],
      ([n, maxDelay, seed]) =>
        Effect.gen(function*() {
          const result = yield* outcome(measureTime(n as number, maxDelay as number), seed)
          judge(
            "Wait.measureTime",
            [argument("n", n, isCount(1)), argument("maxDelay", maxDelay, isSeconds)],
            result,
            (perWait, elapsed) => {
              assert.isTrue(perWait >= 0 && perWait <= (maxDelay as number) / (n as number) + 1e-9)
              assert.closeTo(perWait, Duration.toSeconds(elapsed) / (n as number), 1e-9)
            },
            mayOutlast(maxDelay)
          )
        }),
      props
    )
  })

  describe("Task", () => {
    property(
      "taskWaitRandom - a fiber whose delay is in [0, maxDelay], or a defect naming maxDelay",
      [forRunning(anyValue, isSeconds, fc.oneof(smallSeconds, hugeSeconds)), seed],
      ([maxDelay, seed]) =>
        Effect.gen(function*() {
          const result = yield* outcome(
            Effect.flatMap(taskWaitRandom(maxDelay as number), (task) => Fiber.join(task)),
            seed
          )
          judge("Task.taskWaitRandom", [argument("maxDelay", maxDelay, isSeconds)], result, (delay, elapsed) => {
            assertDelays([delay], 1, maxDelay as number, elapsed)
          }, mayOutlast(maxDelay))
        }),
      props
    )

    property(
      "taskWaitN - n delays in [0, maxDelay] in completion order, or a defect naming n or maxDelay",
      [
        forRunning(anyValue, isCount(0), fc.integer({ min: 0, max: 6 })),
        forRunning(anyValue, isSeconds, fc.oneof(smallSeconds, hugeSeconds)),
        seed
      ],
      ([n, maxDelay, seed]) =>
        Effect.gen(function*() {
          const result = yield* outcome(taskWaitN(n as number, maxDelay as number), seed)
          judge(
            "Task.taskWaitN",
            [argument("n", n, isCount(0)), argument("maxDelay", maxDelay, isSeconds)],
            result,
            (delays, elapsed) => assertDelays(delays, n as number, maxDelay as number, elapsed),
            mayOutlast(maxDelay)
          )
        }),
      props
    )
  })

  describe("Comprehension", () => {
    const generatorOptions = options({
      count: forRunning(anyValue, isCount(0), fc.integer({ min: 0, max: 5 })),
      interval: forRunning(anyDuration, isFiniteDuration, fc.oneof(smallInterval, hugeInterval))
    }) as fc.Arbitrary<GeneratorOptions | undefined> // deliberately anything, typed as the options
    const generatorArguments = (options: GeneratorOptions | undefined): ReadonlyArray<Argument> => [
      argument("count", options?.count, field(isCount(0))),
      argument("interval", options?.interval, field(isFiniteDuration))
    ]
    const expected = (options: GeneratorOptions | undefined) => {
      const count = options?.count === undefined || options.count === null
        ? 10
        : isCount(0)(options.count)
        ? options.count
        : 0
      const intervalMs = intervalMillis(options?.interval)
      return { count, elapsedMs: count * intervalMs, mayTakeLong: mayOutlast((count * intervalMs) / 1000) }
    }
    const assertNumbers = (numbers: ReadonlyArray<number>, count: number) => {
      assert.strictEqual(numbers.length, count)
      assert.isTrue(numbers.every((x) => x >= 0 && x < 10), `${numbers} outside [0, 10)`)
    }

    property(
      "asyncGenerator - count numbers in [0, 10), one an interval, or a defect naming count or interval",
      [generatorOptions, seed],
      ([options, seed]) =>
        Effect.gen(function*() {
          const want = expected(options)
          const result = yield* outcome(Stream.runCollect(asyncGenerator(options)), seed)
          judge("Comprehension.asyncGenerator", generatorArguments(options), result, (numbers, elapsed) => {
            assertNumbers(Chunk.toArray(numbers), want.count)
            assert.closeTo(Duration.toMillis(elapsed), want.elapsedMs, 1e-6 * want.elapsedMs + 1e-6)
          }, want.mayTakeLong)
        }),
      props
    )

    property(
      "asyncComprehension - the generator's numbers as an array, or a defect naming count or interval",
      [generatorOptions, seed],
      ([options, seed]) =>
        Effect.gen(function*() {
          const want = expected(options)
          const result = yield* outcome(asyncComprehension(options), seed)
          judge("Comprehension.asyncComprehension", generatorArguments(options), result, (numbers) => {
            assertNumbers(numbers, want.count)
          }, want.mayTakeLong)
        }),
      props
    )

    property(
      "measureRuntime - four comprehensions at once take count intervals, or a defect naming count or interval",
      [generatorOptions, seed],
      ([options, seed]) =>
        Effect.gen(function*() {
          const want = expected(options)
          const result = yield* outcome(measureRuntime(options), seed)
          judge("Comprehension.measureRuntime", generatorArguments(options), result, (seconds, elapsed) => {
            assert.closeTo(seconds * 1000, want.elapsedMs, 1e-6 * want.elapsedMs + 1e-6)
            assert.closeTo(Duration.toMillis(elapsed), want.elapsedMs, 1e-6 * want.elapsedMs + 1e-6)
          }, want.mayTakeLong)
        }),
      props
    )
  })

  describe("streams", () => {
    property(
      "Range.range - Python's range (the first five numbers), or a defect naming start, stop or step",
      [fc.oneof(fc.tuple(anyValue), fc.tuple(anyValue, anyValue), fc.tuple(anyValue, anyValue, anyValue)), seed],
      ([args, seed]) =>
        Effect.gen(function*() {
          const [start, stop, step] = args.length === 1 ? [0, args[0], 1] : [args[0], args[1], args[2] ?? 1]
          const stream = (Range.range as (...args: ReadonlyArray<unknown>) => Stream.Stream<number>)(...args)
          const result = yield* outcome(Stream.runCollect(Stream.take(stream, 5)), seed)
          const named: ReadonlyArray<Argument> = [
            argument("start", start, isSafeInteger),
            argument("stop", stop, isSafeInteger),
            argument("step", step, (value) => isSafeInteger(value) && value !== 0)
          ]
          judge("Range.range", named, result, (numbers) => {
            const reference: Array<number> = []
            const [from, to, by] = [start, stop, step] as [number, number, number]
            for (let x = from; reference.length < 5 && (by > 0 ? x < to : x > to); x += by) {
              reference.push(x === 0 ? 0 : x) // integers have no -0: range(-0, 1) is [0]
            }
            assert.deepStrictEqual(Chunk.toArray(numbers), reference)
          })
        }),
      { numRuns: 200 }
    )

    property(
      "Countdown.countdown - from, from - 1, … one an interval (the first three), or a defect naming from or interval",
      [
        fc.oneof(anyValue, fc.integer({ min: 0, max: 5 })),
        forRunning(
          anyDuration,
          field(isFiniteDuration),
          fc.oneof(smallInterval, hugeInterval, fc.constant(undefined))
        ),
        seed
      ],
      ([from, interval, seed]) =>
        Effect.gen(function*() {
          const stream = Countdown.countdown(from as number, { interval } as Countdown.CountdownOptions)
          const result = yield* outcome(Stream.runCollect(Stream.take(stream, 3)), seed)
          const intervalMs = intervalMillis(interval)
          const numbers = isSafeInteger(from) ? Math.min(3, Math.max(0, from)) : 0
          judge(
            "Countdown.countdown",
            [
              argument("from", from, (value) => isSafeInteger(value) && value >= 0),
              argument("interval", interval, field(isFiniteDuration))
            ],
            result,
            (values, elapsed) => {
              assert.deepStrictEqual(
                Chunk.toArray(values),
                Array.from({ length: numbers }, (_, i) => (from as number) - i)
              )
              assert.closeTo(Duration.toMillis(elapsed), numbers * intervalMs, 1e-6 * numbers * intervalMs + 1e-6)
            },
            mayOutlast((3 * intervalMs) / 1000)
          )
        }),
      props
    )

    property(
      "MessageFeed.make - messages 1, 2, 3 … one an interval (the first three), or a defect naming count or interval",
      [
        options({
          count: fc.oneof(anyValue, fc.integer({ min: 0, max: 5 })),
          interval: forRunning(anyDuration, isFiniteDuration, fc.oneof(smallInterval, hugeInterval))
        }),
        seed
      ],
      ([options, seed]) =>
        Effect.gen(function*() {
          const feed = MessageFeed.make(options as MessageFeed.Options)
          const result = yield* outcome(Stream.runCollect(Stream.take(feed, 3)), seed)
          const count = options?.count
          const intervalMs = intervalMillis(options?.interval)
          const messages = count === undefined || count === null
            ? 3
            : isSafeInteger(count)
            ? Math.min(3, Math.max(0, count))
            : 0
          // a count beyond the largest array length: the feed may refuse it or count that far, one at a time
          const validCount = (value: unknown): boolean | Validity =>
            isCount(0)(value) ? "valid" : isSafeInteger(value) && value > 0 ? "either" : "invalid"
          judge(
            "MessageFeed.make",
            [
              argument("count", count, field(validCount)),
              argument("interval", options?.interval, field(isFiniteDuration))
            ],
            result,
            (received, elapsed) => {
              const values = Chunk.toArray(received)
              assert.deepStrictEqual(
                values.map((message) => message.id),
                Array.from({ length: messages }, (_, i) => i + 1)
              )
              assert.closeTo(Duration.toMillis(elapsed), messages * intervalMs, 1e-6 * messages * intervalMs + 1e-6)
            },
            mayOutlast((3 * intervalMs) / 1000)
          )
        }),
      props
    )
  })

  describe("Completion", () => {
    // three waits of 30, 10 and 20 ms: by completion, b c a
    const waits = () => [
      Effect.as(Effect.sleep("30 millis"), "a"),
      Effect.as(Effect.sleep("10 millis"), "b"),
      Effect.as(Effect.sleep("20 millis"), "c")
    ]
    // any concurrency is cheap to run: there are only three effects
    const concurrency = fc.oneof(
      anyValue,
      fc.integer({ min: 1, max: 4 }),
      fc.constantFrom(2 ** 40, Number.MAX_SAFE_INTEGER, "unbounded", "inherit", undefined)
    )
    const isConcurrency = (value: unknown): boolean =>
      value === undefined || value === "unbounded" || value === "inherit" || (isSafeInteger(value) && value > 0)
    const assertCompletionOrder = (
      results: ReadonlyArray<string>,
      concurrency: unknown,
      elapsed: Duration.Duration
    ) => {
      assert.deepStrictEqual([...results].sort(), ["a", "b", "c"])
      if (concurrency === 1) {
        assert.deepStrictEqual(results, ["a", "b", "c"])
        assert.strictEqual(Duration.toMillis(elapsed), 60)
      } else if (concurrency !== 2) {
        assert.deepStrictEqual(results, ["b", "c", "a"])
        assert.strictEqual(Duration.toMillis(elapsed), 30)
      } else {
        assert.strictEqual(Duration.toMillis(elapsed), 30)
      }
    }

    property(
      "Completion.all - results in completion order within the limit, or a defect naming concurrency",
      [concurrency, seed],
      ([concurrency, seed]) =>
        Effect.gen(function*() {
          const result = yield* outcome(Completion.all(waits(), { concurrency } as never), seed)
          judge(
            "Completion.all",
            [argument("concurrency", concurrency, isConcurrency)],
            result,
            (results, elapsed) => assertCompletionOrder(results, concurrency, elapsed)
          )
        }),
      props
    )

    property(
      "Completion.stream - results in completion order within the limit, or a defect naming concurrency",
      [concurrency, seed],
      ([concurrency, seed]) =>
        Effect.gen(function*() {
          const stream = Completion.stream(waits(), { concurrency } as never)
          const result = yield* outcome(Stream.runCollect(stream), seed)
          judge(
            "Completion.stream",
            [argument("concurrency", concurrency, isConcurrency)],
            result,
            (results, elapsed) => assertCompletionOrder(Chunk.toArray(results), concurrency, elapsed)
          )
        }),
      props
    )
  })

  describe("Lines and TestSeed", () => {
    const text = ["alpha", "beta", "g".repeat(30), "", "delta"]
    const isMaxLineLength = (value: unknown): boolean => isCount(1)(value) && (value as number) <= 2 ** 29 - 24

    property(
      "Lines.readLines - the lines, up to one longer than maxLineLength, or a defect naming chunkSize or maxLineLength",
      [
        options({
          chunkSize: forRunning(anyValue, isCount(1), fc.integer({ min: 1, max: 64 })),
          maxLineLength: forRunning(
            anyValue,
            isMaxLineLength,
            fc.oneof(fc.integer({ min: 1, max: 40 }), fc.constant(2 ** 29 - 24))
          )
        })
      ],
      ([options]) =>
        Effect.gen(function*() {
          const fs = yield* FileSystem.FileSystem
          const dir = yield* fs.makeTempDirectoryScoped({ prefix: "arguments-test-" })
          const path = `${dir}/lines.txt`
          yield* fs.writeFileString(path, text.join("\n"))
          const stream = Lines.readLines(path, options as Lines.ReadLinesOptions)
          // real file I/O, no sleeps: run as it is (virtual time cannot see I/O in flight)
          const result = yield* outcome(Stream.runCollect(Stream.either(stream)), 0, false)
          const limit = options?.maxLineLength ?? Lines.DefaultMaxLineLength
          judge(
            "Lines.readLines",
            [
              argument("chunkSize", options?.chunkSize, field(isCount(1))),
              argument("maxLineLength", options?.maxLineLength, field(isMaxLineLength))
            ],
            result,
            (lines) => {
              const long = text.findIndex((line) => line.length > (limit as number))
              const expected = long === -1 ? text : text.slice(0, long)
              assert.deepStrictEqual(
                Chunk.toArray(lines),
                [
                  ...expected.map((line) => Either.right(line)),
                  ...(long === -1
                    ? []
                    : [
                      Either.left(new Lines.LineTooLongError({ path, line: long + 1, maxLineLength: limit as number }))
                    ])
                ]
              )
            }
          )
        }).pipe(Effect.scoped, Effect.orDie),
      props
    )

    property(
      "TestSeed.seeded - any safe integer seeds Random, or a defect naming seed",
      [fc.oneof(anyValue, fc.integer())],
      ([seedValue]) =>
        Effect.gen(function*() {
          const draw = TestSeed.seeded(Effect.zip(TestSeed.current, Random.nextInt), { seed: seedValue as number })
          const result = yield* outcome(draw, 0)
          judge(
            "TestSeed.seeded",
            [argument("seed", seedValue, (value) => value === undefined || isSafeInteger(value))],
            result,
            ([current, value]) => {
              if (seedValue !== undefined) {
                assert.deepStrictEqual(current, Option.some(seedValue))
              }
              assert.isTrue(Number.isSafeInteger(value))
            }
          )
        }),
      props
    )
  })
})

type GeneratorOptions = NonNullable<Parameters<typeof asyncGenerator>[0]>
