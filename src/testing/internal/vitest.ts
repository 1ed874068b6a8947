/**
 * The machinery of `effect-asyncio/vitest`: `it.virtual` and `it.explore` on `VirtualTime`'s region
 * (`internal/clock/virtual.ts`) and its one exploration driver (`internal/clock/explore.ts`), each run seeded through
 * `TestSeed`, and the failure report (the failure's own error, its seed, the virtual time of the failure, the command
 * that replays it, the chart of its spans). The facade, `src/testing/Vitest.ts`, re-exports what is public here.
 */
import * as EffectVitest from "@effect/vitest"
import * as Arbitrary from "effect/Arbitrary"
import * as Cause from "effect/Cause"
import * as Config from "effect/Config"
import * as Console from "effect/Console"
import type * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Formatter from "effect/Formatter"
import { constVoid } from "effect/Function"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Random from "effect/Random"
import type * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as TestClock from "effect/testing/TestClock"
import * as TestConsole from "effect/testing/TestConsole"
import * as V from "vitest"
import { Timeline, VirtualTime } from "../../index.js"
import * as driver from "../../internal/clock/explore.js"
import * as Schedule from "../../internal/clock/schedule.js"
import type * as stuck from "../../internal/clock/stuck.js"
import * as virtual from "../../internal/clock/virtual.js"
import type * as model from "../../internal/timeline/model.js"
import * as timeline from "../../internal/timeline/record.js"
import * as validate from "../../internal/validate.js"
import * as TestSeed from "./seed.js"

// -------------------------------------------------------------------------------------------------------------------
// models (re-exported by the facade)
// -------------------------------------------------------------------------------------------------------------------

/** The services a body needs besides those it gets as in `it.effect`: a `Scope`, closed when the body ends. */
export type VirtualEnvironment = Scope.Scope

/**
 * Options of `it.virtual`: the run's own, and vitest's test options (`timeout`, `retry`, `repeats`, …), which go to
 * vitest as `it.effect`'s do.
 */
export interface VirtualOptions extends V.TestOptions {
  /** The seed of `Random` for the whole body (a safe integer); by default `EFFECT_ASYNCIO_SEED`, else a fresh one. */
  readonly seed?: number | undefined
  /** The most virtual time the body may take (`VirtualTime.Options.limit`); none by default. */
  readonly limit?: Duration.Input | undefined
  /** Real time Effect must be quiet before time jumps (`VirtualTime.Options.idle`); 0 by default. */
  readonly idle?: Duration.Input | undefined
  /**
   * The instant virtual time starts at (`VirtualTime.Options.start`): a `DateTime`, a `Date` or epoch milliseconds;
   * the Unix epoch by default.
   */
  readonly start?: DateTime.DateTime | Date | number | undefined
  /** `false` records no timeline, and a failure draws none; recorded by default. */
  readonly timeline?: boolean | undefined
}

/** Options of `it.virtual.prop`: those of `it.virtual`, and the property check's (`Arbitrary.CheckOptions`). */
export interface PropOptions extends VirtualOptions {
  /** How many samples, their size, shrinking; its `seed` is the test's seed unless given here. */
  readonly arbitrary?: Arbitrary.CheckOptions | undefined
}

/** Options of `it.explore`: the exploration's own, and vitest's test options (`timeout`, `retry`, …). */
export interface ExploreOptions extends V.TestOptions {
  /** How many schedules to run the body under: a positive integer. */
  readonly runs: number
  /** The exploration seed, from which every run's schedule seed is derived (an unsigned 32-bit integer). */
  readonly seed?: number | undefined
  /** The most virtual time each run may take; none by default. */
  readonly limit?: Duration.Input | undefined
  /** Real time Effect must be quiet before time jumps, in each run; 0 by default. */
  readonly idle?: Duration.Input | undefined
  /** The instant virtual time starts at in each run: a `DateTime`, a `Date` or epoch milliseconds; the epoch by default. */
  readonly start?: DateTime.DateTime | Date | number | undefined
}

/** What `it.virtual.prop` draws from: a tuple or a record of `Arbitrary`s or schemas, as `it.effect.prop` takes. */
export type Arbitraries = EffectVitest.Vitest.Arbitraries

