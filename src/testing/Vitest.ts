/**
 * The test helpers' entry, `effect-asyncio/vitest`: everything `@effect/vitest` offers, and two testers that run a
 * test body on auto-advancing virtual time with one replayable seed, and say how to replay a failure and what
 * happened up to it: `it.virtual` runs the body once, `it.explore` under many schedules (see {@link it}).
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
 * What a body of `it.virtual` or `it.explore` may require: a `Scope`, closed when the body ends, on virtual time.
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
 * Options of `it.virtual`: `seed`, `limit`, `idle`, `start` (the instant virtual time starts at: a `DateTime`, a
 * `Date` or epoch milliseconds), `timeline` (`false` records none), and vitest's test options (`timeout`, `retry`, …),
 * for which a number stands for the timeout as under `it.effect`.
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
 * Options of `it.explore`: `runs`, the exploration's `seed`, each run's `limit`, `idle` and `start`, and vitest's test
 * options (`timeout`, for all the runs together, `retry`, …).
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
 * The values one sample of `it.virtual.prop` draws: a tuple or a record, as its arbitraries (or schemas) are.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { Schema } from "effect"
 * import type { Properties } from "effect-asyncio/vitest"
 *
 * const drawn: Properties<{ millis: Schema.Number }> = { millis: 3 }
 * console.log(drawn.millis) // 3
 * ```
 */
export type Properties<Arbs extends internal.Arbitraries> = internal.Properties<Arbs>

/**
 * The type of this entry's `it`: `@effect/vitest`'s, with `virtual` (`.only`, `.skip`, `.skipIf`, `.runIf`, `.fails`,
 * `.each`, `.prop`, as `it.effect` has them) and `explore` (the same but `.prop`), and a `layer` whose blocks have
 * both; `Methods["virtual"]` names the type of `it.virtual`.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { Methods } from "effect-asyncio/vitest"
 * import { it } from "effect-asyncio/vitest"
 *
 * const methods: Methods = it
 * console.log(typeof methods.virtual.prop, typeof methods.explore.only) // "function" "function"
 * ```
 */
export type Methods = internal.Methods

/**
 * `@effect/vitest`'s `it`, with `it.virtual` and `it.explore`.
 *
 * **`it.virtual(name, (ctx) => effect, options?)`** runs the body on auto-advancing virtual time
 * (`VirtualTime.run`: sleeps cost no real time, a body that can never finish fails with `DeadlockError`, one that
 * would run past `limit` with `TimeLimitError`) with `Random` seeded for all of it by `TestSeed` (a fresh seed per
 * test; `options.seed`, else `EFFECT_ASYNCIO_SEED`, fixes it), from the Unix epoch or `options.start`. It is a
 * drop-in for `it.effect`: the same call shapes (a number as the third argument is vitest's timeout; an options object
 * holds the run's options and vitest's), the same test services (`TestConsole`, and `TestClock`, whose `adjust` and
 * `setTime` move the virtual clock), and a `Scope`, closed when the body ends. Its spans are recorded as it runs
 * (`timeline: false` turns that off); on failure, the error adds the seed, the virtual time of the failure, the
 * command that replays it, and the chart of the spans up to it. `.only`, `.skip`, `.skipIf`, `.runIf`, `.fails`,
 * `.each` and `.prop` work as `it.effect`'s do; `.prop` runs each sample with the test's seed, which also seeds the
 * property check (unless `arbitrary.seed` is given), so that one seed replays the failing sample.
 *
 * **`it.explore(name, (ctx) => effect, { runs, seed? })`** runs the body `runs` times, each run under a schedule
 * derived from the exploration's seed as `VirtualTime.explore` derives it, with `Random` seeded by the run's schedule
 * seed too. The first failing run fails the test with its schedule seed, its run number, the failure and its
 * timeline; `EFFECT_ASYNCIO_SEED` set to that seed replays that run alone. `limit`, `idle` and `start` apply to each
 * run, `timeout` to them all. `.only`, `.skip`, `.skipIf`, `.runIf`, `.fails` and `.each` work as `it.virtual`'s do.
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

/**
 * `@effect/vitest`'s `layer`, whose block's `it` has `virtual` and `explore` too (and a `layer` of the same kind).
 *
 * A suite that shares services through `layer(...)` moves with the same one-word change. `it.effect` in the block is
 * `@effect/vitest`'s, the layer built once for the block as there; `it.virtual` and `it.explore` build the layer for
 * each run, inside it, so that the services take their time from the run's virtual clock.
 *
 * @since 1.0.0
 * @category testing
 * @example
 * ```ts
 * import { Clock, Context, Effect, Layer } from "effect"
 * import { assert, layer } from "effect-asyncio/vitest"
 *
 * class Started extends Context.Service<Started, { readonly at: number }>()("Started") {}
 *
 * layer(Layer.effect(Started, Effect.map(Clock.currentTimeMillis, (at) => ({ at }))))("a service", (it) => {
 *   it.virtual("is built on the test's virtual time", () =>
 *     Effect.gen(function*() {
 *       yield* Effect.sleep("1 hour")
 *       assert.strictEqual((yield* Started).at, 0)
 *     }))
 * })
 * ```
 */
export const layer: internal.Layered<never> = internal.it.layer

/**
 * The `it` of a `layer` block: `@effect/vitest`'s, with `virtual` and `explore` given the block's services.
 *
 * @since 1.0.0
 * @category models
 * @example
 * ```ts
 * import type { LayerMethods } from "effect-asyncio/vitest"
 * import { layer } from "effect-asyncio/vitest"
 * import { Layer } from "effect"
 *
 * layer(Layer.empty)((it: LayerMethods<never>) => {
 *   console.log(typeof it.virtual, typeof it.explore) // "function" "function"
 * })
 * ```
 */
export type LayerMethods<R> = internal.LayerMethods<R>
