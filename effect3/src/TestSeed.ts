/**
 * Replayable randomness for tests: one seed per test for all of `Random`, printed when the test fails, and forced
 * with an environment variable to replay a failure exactly.
 *
 * `@effect/vitest`'s `it.effect` gives every test the process-wide `Random`, seeded at random when the
 * process starts: values change from run to run and a failure cannot be replayed. Wrap the test body with
 * {@link seeded}: it picks a seed (from `EFFECT_ASYNCIO_SEED` when set, otherwise a fresh one), runs the body with
 * `Random.make(seed)` (forked fibers inherit it), and when the body fails, dies or is interrupted it prints
 * `seed=N; rerun with EFFECT_ASYNCIO_SEED=N` to the console's error stream. Same seed, same values; with
 * `VirtualTime`, also the same timeline.
 *
 * ```text
 * it.effect("waits come back sorted", () => TestSeed.seeded(Effect.gen(function*() { ... })))
 * // on failure: seed=736151392; rerun with EFFECT_ASYNCIO_SEED=736151392
 * // replay:     EFFECT_ASYNCIO_SEED=736151392 npx vitest run test/Wait.test.ts -t "sorted"
 * ```
 *
 * The variable is read through Effect's `ConfigProvider` (the process environment by default, also inside
 * `it.effect`), so a test can set it with `Effect.withConfigProvider`.
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FiberRef from "effect/FiberRef"
import { dual } from "effect/Function"
import { globalValue } from "effect/GlobalValue"
import * as Option from "effect/Option"
import * as Random from "effect/Random"
import * as validate from "./internal/validate.js"

/**
 * The environment variable that forces the seed: `EFFECT_ASYNCIO_SEED`.
 *
 * @since 0.1.0
 * @category constants
 * @example
 * ```ts
 * import { TestSeed } from "effect-asyncio"
 *
 * console.log(TestSeed.EnvironmentVariable) // "EFFECT_ASYNCIO_SEED"
 * ```
 */
export const EnvironmentVariable: string = "EFFECT_ASYNCIO_SEED"

/**
 * Options of {@link seeded}.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { TestSeed } from "effect-asyncio"
 *
 * const options: TestSeed.Options = { seed: 42 }
 * console.log(options.seed) // 42
 * ```
 */
export interface Options {
  /** Use this seed, whatever the environment says (a safe integer). */
  readonly seed?: number | undefined
}

const currentSeed: FiberRef.FiberRef<Option.Option<number>> = globalValue(
  Symbol.for("effect-asyncio/TestSeed/currentSeed"),
  () => FiberRef.unsafeMake(Option.none<number>())
)

const parseSeed = (text: string): Option.Option<number> => {
  const trimmed = text.trim()
  const value = /^-?\d+$/.test(trimmed) ? Number(trimmed) : NaN
  return Number.isSafeInteger(value) ? Option.some(value) : Option.none()
}

/**
 * The seed the test should use: the option, else `EFFECT_ASYNCIO_SEED` from the `ConfigProvider`, else a fresh
 * one drawn from the ambient `Random`.
 *
 * A malformed option or variable is a defect naming `TestSeed.resolve` (or `TestSeed.seeded`, when it resolves).
 *
 * @since 0.1.0
 * @category getters
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { TestSeed } from "effect-asyncio"
 *
 * Effect.runPromise(TestSeed.resolve()).then(console.log) // the variable's value, or a fresh seed
 * ```
 */
export const resolve = (options?: Options | undefined): Effect.Effect<number> => resolveAs("TestSeed.resolve", options)

// `resolve`, its defects naming `fn`: the function the caller called.
const resolveAs = (fn: string, options: Options | undefined): Effect.Effect<number> =>
  Effect.suspend(() => {
    const forced = options?.seed
    if (forced !== undefined) {
      return Number.isSafeInteger(forced)
        ? Effect.succeed(forced)
        : validate.illegal(fn, "seed", forced, "a safe integer")
    }
    return Effect.flatMap(
      Effect.orDie(Config.option(Config.string(EnvironmentVariable))),
      Option.match({
        onNone: () => Random.nextIntBetween(1, 1_000_000_000),
        onSome: (text) =>
          Option.match(parseSeed(text), {
            onNone: () => validate.illegal(fn, EnvironmentVariable, text, "an integer"),
            onSome: (seed) => Effect.succeed(seed)
          })
      })
    )
  })

/**
 * The line {@link seeded} prints when a test fails: `seed=N; rerun with EFFECT_ASYNCIO_SEED=N`.
 *
 * @since 0.1.0
 * @category rendering
 * @example
 * ```ts
 * import { TestSeed } from "effect-asyncio"
 *
 * console.log(TestSeed.replayHint(42)) // "seed=42; rerun with EFFECT_ASYNCIO_SEED=42"
 * ```
 */
export const replayHint = (seed: number): string => `seed=${seed}; rerun with ${EnvironmentVariable}=${seed}`

/**
 * Runs an effect (typically a test body) with one seeded `Random` for all of it, and prints the seed with
 * `Console.error` if it fails, dies or is interrupted.
 *
 * The seed comes from {@link resolve}. The effect and every fiber it forks draw from `Random.make(seed)`, so the same
 * seed gives the same values and, under `VirtualTime`, the same timeline. The effect's result and failure are
 * unchanged. {@link current} reads the seed inside.
 *
 * @since 0.1.0
 * @category combinators
 * @example
 * ```ts
 * import { Effect, Random } from "effect"
 * import { TestSeed } from "effect-asyncio"
 *
 * const draw = TestSeed.seeded(Random.nextIntBetween(0, 100), { seed: 7 })
 * Effect.runPromise(Effect.zip(draw, draw)).then(([a, b]) => console.log(a === b)) // true
 * ```
 */
export const seeded: {
  (options?: Options | undefined): <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  <A, E, R>(self: Effect.Effect<A, E, R>, options?: Options | undefined): Effect.Effect<A, E, R>
} = dual(
  (args) => Effect.isEffect(args[0]),
  <A, E, R>(self: Effect.Effect<A, E, R>, options?: Options | undefined): Effect.Effect<A, E, R> =>
    Effect.flatMap(resolveAs("TestSeed.seeded", options), (seed) =>
      self.pipe(
        Effect.withRandom(Random.make(seed)),
        Effect.locally(currentSeed, Option.some(seed)),
        Effect.onExit((exit) => Exit.isSuccess(exit) ? Effect.void : Console.error(replayHint(seed)))
      ))
)

/**
 * The seed of the enclosing {@link seeded}, if any.
 *
 * @since 0.1.0
 * @category getters
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { TestSeed } from "effect-asyncio"
 *
 * Effect.runPromise(TestSeed.seeded(TestSeed.current, { seed: 5 })).then(console.log) // { _id: "Option", _tag: "Some", value: 5 }
 * ```
 */
export const current: Effect.Effect<Option.Option<number>> = FiberRef.get(currentSeed)