/** The values drawn for one sample of `it.virtual.prop`: a tuple or a record, as its arbitraries are. */
export type Properties<Arbs extends Arbitraries> = {
  [K in keyof Arbs]: Arbs[K] extends Arbitrary.Arbitrary<infer T> ? T : Arbs[K] extends Schema.Schema<infer T> ? T
  : never
}

/**
 * A test registered with a body that returns an effect, and options: the run's and vitest's, or vitest's timeout in
 * milliseconds (as `it.effect` takes it).
 */
export interface VirtualTest<R, Options> {
  <A, E>(
    name: string,
    self: (ctx: V.TestContext) => Effect.Effect<A, E, R>,
    options?: number | Options | undefined
  ): void
}

/** `.each(cases)`: one test per case, named as vitest's `it.for` names them, the case given before the context. */
export interface VirtualEach<R, Options> {
  <T>(
    cases: ReadonlyArray<T>
  ): <A, E>(
    name: string,
    self: (args: T, ctx: V.TestContext) => Effect.Effect<A, E, R>,
    options?: number | Options | undefined
  ) => void
}

/**
 * `it.virtual`: a {@link VirtualTest} with `it.effect`'s modifiers: `.only`, `.skip`, `.skipIf(condition)`,
 * `.runIf(condition)`, `.fails` (passes when the body fails), `.each` and `.prop`.
 */
export interface VirtualTester<R> extends VirtualTest<R, VirtualOptions> {
  readonly only: VirtualTest<R, VirtualOptions>
  readonly skip: VirtualTest<R, VirtualOptions>
  readonly skipIf: (condition: unknown) => VirtualTest<R, VirtualOptions>
  readonly runIf: (condition: unknown) => VirtualTest<R, VirtualOptions>
  readonly fails: VirtualTest<R, VirtualOptions>
  readonly each: VirtualEach<R, VirtualOptions>
  readonly prop: <const Arbs extends EffectVitest.Vitest.Arbitraries, A, E>(
    name: string,
    arbitraries: Arbs,
    self: (properties: Properties<Arbs>, ctx: V.TestContext) => Effect.Effect<A, E, R>,
    options?: number | PropOptions | undefined
  ) => void
}

/** An exploring test: registered with a body that returns an effect, and the exploration's options. */
export interface ExploreTest<R> {
  <A, E>(name: string, self: (ctx: V.TestContext) => Effect.Effect<A, E, R>, options: ExploreOptions): void
}

/**
 * `it.explore`: an {@link ExploreTest} with `.only`, `.skip`, `.skipIf(condition)`, `.runIf(condition)`, `.fails`
 * and `.each` (each case explored under `runs` schedules).
 */
export interface ExploreTester<R> extends ExploreTest<R> {
  readonly only: ExploreTest<R>
  readonly skip: ExploreTest<R>
  readonly skipIf: (condition: unknown) => ExploreTest<R>
  readonly runIf: (condition: unknown) => ExploreTest<R>
  readonly fails: ExploreTest<R>
  readonly each: <T>(
    cases: ReadonlyArray<T>
  ) => <A, E>(
    name: string,
    self: (args: T, ctx: V.TestContext) => Effect.Effect<A, E, R>,
    options: ExploreOptions
  ) => void
}

/** `@effect/vitest`'s `it`, with `virtual` and `explore`. */
export interface Methods extends EffectVitest.Vitest.Methods {
  readonly virtual: VirtualTester<VirtualEnvironment>
  readonly explore: ExploreTester<VirtualEnvironment>
  readonly layer: Layered<never>
}

/** The options of `layer`, as `@effect/vitest`'s takes them. */
export interface LayerOptions {
  readonly concurrent?: boolean
  readonly timeout?: Duration.Input
  readonly buildPerTest?: boolean
}

/**
 * `layer(l, options?)`: `@effect/vitest`'s, whose block's `it` has `virtual` and `explore` too; their bodies get
 * the layer's services, built for each test inside its run (on its virtual time).
 */
