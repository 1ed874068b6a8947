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
 * replay: EFFECT_ASYNCIO_SEED=736151392 npx vitest run test/retry.test.ts -t "^retry > recovers$"
 * timeline up to the failure:
 *         0                   500ms                1s                   1.5s
 *         ├───────────────────┼────────────────────┼────────────────────┼───┤
 * attempt ██✗       ▓▓✗                ██✗                                ▓▓▓ 1.6s
 * ```
 *
 * The replay command names the test's file and its full name (anchored, so that it runs this test alone); add the
 * flags you run vitest with (`--config`) if you need them. This entry is the only part of the package that loads
 * `vitest` and `@effect/vitest`: the library entry never does.
 *
 * @since 0.1.0
 */
import * as internal from "./internal/vitest.js"

/**
 * Everything `@effect/vitest` exports (and, through it, `vitest`): `describe`, `expect`, `assert`, `layer`,
 * `flakyTest`, `beforeAll`, …; its `it` is extended by {@link it}.
 *
 * @since 0.1.0
 */
export * from "@effect/vitest"

/**
 * The services a body of `it.virtual` or `it.explore` requires: a `Scope`, closed when the body ends, still on virtual
 * time (the body also gets `it.effect`'s `TestConsole`).
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
export type VirtualEnvironment = internal.VirtualEnvironment

/**
 * Options of `it.virtual`: `seed`, `limit`, `idle`, `timeline` (`false` records none) and vitest's `timeout`.
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
export type VirtualOptions = internal.VirtualOptions

/**
 * Options of `it.virtual.prop`: those of `it.virtual`, and `arbitrary` (Effect's `Arbitrary.CheckOptions`).
 *
 * @since 1.0.0
 * @category models
 * @example
 * ```ts
 * import type { PropOptions } from "effect-asyncio/vitest"
 *
 * const options: PropOptions = { arbitrary: { runs: 20 } }
 * console.log(options.arbitrary?.runs) // 20
 * ```
 */
export type PropOptions = internal.PropOptions

/**
 * Options of `it.explore`: `runs`, the exploration's `seed`, each run's `limit` and `idle`, and vitest's `timeout`.
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
export type ExploreOptions = internal.ExploreOptions

/**
 * The values drawn for one sample of `it.virtual.prop`: a tuple or a record, as its arbitraries are.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { Schema } from "effect"
 * import type { Properties } from "effect-asyncio/vitest"
 *
 * const drawn: Properties<[Schema.Number]> = [3]
 * console.log(drawn[0]) // 3
 * ```
 */
export type Properties<Arbs extends internal.Arbitraries> = internal.Properties<Arbs>

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
export type VirtualTest<R, Options> = internal.VirtualTest<R, Options>

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
export type VirtualTester<R> = internal.VirtualTester<R>

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
export type ExploreTest<R> = internal.ExploreTest<R>

/**
 * `it.explore`: an {@link ExploreTest} with `.only` and `.skip`.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { ExploreTester, VirtualEnvironment } from "effect-asyncio/vitest"
 * import { it } from "effect-asyncio/vitest"
 *
 * const explore: ExploreTester<VirtualEnvironment> = it.explore
 * console.log(typeof explore.only) // "function"
 * ```
 */
export type ExploreTester<R> = internal.ExploreTester<R>

/**
 * The `it` of this entry: `@effect/vitest`'s (`it.effect`, `it.live`, `it.prop`, `it.layer`, …, and vitest's own),
 * with `virtual` and `explore`.
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
export type Methods = internal.Methods

/**
 * `@effect/vitest`'s `it`, with `it.virtual` and `it.explore`.
 *
 * **`it.virtual(name, (ctx) => effect, options?)`** runs the body on auto-advancing virtual time
 * (`VirtualTime.run`: sleeps cost no real time, a body that can never finish fails with `DeadlockError`, one that
 * would run past `limit` with `TimeLimitError`) with `Random` seeded for all of it by `TestSeed` (a fresh seed per
 * test; `options.seed`, else `EFFECT_ASYNCIO_SEED`, fixes it). The body gets `it.effect`'s test services (its output
 * goes to `TestConsole`) and a `Scope`, closed when it ends. Its spans are recorded as it runs (`timeline: false`
 * turns that off); on failure, the error adds the seed, the virtual time of the failure, the command that replays
 * it, and the chart of the spans up to it. `.only`, `.skip`, `.each` and `.prop` work as `it.effect`'s do; `.prop`
 * runs each sample with the test's seed, which also seeds the property check (unless `arbitrary.seed` is given), so
 * that one seed replays the failing sample.
 *
 * **`it.explore(name, (ctx) => effect, { runs, seed? })`** runs the body `runs` times, each run under a schedule
 * derived from the exploration's seed as `VirtualTime.explore` derives it, with `Random` seeded by the run's schedule
 * seed too. The first failing run fails the test with its schedule seed, its run number, the failure and its
 * timeline; `EFFECT_ASYNCIO_SEED` set to that seed replays that run alone. `limit` and `idle` apply to each run,
 * `timeout` to them all.
 *
 * @since 0.1.0
 * @category testing
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
 *     yield* Effect.all([Ref.set(value, "a"), Effect.andThen(Effect.sleep("1 milli"), Ref.set(value, "b"))], {
 *       concurrency: "unbounded"
 *     })
 *     assert.strictEqual(yield* Ref.get(value), "b")
 *   }), { runs: 100 })
 * ```
 */
export const it: Methods = internal.it
