/**
 * Replayable randomness for tests: one seed per test for all of `Random`, printed when the test fails, and forced
 * with an environment variable to replay a failure exactly.
 *
 * `@effect/vitest`'s `it.effect` gives every test the process-wide `Random`, seeded at random when the
 * process starts: values change from run to run and a failure cannot be replayed. Wrap the test body with
 * {@link seeded}: it picks a seed (from `EFFECT_ASYNCIO_SEED` when set, otherwise a fresh one), runs the body with
 * `Random.withSeed(seed)` (forked fibers inherit it), and when the body fails, dies or is interrupted it prints
 * `seed=N; rerun with EFFECT_ASYNCIO_SEED=N` to the console's error stream. Same seed, same values; with
 * `VirtualTime`, also the same timeline.
 *
 * ```text
 * it.effect("waits come back sorted", () => TestSeed.seeded(Effect.gen(function*() { ... })))
 * // on failure: seed=736151392; rerun with EFFECT_ASYNCIO_SEED=736151392
 * // replay:     EFFECT_ASYNCIO_SEED=736151392 npx vitest run test/Wait.test.ts -t "sorted"
 * ```
 *
 * The variable is read through Effect's `ConfigProvider` (the process environment by default), so a test can set
 * it by providing another `ConfigProvider.ConfigProvider`. Inside `it.effect` the console is `TestConsole`, which
 * keeps the printed line: `it.virtual` of `effect-asyncio/vitest` puts the seed in the test's error instead.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import { dual } from "effect/Function"
import type * as Option from "effect/Option"
import * as internal from "./internal/seed.js"

/**
 * The environment variable that forces the seed: `EFFECT_ASYNCIO_SEED`.
 *
 * @since 0.1.0
 * @category constants
 * @example
 * ```ts
 * import { TestSeed } from "effect-asyncio/testing"
 *
 * console.log(TestSeed.EnvironmentVariable) // "EFFECT_ASYNCIO_SEED"
 * ```
 */
export const EnvironmentVariable: string = internal.EnvironmentVariable

/**
 * Options of {@link seeded}.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { TestSeed } from "effect-asyncio/testing"
 *
 * const options: TestSeed.Options = { seed: 42 }
 * console.log(options.seed) // 42
 * ```
 */
export interface Options {
  /** Use this seed, whatever the environment says (a safe integer). */
  readonly seed?: number | undefined
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
 * import { TestSeed } from "effect-asyncio/testing"
 *
 * Effect.runPromise(TestSeed.resolve({ seed: 7 })).then(console.log) // 7
 * Effect.runPromise(TestSeed.resolve()).then(console.log) // the variable's value, or a fresh seed
 * ```
 */
export const resolve = (options?: Options | undefined): Effect.Effect<number> =>
  internal.resolve("TestSeed.resolve", options?.seed)

/**
 * The line {@link seeded} prints when a test fails: `seed=N; rerun with EFFECT_ASYNCIO_SEED=N`.
 *
 * @since 0.1.0
 * @category rendering
 * @example
 * ```ts
 * import { TestSeed } from "effect-asyncio/testing"
 *
 * console.log(TestSeed.replayHint(42)) // "seed=42; rerun with EFFECT_ASYNCIO_SEED=42"
 * ```
 */
export const replayHint: (seed: number) => string = internal.replayHint

/**
 * Runs an effect (typically a test body) with one seeded `Random` for all of it, and prints the seed with
 * `Console.error` if it fails, dies or is interrupted.
 *
 * The seed comes from {@link resolve}. The effect and every fiber it forks draw from `Random.withSeed(seed)`, so the
 * same seed gives the same values and, under `VirtualTime`, the same timeline. The effect's result and failure are
 * unchanged. {@link current} reads the seed inside.
 *
 * @since 0.1.0
 * @category combinators
 * @example
 * ```ts
 * import { Effect, Random } from "effect"
 * import { TestSeed } from "effect-asyncio/testing"
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
    internal.seeded(self, "TestSeed.seeded", options?.seed)
)

/**
 * The seed of the enclosing {@link seeded}, if any.
 *
 * @since 0.1.0
 * @category getters
 * @example
 * ```ts
 * import { Effect, Option } from "effect"
 * import { TestSeed } from "effect-asyncio/testing"
 *
 * Effect.runPromise(TestSeed.seeded(TestSeed.current, { seed: 5 })).then((seed) => {
 *   console.log(Option.getOrUndefined(seed)) // 5
 * })
 * ```
 */
export const current: Effect.Effect<Option.Option<number>> = Effect.service(internal.CurrentSeed)