export interface Layered<R> {
  <R2, E>(layer: Layer.Layer<R2, E, R>, options?: LayerOptions): {
    (f: (it: LayerMethods<R | R2>) => void): void
    (name: string, f: (it: LayerMethods<R | R2>) => void): void
  }
}

/** The `it` of a `layer` block: `@effect/vitest`'s, with `virtual` and `explore` given the block's services. */
export interface LayerMethods<R> extends EffectVitest.Vitest.MethodsNonLive<R> {
  readonly virtual: VirtualTester<R | VirtualEnvironment>
  readonly explore: ExploreTester<R | VirtualEnvironment>
  readonly layer: Layered<R>
}

// -------------------------------------------------------------------------------------------------------------------
// one run in VirtualTime's region
// -------------------------------------------------------------------------------------------------------------------

/** A run of a test's body: its seed, the spans it records (none with `timeline: false`), when its body ended. */
interface Run {
  readonly seed: number
  readonly holder: virtual.Holder | undefined
  at?: Duration.Duration | undefined
}

// The errors `VirtualTime.run` fails with when a run can never finish.
const stuckError = (report: stuck.Stuck): VirtualTime.DeadlockError | VirtualTime.TimeLimitError =>
  report.reason === "deadlock"
    ? new VirtualTime.DeadlockError({
      at: report.at,
      sleeping: report.sleeping,
      open: report.open,
      waiting: report.waiting,
      outside: report.outside,
      idle: report.idle
    })
    : new VirtualTime.TimeLimitError({
      at: report.at,
      limit: report.limit,
      sleeping: report.sleeping,
      open: report.open
    })

// Records the run's spans into the holder, inside the region (on virtual time); a seeded schedule records by itself.
const recording = <A, E, R>(self: Effect.Effect<A, E, R>, holder: virtual.Holder): Effect.Effect<A, E, R> =>
  Effect.flatten(Effect.map(
    timeline.record(Effect.withFiber<A, E, R>((fiber) => {
      holder.recorder = fiber.getRef(timeline.currentRecorder)
      return self
    })),
    ([, exit]) => exit
  ))

// The services of `@effect/vitest`'s `it.effect`, fresh for each run: `TestConsole`, and `TestClock` (whose clock the
// region replaces by the virtual one).
const TestEnv = Layer.mergeAll(TestConsole.layer, TestClock.layer())

/**
 * Runs the body once in the region with `Random` seeded by the run's seed through `TestSeed`, in a `Scope` closed
 * inside the region; fails as the body fails, or with `DeadlockError` / `TimeLimitError`.
 */
const runOnce = <A, E>(
  self: Effect.Effect<A, E, VirtualEnvironment>,
  run: Run,
  settings: virtual.Settings
): Effect.Effect<void, unknown> => {
  const body = TestSeed.seeded(Effect.scoped(self), "it.virtual", run.seed)
  const recorded = run.holder === undefined || settings.schedule !== undefined ? body : recording(body, run.holder)
  return virtual.run(Effect.exit(recorded), { ...settings, holder: run.holder }, stuckError).pipe(
    Effect.flatMap(([elapsed, exit]) => {
      run.at = elapsed
      return exit
    }),
    Effect.provide(TestEnv)
  )
}

// The spans of a run: at the moment it was given up when it was, else as they are now (`"running"` if not ended).
const timelineOf = (run: Run): model.Timeline | undefined =>
  run.holder === undefined ? undefined : run.holder.stuck ?? timeline.snapshot(run.holder.recorder)

// When a failed run ended: when it was given up, or when its body ended.
const endedAt = (run: Run, cause: Cause.Cause<unknown>): Duration.Duration | undefined => {
  const error = Cause.findErrorOption(cause)
  return Option.isSome(error) &&
      (error.value instanceof VirtualTime.DeadlockError || error.value instanceof VirtualTime.TimeLimitError)
    ? error.value.at
    : run.at
}

// -------------------------------------------------------------------------------------------------------------------
// the failure report
// -------------------------------------------------------------------------------------------------------------------

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

