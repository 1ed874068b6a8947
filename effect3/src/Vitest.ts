/**
 * The test helpers' entry, `effect-asyncio/vitest`: everything `@effect/vitest` offers, and two testers that run a
 * test body on auto-advancing virtual time with one replayable seed, and say how to replay a failure and what
 * happened up to it.
 *
 * - `it.virtual(name, (ctx) => effect, options?)` runs the body once, under `VirtualTime.run`, with `Random` seeded
 *   by `TestSeed` (a fresh seed per test, unless `options.seed` or `EFFECT_ASYNCIO_SEED` fixes it).
 * - `it.explore(name, (ctx) => effect, { runs, seed? })` runs the body under `runs` different schedules, and fails
 *   with the first schedule that fails.
 *
 * When a body fails, dies, deadlocks or runs past its `limit`, the test's error keeps the failure's own message (and
 * its diff) and adds the seed, the command that replays exactly this failure, and a chart of the test's spans
 * (`Timeline.label`, `Effect.withSpan`, `Effect.fn`) up to it:
 *
 * ```text
 * AssertionError: expected 3 to equal 4
 *
 * it.virtual: seed 736151392, failed at 1s 600ms of virtual time
 * replay: EFFECT_ASYNCIO_SEED=736151392 npx vitest run test/retry.test.ts -t "^retry recovers$"
 * timeline up to the failure:
 *         0                   500ms                1s                   1.5s
 *         ├───────────────────┼────────────────────┼────────────────────┼───┤
 * attempt ██✗       ▓▓✗                ██✗                                ▓▓▓ 1.6s
 * ```
 *
 * The replay command names the test's file and its full name (anchored, so that it runs this test alone); add the
 * flags you run vitest with (`--config`, `--project`) if you need them. This entry is the only part of the package
 * that loads `vitest` and `@effect/vitest`: the library entry never does.
 *
 * @since 0.1.0
 */
import * as EffectVitest from "@effect/vitest"
import * as Arbitrary from "effect/Arbitrary"
import * as Cause from "effect/Cause"
import * as Config from "effect/Config"
import * as Console from "effect/Console"
import * as Data from "effect/Data"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FastCheck from "effect/FastCheck"
import * as Fiber from "effect/Fiber"
import { constVoid } from "effect/Function"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as Option from "effect/Option"
import * as Random from "effect/Random"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as TestContext from "effect/TestContext"
import type * as TestServices from "effect/TestServices"
import * as V from "vitest"
import * as Schedule from "./internal/schedule.js"
import * as validate from "./internal/validate.js"
import * as TestSeed from "./TestSeed.js"
import * as Timeline from "./Timeline.js"
import * as VirtualTime from "./VirtualTime.js"

/**
 * Everything `@effect/vitest` exports (and, through it, `vitest`): `describe`, `expect`, `assert`, `layer`,
 * `flakyTest`, `addEqualityTesters`, …; its `it` is extended by {@link it}.
 *
 * @since 0.1.0
 */
export * from "@effect/vitest"

// -------------------------------------------------------------------------------------------------------------------
// models
// -------------------------------------------------------------------------------------------------------------------

/**
 * The services a body of `it.virtual` or `it.explore` may use: `@effect/vitest`'s test services, as in `it.effect`,
 * and a `Scope` closed when the body ends, still on virtual time.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import type { VirtualEnvironment } from "effect-asyncio/vitest"
 *
 * const body: Effect.Effect<void, never, VirtualEnvironment> = Effect.addFinalizer(() => Effect.log("closed"))
 * console.log(Effect.isEffect(body)) // true
 * ```
 */
export type VirtualEnvironment = TestServices.TestServices | Scope.Scope

/**
 * Options of `it.virtual`.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { VirtualOptions } from "effect-asyncio/vitest"
 *
 * const options: VirtualOptions = { seed: 42, limit: "1 hour", timeout: 10_000 }
 * console.log(options.seed) // 42
 * ```
 */
