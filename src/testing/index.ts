/**
 * The test kit's entry, `effect-asyncio/testing`: what a test needs from the library beyond its modules, with no
 * test runner loaded (the runner's half, `it.virtual` and `it.explore`, is `effect-asyncio/vitest`).
 *
 * @since 1.0.0
 */

/**
 * Replayable randomness for tests: one seed per test for all of `Random`, printed when the test fails, and forced
 * with `EFFECT_ASYNCIO_SEED` to replay a failure exactly.
 *
 * @since 0.1.0
 */
export * as TestSeed from "./TestSeed.js"