// A word for a POSIX shell: as it is when it holds no character the shell reads, else in double quotes when nothing
// in it is special there (a `$` only at its end), else in single quotes.
const shellWord = (word: string): string =>
  /^[\w./@%+=:,-]+$/.test(word)
    ? word
    : /^[^"`\\!$]*\$?$/.test(word)
    ? `"${word}"`
    : `'${word.replace(/'/g, `'\\''`)}'`

// vitest matches `-t` against the test's full name: its suites' names and its own, joined by " > ".
const replayCommand = (task: V.TestContext["task"], seed: number): string => {
  const project = task.file.projectName === undefined || task.file.projectName === ""
    ? ""
    : ` --project ${shellWord(task.file.projectName)}`
  return `${TestSeed.EnvironmentVariable}=${seed} npx vitest run ${shellWord(task.file.name)}${project} -t ` +
    shellWord(`^${escapeRegExp(task.fullTestName)}$`)
}

// A virtual time for a headline: to the millisecond (the chart below it has the detail).
const formatDuration = (duration: Duration.Duration): string => {
  const millis = Duration.toMillis(duration)
  return millis === 0 ? "0ms" : Duration.format(millis >= 1 ? Duration.millis(Math.round(millis)) : duration)
}

const failedAt = (at: Duration.Duration | undefined): string =>
  at === undefined ? "" : `, failed at ${formatDuration(at)} of virtual time`

const timelineLines = (recorded: model.Timeline | undefined): Array<string> =>
  recorded === undefined
    ? []
    : recorded.spans.length === 0
    ? ["timeline: no span ran (Timeline.label or Effect.withSpan names the steps drawn here)"]
    : ["timeline up to the failure:", Timeline.toChart(recorded)]

// What a failure adds to its error: what failed (with its seed), the command that replays it, the timeline.
const report = (ctx: V.TestContext, headline: ReadonlyArray<string>, run: Run): Array<string> => [
  ...headline,
  `replay: ${replayCommand(ctx.task, run.seed)}`,
  ...timelineLines(timelineOf(run))
]

// The error vitest shows: the failure's first error (its message, diff and stack, as `@effect/vitest` throws it),
// its message followed by the report; the failure's other errors are named after the report.
const failureError = (cause: Cause.Cause<unknown>, lines: ReadonlyArray<string>): Error => {
  const [first = new Error("the run failed with an empty cause"), ...others] = Cause.prettyErrors(cause)
  const more = others.map((error) => `also: ${error.name}: ${error.message.split("\n")[0]}`)
  if (lines.length === 0 && more.length === 0) {
    return first
  }
  const message = [first.message, "", ...lines, ...more].join("\n")
  // the stack begins with the message: what reads the stack instead of the message sees the report too
  const head = `${first.name}: ${first.message}`
  if (first.stack?.startsWith(head) === true) {
    first.stack = `${first.name}: ${message}${first.stack.slice(head.length)}`
  }
  first.message = message
  return first
}

// A run that vitest ends (its timeout) throws no error of ours: the report goes to the test's error output, through
// the console the test runs with (inside a run, `TestConsole` keeps what the body prints).
const reportStopped = (ctx: V.TestContext, console: Console.Console, headline: string, run: Run | undefined) =>
  Effect.sync(() => {
    if (run !== undefined) {
      console.error(report(ctx, [`${headline}, stopped before it ended (by vitest's timeout?)`], run).join("\n"))
    }
  })

// -------------------------------------------------------------------------------------------------------------------
// the test bodies
// -------------------------------------------------------------------------------------------------------------------

/** One `it.virtual` run of the body; fails with the test's error, whose report may say a little more (`extra`). */
const virtualRun = <A, E>(
  ctx: V.TestContext,
  self: Effect.Effect<A, E, VirtualEnvironment>,
  seed: number,
  options: VirtualOptions | undefined
): Effect.Effect<void, { readonly error: (extra: ReadonlyArray<string>) => Error }> =>
  Effect.gen(function*() {
    const settings = yield* virtual.limits("it.virtual", options ?? {})
    const console = yield* Console.Console
    const run: Run = { seed, holder: options?.timeline === false ? undefined : { recorder: undefined } }
    const exit = yield* Effect.exit(runOnce(self, run, settings)).pipe(
      Effect.onInterrupt(() => reportStopped(ctx, console, `it.virtual: seed ${seed}`, run))
    )
    if (Exit.isFailure(exit)) {
      const headline = `it.virtual: seed ${seed}${failedAt(endedAt(run, exit.cause))}`
      return yield* Effect.fail({
        error: (extra: ReadonlyArray<string>) => failureError(exit.cause, report(ctx, [headline, ...extra], run))
      })
    }
  })