export interface VirtualOptions {
  /** The seed of `Random` for the whole body (a safe integer); by default `EFFECT_ASYNCIO_SEED`, else a fresh one. */
  readonly seed?: number | undefined
  /** The most virtual time the body may take (`VirtualTime.Options.limit`); none by default. */
  readonly limit?: Duration.DurationInput | undefined
  /** Real time Effect must be quiet before time jumps (`VirtualTime.Options.idle`); 0 by default. */
  readonly idle?: Duration.DurationInput | undefined
  /** `false` records no timeline, and a failure draws none; recorded by default. */
  readonly timeline?: boolean | undefined
  /** vitest's timeout, in real milliseconds (vitest's default when not given). */
  readonly timeout?: number | undefined
}

/**
 * Options of `it.explore`.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { ExploreOptions } from "effect-asyncio/vitest"
 *
 * const options: ExploreOptions = { runs: 200, seed: 7 }
 * console.log(options.runs) // 200
 * ```
 */
export interface ExploreOptions {
  /** How many schedules to run the body under: a positive integer. */
  readonly runs: number
  /** The exploration's seed, from which every run's schedule seed is drawn (a safe integer); a fresh one by default. */
  readonly seed?: number | undefined
  /** The most virtual time each run may take; none by default. */
  readonly limit?: Duration.DurationInput | undefined
  /** Real time Effect must be quiet before time jumps, in each run; 0 by default. */
  readonly idle?: Duration.DurationInput | undefined
  /** vitest's timeout for all the runs together, in real milliseconds (vitest's default when not given). */
  readonly timeout?: number | undefined
}

/**
 * The properties drawn for one sample of `it.virtual.prop`: an array or a record of values, as its arbitraries are.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { FastCheck } from "effect"
 * import type { Properties } from "effect-asyncio/vitest"
 *
 * const drawn: Properties<[FastCheck.Arbitrary<number>]> = [3]
 * console.log(drawn[0]) // 3
 * ```
 */
export type Properties<Arbs extends EffectVitest.Vitest.Arbitraries> = {
  [K in keyof Arbs]: Arbs[K] extends FastCheck.Arbitrary<infer T> ? T : Schema.Schema.Type<Arbs[K]>
}

/**
 * fast-check's parameters for `it.virtual.prop`: all but a custom `reporter` (a failing property throws, as vitest
 * expects); `examples` are given as properties, as the body receives them.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { FastCheckParameters } from "effect-asyncio/vitest"
 *
 * const parameters: FastCheckParameters<[number]> = { numRuns: 20, examples: [[0]] }
 * console.log(parameters.numRuns) // 20
 * ```
 */
export type FastCheckParameters<Ts> = Omit<FastCheck.Parameters<Ts>, "reporter" | "asyncReporter">

/**
 * A test registered with a body that returns an effect, and options.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import type { VirtualEnvironment, VirtualOptions, VirtualTest } from "effect-asyncio/vitest"
 * import { it } from "effect-asyncio/vitest"
 *
 * const only: VirtualTest<VirtualEnvironment, VirtualOptions> = it.virtual.only
 * only("an hour passes in no real time", () => Effect.sleep("1 hour"))
 * ```
 */
export interface VirtualTest<R, Options> {
  <A, E>(name: string, self: (ctx: V.TestContext) => Effect.Effect<A, E, R>, options?: Options | undefined): void
}

/**
 * `it.virtual`: a {@link VirtualTest} with `.only`, `.skip`, `.each` and `.prop`, as `@effect/vitest`'s `it.effect`
 * has them.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { Clock, Effect } from "effect"
 * import { assert, it } from "effect-asyncio/vitest"
 *
 * it.virtual.each([1, 2, 3])("sleeps %i hours", (hours) =>
 *   Effect.gen(function*() {
 *     yield* Effect.sleep(`${hours} hours`)
 *     assert.strictEqual(yield* Clock.currentTimeMillis, hours * 3_600_000)
 *   }))
 * ```
 */
