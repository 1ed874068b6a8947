/**
 * What the Effect test files see as `@effect/vitest` (or `effect-asyncio/vitest`) when the harness runs them: the
 * module itself, but for the tester of the mode (`it.effect`, or the `it.virtual` the one-word change calls), which registers each test as the module would unless `expectations.ts`
 * lists it: an expected failure is registered with `.fails` (it passes while it fails, and a test that starts to
 * pass shows up as a failure), a test listed as hanging with `.skip`. Every test's key is recorded, so that the
 * runner can check that each listed test still exists.
 *
 * In the `explore` mode, `it.virtual` is `it.explore` with 20 runs from a fixed exploration seed (`.prop` stays
 * `it.virtual.prop`: a property already runs many samples).
 */
import * as EffectVitest from "@effect/vitest"
import { it as kit } from "effect-asyncio/vitest"
import type * as Effect from "effect/Effect"
import * as V from "vitest"
import { expectations } from "./expectations.js"
import type { Expectation } from "./expectations.js"
import type { Mode } from "./upstream.js"

/** The exploration's settings in the `explore` mode. */
export const exploreRuns = 20
/** The exploration seed of every test in the `explore` mode (fixed: a known failure stays known). */
export const exploreSeed = 2026

/** The keys of the tests the harness registered, for the runner's check that every listed test still exists. */
export const registered: Set<string> = new Set()

/**
 * A test's key in `expectations.ts`: its suites' names and its own (the file's name first), joined by " > "; the
 * second test of a suite with the same name gets " (2)", and so on.
 */
export const keyOf = (name: string): string => {
  const suite = V.TestRunner.getCurrentSuite().suite
  const base = suite === undefined ? name : `${suite.fullTestName} > ${name}`
  let key = base
  for (let n = 2; registered.has(key); n++) {
    key = `${base} (${n})`
  }
  registered.add(key)
  return key
}

type Body = (...args: Array<never>) => Effect.Effect<unknown, unknown, never>
type Register = (name: string, self: Body, options?: unknown) => void

/** The registrations of a tester the harness picks between. */
interface Tester extends Register {
  readonly skip: Register
  readonly fails: Register
  readonly only: Register
  readonly skipIf: (condition: unknown) => Register
  readonly runIf: (condition: unknown) => Register
  readonly each: (cases: ReadonlyArray<unknown>) => Register
  readonly prop: (name: string, arbitraries: unknown, self: Body, options?: unknown) => void
}

// With `EFFECT_TESTS_MEASURE=1` every test is registered plainly, as if none were listed: to measure pass rates.
const expectationOf = (mode: Mode, key: string): Expectation | undefined =>
  process.env["EFFECT_TESTS_MEASURE"] === "1" ? undefined : expectations[mode][key]

// A registration that throws (an API of the pinned commit that effect 4.1.5 changed) becomes a test failing with
// that error, so that the rest of its file still runs.
const guarded = (name: string, register: () => void): void => {
  try {
    register()
  } catch (error) {
    V.it(name, () => {
      throw error
    })
  }
}

/**
 * The bodies the `explore` mode explores in `npm test`: those that name time (a sleep, a clock, a schedule, a
 * timeout, a duration…); the others are skipped there (they run under `it.virtual` in the `virtual` mode). With
 * `EFFECT_TESTS_EXPLORE=all`, every test is explored.
 */
export const namesTime = (body: unknown): boolean =>
  process.env["EFFECT_TESTS_EXPLORE"] === "all" ||
  /sleep|Clock|Schedule|timeout|Timeout|delay|Delay|debounce|throttle|Duration|[Ww]ithin|TTL|timeToLive|millis|second|minute|hour|Cron|RateLimiter|retry|repeat/
    .test(String(body))

// A tester whose plain registration follows the expectations; its modifiers are the tester's own.
const following = (mode: Mode, tester: Tester): Tester => {
  const register: Register = (name, self, options) => {
    const key = keyOf(name)
    const expected = expectationOf(mode, key)
    const target = mode === "explore" && !namesTime(self)
      ? tester.skip
      : expected === undefined
      ? tester
      : expected.outcome === "fails"
      ? tester.fails
      : tester.skip
    guarded(name, () => target(name, self, options))
  }
  return Object.assign(register, {
    skip: tester.skip,
    fails: tester.fails,
    only: tester.only,
    skipIf: tester.skipIf,
    runIf: tester.runIf,
    each: tester.each,
    prop: (name: string, arbitraries: unknown, self: Body, options?: unknown) => {
      const expected = expectationOf(mode, keyOf(name))
      return expected === undefined
        ? guarded(name, () => tester.prop(name, arbitraries, self, options))
        : tester.skip(name, self, options)
    }
  })
}

// `it.explore` with the harness's runs and seed, taking `it.effect`'s third argument (a timeout, or vitest's options).
const exploring = (): Tester => {
  const explore = kit.explore
  const options = (given: unknown) => ({
    ...(typeof given === "number" ? { timeout: given } : typeof given === "object" ? given : {}),
    runs: exploreRuns,
    seed: exploreSeed
  })
  const adapt = (register: typeof explore.only): Register => (name, self, given) =>
    register(name, self as never, options(given))
  return Object.assign(adapt(explore), {
    skip: adapt(explore.skip),
    fails: adapt(explore.fails),
    only: adapt(explore.only),
    skipIf: (condition: unknown) => adapt(explore.skipIf(condition)),
    runIf: (condition: unknown) => adapt(explore.runIf(condition)),
    each: (cases: ReadonlyArray<unknown>): Register => (name, self, given) =>
      explore.each(cases)(name, self as never, options(given)),
    prop: kit.virtual.prop as unknown as Tester["prop"]
  })
}

/** The `it` a mode's copies import. */
export const harness = (mode: Mode) => {
  const tester = mode === "effect"
    ? EffectVitest.it.effect as unknown as Tester
    : mode === "virtual"
    ? kit.virtual as unknown as Tester
    : exploring()
  const property = mode === "effect" ? "effect" : "virtual"
  const replaced = following(mode, tester)
  // `it.live` (real time in every mode) follows the expectations too
  const live = following(mode, kit.live as unknown as Tester)
  const it = new Proxy(kit, {
    get: (target, key, receiver) =>
      key === property ? replaced : key === "live" ? live : Reflect.get(target, key, receiver)
  })
  return { it }
}