const virtualBody = <A, E>(
  ctx: V.TestContext,
  self: Effect.Effect<A, E, VirtualEnvironment>,
  options: VirtualOptions | undefined
): Effect.Effect<void, Error> =>
  Effect.flatMap(
    TestSeed.resolve("it.virtual", options?.seed),
    (seed) => Effect.mapError(virtualRun(ctx, self, seed, options), (failed) => failed.error([]))
  )

const compile = (input: Schema.Schema<unknown> | Arbitrary.Arbitrary<unknown>): Arbitrary.Arbitrary<unknown> =>
  Arbitrary.isArbitrary(input) ? input : Arbitrary.schema(input)

// One seed for the whole property: it seeds the check too, so that the seed alone replays the failing sample.
const propBody = <const Arbs extends EffectVitest.Vitest.Arbitraries, A, E>(
  ctx: V.TestContext,
  arbitraries: Arbs,
  self: (properties: Properties<Arbs>, ctx: V.TestContext) => Effect.Effect<A, E, VirtualEnvironment>,
  options: PropOptions | undefined
): Effect.Effect<void, Error> =>
  Effect.gen(function*() {
    const seed = yield* TestSeed.resolve("it.virtual.prop", options?.seed)
    const sample = Arbitrary.all(
      Array.isArray(arbitraries)
        ? arbitraries.map((input) => compile(input))
        : Object.fromEntries(Object.entries(arbitraries).map(([key, input]) => [key, compile(input)]))
    ) as Arbitrary.Arbitrary<Properties<Arbs>>
    const result = yield* Arbitrary.checkEffect(
      sample,
      (properties) => Effect.as(virtualRun(ctx, Effect.suspend(() => self(properties, ctx)), seed, options), true),
      { seed, ...options?.arbitrary }
    )
    if (result._tag === "Falsified" && result.failure._tag === "PropertyError") {
      return yield* Effect.fail(result.failure.error.error([
        `property: falsified after ${result.runs} run(s) and ${result.shrinks} shrink(s); shrunk input: ` +
        Formatter.format(result.shrunkInput)
      ]))
    }
    const failure = Arbitrary.formatCheckFailure(result)
    if (failure !== undefined) {
      return yield* Effect.fail(new Error(`it.virtual.prop: seed ${seed}: ${failure}`))
    }
  })

const exploreBody = <A, E>(
  ctx: V.TestContext,
  self: Effect.Effect<A, E, VirtualEnvironment>,
  options: ExploreOptions
): Effect.Effect<void, Error> =>
  Effect.gen(function*() {
    yield* validate.positiveCount("it.explore", "runs", options.runs) ?? Effect.void
    const settings = yield* virtual.limits("it.explore", options)
    const console = yield* Console.Console
    // the run in progress: the one that failed, or the one vitest stopped
    const progress: { run?: Run } = {}
    // how one schedule runs, in the exploration as in its replay: the region with the schedule (which records the
    // run's spans into the holder), `Random` seeded by the schedule's seed
    const runSchedule = (schedule: Schedule.Schedule, seed: number, holder: virtual.Holder) => {
      const run: Run = { seed, holder }
      progress.run = run
      return runOnce(self, run, { ...settings, schedule })
    }
    const failed = (cause: Cause.Cause<unknown>, headline: string): Effect.Effect<never, Error> => {
      const run = progress.run ?? { seed: 0, holder: undefined }
      return Effect.fail(failureError(cause, report(ctx, [headline + failedAt(endedAt(run, cause))], run)))
    }
    const stopped = () => reportStopped(ctx, console, `it.explore: schedule seed ${progress.run?.seed}`, progress.run)
    const forced = yield* Effect.orDie(Config.option(Config.String(TestSeed.EnvironmentVariable)))
    if (Option.isSome(forced)) {
      const seed = yield* Effect.flatMap(
        TestSeed.resolve("it.explore", undefined),
        (seed) => virtual.seed("it.explore", TestSeed.EnvironmentVariable, seed)
      )
      return yield* runSchedule(Schedule.make(seed, Schedule.strategyOf(seed)), seed, { recorder: undefined }).pipe(
        Effect.onInterrupt(stopped),
        Effect.catchCause((cause) =>
          failed(cause, `it.explore: replayed schedule seed ${seed} (from ${TestSeed.EnvironmentVariable})`)
        )
      )
    }
    const exploration = options.seed === undefined
      ? yield* Random.nextIntBetween(0, 0xffffffff)
      : yield* virtual.seed("it.explore", "seed", options.seed)
    yield* driver.explore({ runs: options.runs, seed: exploration, strategy: "mixed" }, runSchedule).pipe(
      Effect.onInterrupt(stopped),
      Effect.catch((failure) =>
        failed(
          failure.cause,
          `it.explore: run ${failure.run} of ${failure.runs} failed, schedule seed ${failure.seed} ` +
            `(exploration seed ${exploration})`
        )
      )
    )
  })