export interface VirtualTester<R> extends VirtualTest<R, VirtualOptions> {
  readonly only: VirtualTest<R, VirtualOptions>
  readonly skip: VirtualTest<R, VirtualOptions>
  readonly each: <T>(
    cases: ReadonlyArray<T>
  ) => <A, E>(
    name: string,
    self: (args: T, ctx: V.TestContext) => Effect.Effect<A, E, R>,
    options?: VirtualOptions | undefined
  ) => void
  readonly prop: <const Arbs extends EffectVitest.Vitest.Arbitraries, A, E>(
    name: string,
    arbitraries: Arbs,
    self: (properties: Properties<Arbs>, ctx: V.TestContext) => Effect.Effect<A, E, R>,
    options?: (VirtualOptions & { readonly fastCheck?: FastCheckParameters<Properties<Arbs>> | undefined }) | undefined
  ) => void
}

/**
 * An exploring test: registered with a body that returns an effect, and the exploration's options.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import type { ExploreTest, VirtualEnvironment } from "effect-asyncio/vitest"
 * import { it } from "effect-asyncio/vitest"
 *
 * const skip: ExploreTest<VirtualEnvironment> = it.explore.skip
 * skip("not yet", () => Effect.void, { runs: 10 })
 * ```
 */
export interface ExploreTest<R> {
  <A, E>(name: string, self: (ctx: V.TestContext) => Effect.Effect<A, E, R>, options: ExploreOptions): void
}

/**
 * `it.explore`: an {@link ExploreTest} with `.only` and `.skip`.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { Effect, Ref } from "effect"
 * import { assert, it } from "effect-asyncio/vitest"
 *
 * it.explore.only("two increments make two", () =>
 *   Effect.gen(function*() {
 *     const count = yield* Ref.make(0)
 *     yield* Effect.all([Ref.update(count, (n) => n + 1), Ref.update(count, (n) => n + 1)], { concurrency: 2 })
 *     assert.strictEqual(yield* Ref.get(count), 2)
 *   }), { runs: 50 })
 * ```
 */
export interface ExploreTester<R> extends ExploreTest<R> {
  readonly only: ExploreTest<R>
  readonly skip: ExploreTest<R>
}

/**
 * The `it` of this entry: `@effect/vitest`'s (`it.effect`, `it.scoped`, `it.live`, `it.prop`, `it.layer`, …, and
 * vitest's own), with `virtual` and `explore`.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { Methods } from "effect-asyncio/vitest"
 * import { it } from "effect-asyncio/vitest"
 *
 * const methods: Methods = it
 * console.log(typeof methods.virtual, typeof methods.effect) // "function" "function"
 * ```
 */
export interface Methods extends EffectVitest.Vitest.Methods {
  readonly virtual: VirtualTester<VirtualEnvironment>
  readonly explore: ExploreTester<VirtualEnvironment>
}

// -------------------------------------------------------------------------------------------------------------------
// one run on virtual time, its timeline kept up to any failure
// -------------------------------------------------------------------------------------------------------------------

/** How one run ended: its failure if any, the virtual time it ended at, and its spans. */
interface Attempt {
  readonly cause: Option.Option<Cause.Cause<unknown>>
  readonly at: Option.Option<Duration.Duration>
  readonly timeline: Option.Option<Timeline.Timeline>
}

// The spans of a run, kept as `Timeline.observe` reports them, so that a run cut short by a deadlock or a limit (which
// interrupt it from outside, where `Timeline.recordExit` would lose its result) still has its timeline.
const spanCollector = () => {
  const ended: Array<Timeline.Span> = []
  const running = new Map<number, Timeline.Span>()
  const toSpan = (event: Timeline.SpanEvent): Timeline.Span => ({
    label: event.label,
    start: event.start,
    end: event.end,
    outcome: event.outcome
  })
  const observer: Timeline.Observer = {
    onStart: (event) => {
      running.set(event.id, toSpan(event))
    },
    onEnd: (event) => {
      running.delete(event.id)
      ended.push(toSpan(event))
    }
  }
  return { observer, timeline: (): Timeline.Timeline => ({ spans: [...ended, ...running.values()] }) }
}