// -------------------------------------------------------------------------------------------------------------------
// registering the tests
// -------------------------------------------------------------------------------------------------------------------

// Runs a test's effect as `@effect/vitest` does: interrupted when vitest gives up on the test (its timeout), which
// then waits for the interruption to finish (the report of a stopped run is printed meanwhile); throws the error it
// fails with, and a defect (a bad option) as its pretty error.
const execute = (ctx: V.TestContext, effect: Effect.Effect<void, Error>): Promise<void> => {
  const promise = Effect.runPromise(Effect.exit(effect), { signal: ctx.signal }).then((exit) => {
    if (Exit.isFailure(exit)) {
      throw Option.getOrElse(Cause.findErrorOption(exit.cause), () => failureError(exit.cause, []))
    }
  })
  const settle = () => ctx.onTestFinished(() => promise.then(constVoid, constVoid))
  if (ctx.signal.aborted) {
    settle()
  } else {
    ctx.signal.addEventListener("abort", settle, { once: true })
    promise.then(() => ctx.signal.removeEventListener("abort", settle), constVoid)
  }
  return promise
}

// The options of a run (or an exploration) that are not vitest's: the rest of an options object goes to vitest.
const runKeys: ReadonlySet<string> = new Set(["seed", "limit", "idle", "timeline", "arbitrary", "runs", "start"])

// A test's third argument, as `it.effect` takes it (a timeout in milliseconds, or options), split into the run's
// options and vitest's.
const split = <Options extends V.TestOptions>(
  options: number | Options | undefined
): readonly [Options | undefined, V.TestOptions] =>
  typeof options === "number"
    ? [undefined, { timeout: options }]
    : options === undefined
    ? [undefined, {}]
    : [options, Object.fromEntries(Object.entries(options).filter(([key]) => !runKeys.has(key)))]

// Vitest sets up the fixtures a test function's first parameter destructures, reading the function's source: a
// wrapper shows the source of the body it runs, as `@effect/vitest`'s do.
const withFixturesOf = <F extends (...args: ReadonlyArray<never>) => unknown>(source: unknown, f: F): F =>
  Object.defineProperty(f, "toString", { value: () => String(source) })

// The vitest registrations a tester's modifiers use: vitest's own `it`, `it.only`, … (each with `.for`).
type Register = typeof V.it.only

const modifiers = <T>(api: typeof V.it, test: (register: Register) => T) => ({
  only: test(api.only),
  skip: test(api.skip),
  skipIf: (condition: unknown) => test(api.skipIf(condition)),
  runIf: (condition: unknown) => test(api.runIf(condition)),
  fails: test(api.fails)
})

// What a tester does to a body before it runs: gives it a block's services (none at the top level).
type Provide<R> = <A, E>(
  self: Effect.Effect<A, E, R | VirtualEnvironment>
) => Effect.Effect<A, unknown, VirtualEnvironment>