// `TestSeed.seeded` prints `seed=N; rerun with …` when its body fails; the failure report says that and more, so its
// own line goes to a console whose `error` does nothing, while the body keeps the test's console.
const seededQuietly = <A, E, R>(self: Effect.Effect<A, E, R>, seed: number): Effect.Effect<A, E, R> =>
  Effect.consoleWith((console) => {
    const quiet: Console.Console = Object.assign(Object.create(console) as Console.Console, {
      error: () => Effect.void
    })
    return TestSeed.seeded(Effect.withConsole(self, console), { seed }).pipe(Effect.withConsole(quiet))
  })

/**
 * Runs `self` once on virtual time with `Random` seeded by `seed`: never fails, reports how it ended. When it is
 * interrupted from outside (vitest's timeout), `onInterrupt` gets the spans recorded so far.
 */
const attempt = <A, E, R>(
  self: Effect.Effect<A, E, R>,
  seed: number,
  virtual: VirtualTime.Options,
  recordTimeline: boolean,
  onInterrupt: (timeline: Option.Option<Timeline.Timeline>) => Effect.Effect<void> = () => Effect.void
): Effect.Effect<Attempt, never, Exclude<R, Scope.Scope>> =>
  Effect.suspend(() => {
    const spans = spanCollector()
    const timeline = () => recordTimeline ? Option.some(spans.timeline()) : Option.none()
    const body = seededQuietly(Effect.scoped(self), seed)
    const observed = recordTimeline ? Timeline.observe(body, spans.observer) : body
    return Effect.exit(VirtualTime.timed(Effect.exit(observed), virtual)).pipe(
      Effect.onInterrupt(() => onInterrupt(timeline())),
      Effect.map((exit): Attempt => {
        if (Exit.isSuccess(exit)) {
          const [elapsed, bodyExit] = exit.value
          return {
            cause: Exit.isFailure(bodyExit) ? Option.some(bodyExit.cause) : Option.none(),
            at: Option.some(elapsed),
            timeline: timeline()
          }
        }
        const stuck = Cause.failureOption(exit.cause)
        return { cause: Option.some(exit.cause), at: Option.map(stuck, (error) => error.at), timeline: timeline() }
      })
    )
  })

// -------------------------------------------------------------------------------------------------------------------
// exploration: runs under seeded schedules (`VirtualTime.timed(…, { schedule })`), and the replay of one
// -------------------------------------------------------------------------------------------------------------------

/** The first failing run of an exploration, with the fields of the library's `ExploreError`. */
class ExploreError extends Data.TaggedError("ExploreError")<{
  readonly seed: number
  readonly run: number
  readonly cause: Cause.Cause<unknown>
  readonly timeline: Timeline.Timeline
}> {}

interface Exploration {
  readonly runs: number
  readonly seed: number
  readonly limit: Duration.Duration
  readonly idle: Duration.Duration
}

// Each run draws its schedule seed from the exploration's seed and runs under that schedule
// (`VirtualTime.timed(…, { schedule })`), with `Random` seeded by the same seed. Runs alternate strategies as
// `VirtualTime.explore`'s do, and each seed names its run's (even: PCT, odd: a shuffle), so the seed alone replays it.
const MaxRunSeed = 1_000_000_000

const exploreSchedules = <A, E, R>(
  self: Effect.Effect<A, E, R>,
  exploration: Exploration
): Effect.Effect<void, ExploreError, Exclude<R, Scope.Scope>> =>
  Effect.gen(function*() {
    const seeds = Random.make(exploration.seed)
    for (let run = 1; run <= exploration.runs; run++) {
      const seed = Schedule.naming(yield* seeds.nextIntBetween(1, MaxRunSeed), Schedule.strategyOfRun("mixed", run))
      const result = yield* attempt(
        self,
        seed,
        { limit: exploration.limit, idle: exploration.idle, schedule: seed },
        true
      )
      if (Option.isSome(result.cause)) {
        return yield* new ExploreError({
          seed,
          run,
          cause: result.cause.value,
          timeline: Option.getOrElse(result.timeline, () => ({ spans: [] }))
        })
      }
    }
  })