const makeVirtual = <R>(api: typeof V.it, provide: Provide<R>): VirtualTester<R | VirtualEnvironment> => {
  const test = (register: Register): VirtualTest<R | VirtualEnvironment, VirtualOptions> => (name, self, options) => {
    const [run, vitest] = split(options)
    register(
      name,
      vitest,
      withFixturesOf(
        self,
        (ctx: V.TestContext) => execute(ctx, virtualBody(ctx, provide(Effect.suspend(() => self(ctx))), run))
      )
    )
  }
  const each: VirtualTester<R | VirtualEnvironment>["each"] = (cases) => (name, self, options) => {
    const [run, vitest] = split(options)
    api.for(cases)(
      name,
      vitest,
      withFixturesOf(
        self,
        (args: typeof cases[number], ctx: V.TestContext) =>
          execute(ctx, virtualBody(ctx, provide(Effect.suspend(() => self(args, ctx))), run))
      )
    )
  }
  const prop: VirtualTester<R | VirtualEnvironment>["prop"] = (name, arbitraries, self, options) => {
    const [run, vitest] = split(options)
    api(
      name,
      vitest,
      (ctx) => execute(ctx, propBody(ctx, arbitraries, (properties, ctx) => provide(self(properties, ctx)), run))
    )
  }
  return Object.assign(test(api), { ...modifiers(api, test), each, prop })
}

const makeExplore = <R>(api: typeof V.it, provide: Provide<R>): ExploreTester<R | VirtualEnvironment> => {
  const test = (register: Register): ExploreTest<R | VirtualEnvironment> => (name, self, options) =>
    register(
      name,
      split(options)[1],
      withFixturesOf(self, (ctx: V.TestContext) =>
        execute(ctx, exploreBody(ctx, provide(Effect.suspend(() => self(ctx))), options)))
    )
  const each: ExploreTester<R | VirtualEnvironment>["each"] = (cases) => (name, self, options) =>
    api.for(cases)(
      name,
      split(options)[1],
      withFixturesOf(
        self,
        (args: typeof cases[number], ctx: V.TestContext) =>
          execute(ctx, exploreBody(ctx, provide(Effect.suspend(() => self(args, ctx))), options))
      )
    )
  return Object.assign(test(api), { ...modifiers(api, test), each })
}

// `@effect/vitest`'s `it` (a proxy over vitest's) seen through one more proxy that adds the testers, so that neither
// vitest's `it` nor `@effect/vitest`'s is changed.
const extend = <Extended extends object>(base: object, added: Partial<Extended>): Extended =>
  new Proxy(base, {
    get: (target, property, receiver) =>
      Object.hasOwn(added, property) ? Reflect.get(added, property) : Reflect.get(target, property, receiver)
  }) as Extended

// `@effect/vitest`'s `layer` of a block whose bodies get `provide`'s services: the block's `it` gains `virtual` and
// `explore`, which build the layer inside each run (on the run's virtual time), and a `layer` of the same kind.
const layered = <R>(
  base: EffectVitest.Vitest.MethodsNonLive<R>["layer"],
  provide: Provide<R>
): Layered<R> =>
<R2, E>(layer: Layer.Layer<R2, E, R>, options?: LayerOptions) => {
  const inner: Provide<R | R2> = (self) => provide(Effect.provide(self, layer))
  const block = (f: (it: LayerMethods<R | R2>) => void) => (it: EffectVitest.Vitest.MethodsNonLive<R | R2>) =>
    f(extend<LayerMethods<R | R2>>(it, {
      virtual: makeVirtual(V.it, inner),
      explore: makeExplore(V.it, inner),
      layer: layered(it.layer, inner)
    }))
  const register = base(layer, options)
  return ((...args: [(it: LayerMethods<R | R2>) => void] | [string, (it: LayerMethods<R | R2>) => void]) =>
    args.length === 1 ? register(block(args[0])) : register(args[0], block(args[1]))) as ReturnType<Layered<R>>
}

const top: Provide<never> = (self) => self

/** `@effect/vitest`'s `it`, with `it.virtual` and `it.explore`, and a `layer` whose blocks have them too. */
export const it: Methods = extend<Methods>(EffectVitest.it, {
  virtual: makeVirtual(V.it, top),
  explore: makeExplore(V.it, top),
  layer: layered(EffectVitest.it.layer, top)
})