// Runs the one schedule an exploration's run `seed` drew, with `Random` seeded by it, as the exploration ran it.
const replaySchedule = <A, E, R>(
  self: Effect.Effect<A, E, R>,
  seed: number,
  exploration: Omit<Exploration, "runs" | "seed">,
  onInterrupt: (timeline: Option.Option<Timeline.Timeline>) => Effect.Effect<void>
): Effect.Effect<Attempt, never, Exclude<R, Scope.Scope>> =>
  attempt(
    self,
    seed,
    { limit: exploration.limit, idle: exploration.idle, schedule: seed },
    true,
    onInterrupt
  )

// -------------------------------------------------------------------------------------------------------------------
// the failure report
// -------------------------------------------------------------------------------------------------------------------

interface NamedTask {
  readonly name: string
  readonly suite?: NamedTask | undefined
}

interface TestTask extends NamedTask {
  readonly file: { readonly name: string; readonly projectName?: string | undefined }
}

// The name vitest matches `-t` against: the suites' names and the test's, joined by spaces.
const fullName = (task: NamedTask): string =>
  task.suite === undefined ? task.name : `${fullName(task.suite)} ${task.name}`

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

// A word for a POSIX shell: as it is when it holds no character the shell reads, else in double quotes when nothing
// in it is special there (a `$` only at its end), else in single quotes.
const shellWord = (word: string): string =>
  /^[\w./@%+=:,-]+$/.test(word)
    ? word
    : /^[^"`\\!$]*\$?$/.test(word)
    ? `"${word}"`
    : `'${word.replace(/'/g, `'\\''`)}'`

const replayCommand = (task: TestTask, seed: number): string => {
  const project = task.file.projectName === undefined || task.file.projectName === ""
    ? ""
    : ` --project ${shellWord(task.file.projectName)}`
  return `${TestSeed.EnvironmentVariable}=${seed} npx vitest run ${shellWord(task.file.name)}${project} -t ` +
    shellWord(`^${escapeRegExp(fullName(task))}$`)
}

// A virtual time for a headline: to the millisecond (the chart below it has the detail).
const formatDuration = (duration: Duration.Duration): string => {
  const millis = Duration.toMillis(duration)
  return millis === 0 ? "0ms" : Duration.format(millis >= 1 ? Duration.millis(Math.round(millis)) : duration)
}

const timelineLines = (timeline: Option.Option<Timeline.Timeline>): Array<string> =>
  Option.match(timeline, {
    onNone: () => [],
    onSome: (recorded) =>
      recorded.spans.length === 0
        ? ["timeline: no span ran (Timeline.label or Effect.withSpan names the steps drawn here)"]
        : ["timeline up to the failure:", Timeline.toChart(recorded)]
  })

// The error vitest shows: the failure's first error (its message, diff and stack, as `@effect/vitest` throws it),
// its message followed by the report; the failure's other errors are named after the report.
const failureError = (cause: Cause.Cause<unknown>, report: ReadonlyArray<string>): Error => {
  const errors = Cause.isInterruptedOnly(cause) ? [] : Cause.prettyErrors(cause)
  const [first = new Error("All fibers interrupted without errors."), ...others] = errors
  const more = others.map((error) => `also: ${error.name}: ${error.message.split("\n")[0]}`)
  if (report.length > 0 || more.length > 0) {
    const message = [first.message, "", ...report, ...more].join("\n")
    // the stack begins with the message: what reads the stack instead (fast-check's report) sees the report too
    const head = `${first.name}: ${first.message}`
    if (first.stack?.startsWith(head) === true) {
      first.stack = `${first.name}: ${message}${first.stack.slice(head.length)}`
    }
    first.message = message
  }
  return first
}

// -------------------------------------------------------------------------------------------------------------------
// running a test
// -------------------------------------------------------------------------------------------------------------------

const TestEnv = TestContext.TestContext.pipe(Layer.provide(Logger.remove(Logger.defaultLogger)))

// Runs a test's effect as `@effect/vitest` does (interrupted when vitest ends the test, on a timeout), throwing the
// error it fails with; a defect of the helpers' own (a bad option) is thrown as its pretty error.
const execute = (ctx: V.TestContext, effect: Effect.Effect<void, Error>): Promise<void> =>
  Effect.runPromise(
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(Effect.exit(effect))
      ctx.onTestFinished(() => Effect.runPromise(Fiber.interrupt(fiber)).then(constVoid))
      const exit = yield* Fiber.join(fiber)
      return Exit.isSuccess(exit)
        ? undefined
        : Option.getOrElse(Cause.failureOption(exit.cause), () => failureError(exit.cause, []))
    }),
    { signal: ctx.signal }
  ).then((error) => {
    if (error !== undefined) {
      throw error
    }
  })

const durationOption = (
  fn: string,
  name: string,
  input: Duration.DurationInput | undefined,
  fallback: Duration.Duration
) => input === undefined ? Effect.succeed(fallback) : validate.duration(fn, name, input)

const finiteOption = (fn: string, name: string, input: Duration.DurationInput | undefined) =>
  input === undefined ? Effect.succeed(Duration.zero) : validate.finiteDuration(fn, name, input)

// What a failure adds to its error: what failed (with its seed), the command that replays it, the timeline.
const report = (
  ctx: V.TestContext,
  headline: string,
  seed: number,
  timeline: Option.Option<Timeline.Timeline>
): Array<string> => [headline, `replay: ${replayCommand(ctx.task, seed)}`, ...timelineLines(timeline)]

const failedAt = (at: Option.Option<Duration.Duration>): string =>
  Option.match(at, { onNone: () => "", onSome: (at) => `, failed at ${formatDuration(at)} of virtual time` })

// A run that vitest ends (its timeout) throws no error of ours: the report goes to the test's error output instead.
const reportInterruption =
  (ctx: V.TestContext, tester: string, seed: number) =>
  (timeline: Option.Option<Timeline.Timeline>): Effect.Effect<void> =>
    Console.error(
      report(ctx, `${tester}: seed ${seed}, stopped before it ended (by vitest's timeout?)`, seed, timeline).join("\n")
    )

const virtualBody = <A, E>(
  ctx: V.TestContext,
  self: Effect.Effect<A, E, VirtualEnvironment>,
  options: VirtualOptions | undefined
): Effect.Effect<void, Error> =>
  Effect.gen(function*() {
    const limit = yield* durationOption("it.virtual", "limit", options?.limit, Duration.infinity)
    const idle = yield* finiteOption("it.virtual", "idle", options?.idle)
    const seed = yield* TestSeed.resolve({ seed: options?.seed })
    const recordTimeline = options?.timeline !== false
    const result = yield* attempt(
      self,
      seed,
      { limit, idle },
      recordTimeline,
      reportInterruption(ctx, "it.virtual", seed)
    )
    if (Option.isSome(result.cause)) {
      const headline = `it.virtual: seed ${seed}${failedAt(result.at)}`
      return yield* Effect.fail(failureError(result.cause.value, report(ctx, headline, seed, result.timeline)))
    }
  }).pipe(Effect.provide(TestEnv))

const exploreBody = <A, E>(
  ctx: V.TestContext,
  self: Effect.Effect<A, E, VirtualEnvironment>,
  options: ExploreOptions
): Effect.Effect<void, Error> =>
  Effect.gen(function*() {
    const badRuns = validate.positiveCount("it.explore", "runs", options.runs)
    if (badRuns !== undefined) {
      return yield* badRuns
    }
    const limit = yield* durationOption("it.explore", "limit", options.limit, Duration.infinity)
    const idle = yield* finiteOption("it.explore", "idle", options.idle)
    const forced = yield* Effect.orDie(Config.option(Config.string(TestSeed.EnvironmentVariable)))
    if (Option.isSome(forced)) {
      const seed = yield* TestSeed.resolve()
      const result = yield* replaySchedule(self, seed, { limit, idle }, reportInterruption(ctx, "it.explore", seed))
      if (Option.isSome(result.cause)) {
        const headline = `it.explore: replayed schedule seed ${seed} (from ${TestSeed.EnvironmentVariable})` +
          failedAt(result.at)
        return yield* Effect.fail(failureError(result.cause.value, report(ctx, headline, seed, result.timeline)))
      }
      return
    }
    const seed = yield* TestSeed.resolve({ seed: options.seed })
    yield* exploreSchedules(self, { runs: options.runs, seed, limit, idle }).pipe(
      Effect.catchTag("ExploreError", (error) => {
        const headline =
          `it.explore: run ${error.run} of ${options.runs} failed, schedule seed ${error.seed} (exploration seed ${seed})`
        return Effect.fail(failureError(error.cause, report(ctx, headline, error.seed, Option.some(error.timeline))))
      })
    )
  }).pipe(Effect.provide(TestEnv))

const testOptions = (timeout: number | undefined): V.TestOptions => timeout === undefined ? {} : { timeout }

const toArbitrary = (arbitrary: Schema.Schema.Any | FastCheck.Arbitrary<unknown>): FastCheck.Arbitrary<unknown> =>
  Schema.isSchema(arbitrary) ? Arbitrary.make(arbitrary) : arbitrary

const makeVirtual = (api: typeof V.it): VirtualTester<VirtualEnvironment> => {
  const test = (register: typeof V.it.only): VirtualTest<VirtualEnvironment, VirtualOptions> => (name, self, options) =>
    register(
      name,
      testOptions(options?.timeout),
      (ctx) => execute(ctx, virtualBody(ctx, Effect.suspend(() => self(ctx)), options))
    )
  const each: VirtualTester<VirtualEnvironment>["each"] = (cases) => (name, self, options) =>
    api.for(cases)(
      name,
      testOptions(options?.timeout),
      (args, ctx) => execute(ctx, virtualBody(ctx, Effect.suspend(() => self(args, ctx)), options))
    )
  const prop = <const Arbs extends EffectVitest.Vitest.Arbitraries, A, E>(
    name: string,
    arbitraries: Arbs,
    self: (properties: Properties<Arbs>, ctx: V.TestContext) => Effect.Effect<A, E, VirtualEnvironment>,
    options?: (VirtualOptions & { readonly fastCheck?: FastCheckParameters<Properties<Arbs>> | undefined }) | undefined
  ): void =>
    api(name, testOptions(options?.timeout), async (ctx) => {
      // one seed for the whole property: it seeds fast-check too, so that the seed alone replays the failing sample
      const seed = await Effect.runPromise(TestSeed.resolve({ seed: options?.seed }))
      const sample = (Array.isArray(arbitraries)
        ? FastCheck.tuple(...arbitraries.map((arbitrary) => toArbitrary(arbitrary)))
        : FastCheck.record(
          Object.fromEntries(Object.entries(arbitraries).map(([key, arbitrary]) => [key, toArbitrary(arbitrary)]))
        )) as FastCheck.Arbitrary<Properties<Arbs>>
      // the property has one argument, the drawn properties: an example given as properties becomes one argument
      const { examples, ...parameters }: FastCheckParameters<Properties<Arbs>> = options?.fastCheck ?? {}
      await FastCheck.assert(
        FastCheck.asyncProperty(sample, (properties) =>
          execute(
            ctx,
            virtualBody(ctx, Effect.suspend(() => self(properties, ctx)), { ...options, seed })
          )),
        {
          seed,
          ...parameters,
          ...(examples === undefined ? {} : { examples: examples.map((example) => [example] as [Properties<Arbs>]) })
        }
      )
    })
  return Object.assign(test(api), { only: test(api.only), skip: test(api.skip), each, prop })
}

const makeExplore = (api: typeof V.it): ExploreTester<VirtualEnvironment> => {
  const test = (register: typeof V.it.only): ExploreTest<VirtualEnvironment> => (name, self, options) =>
    register(
      name,
      testOptions(options.timeout),
      (ctx) => execute(ctx, exploreBody(ctx, Effect.suspend(() => self(ctx)), options))
    )
  return Object.assign(test(api), { only: test(api.only), skip: test(api.skip) })
}

/**
 * `@effect/vitest`'s `it`, with `it.virtual` and `it.explore`.
 *
 * **`it.virtual(name, (ctx) => effect, options?)`** runs the body on auto-advancing virtual time
 * (`VirtualTime.run`: sleeps cost no real time, a body that can never finish fails with `DeadlockError`, one that
 * would run past `limit` with `TimeLimitError`) with `Random` seeded for all of it by `TestSeed` (a fresh seed per
 * test; `options.seed`, else `EFFECT_ASYNCIO_SEED`, fixes it). The body may use the test services (as in
 * `it.effect`) and a `Scope`, closed when it ends. Its spans are recorded as it runs (`timeline: false` turns that
 * off); on failure, the error adds the seed, the virtual time of the failure, the command that replays it, and the
 * chart of the spans up to it. `.only`, `.skip`, `.each` and `.prop` work as `it.effect`'s do; `.prop` runs each
 * sample with the test's seed, which also seeds fast-check (unless `fastCheck.seed` is given), so that one seed
 * replays the failing sample.
 *
 * **`it.explore(name, (ctx) => effect, { runs, seed? })`** runs the body `runs` times, each run on virtual time
 * under a schedule drawn from the exploration's seed: the order in which fibers ready at the same moment run, and
 * in which wake-ups due at the same instant happen, as `VirtualTime.explore` draws them; `Random` is seeded by the
 * run's seed too. The first failing run fails the test with its schedule seed, its run number, the failure and its
 * timeline; `EFFECT_ASYNCIO_SEED` set to that seed replays that schedule alone. `limit` and `idle` apply to each run,
 * `timeout` to them all.
 *
 * @since 0.1.0
 * @category testers
 * @example
 * ```ts
 * import { Clock, Effect, Ref, Schedule } from "effect"
 * import { Timeline } from "effect-asyncio"
 * import { assert, it } from "effect-asyncio/vitest"
 *
 * it.virtual("two hours of retries take no real time", () =>
 *   Effect.gen(function*() {
 *     const calls = yield* Ref.make(0)
 *     const call = Effect.flatMap(
 *       Ref.updateAndGet(calls, (n) => n + 1),
 *       (n) => n < 3 ? Effect.fail("busy") : Effect.succeed(n)
 *     )
 *     assert.strictEqual(yield* Effect.retry(Timeline.label(call, "call"), Schedule.spaced("1 hour")), 3)
 *     assert.strictEqual(yield* Clock.currentTimeMillis, 2 * 3_600_000)
 *   }))
 *
 * it.explore("the last of two writers wins", () =>
 *   Effect.gen(function*() {
 *     const value = yield* Ref.make("")
 *     yield* Effect.all([Ref.set(value, "a"), Effect.zipRight(Effect.sleep("1 milli"), Ref.set(value, "b"))], {
 *       concurrency: "unbounded"
 *     })
 *     assert.strictEqual(yield* Ref.get(value), "b")
 *   }), { runs: 100 })
 * ```
 */
export const it: Methods = Object.assign(EffectVitest.it, {
  virtual: makeVirtual(V.it),
  explore: makeExplore(V.it)
})
