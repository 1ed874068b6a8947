/**
 * How the test kit seeds `Random`: the seed a test uses (the caller's, else `EFFECT_ASYNCIO_SEED`, else a fresh one),
 * the region that runs an effect with it, and the line printed when that effect fails. `TestSeed` is its facade;
 * `it.virtual` and `it.explore` run their bodies through it.
 */
import * as Config from "effect/Config"
import * as Console from "effect/Console"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Random from "effect/Random"
import * as validate from "../../internal/validate.js"

/** The environment variable that forces the seed. */
export const EnvironmentVariable = "EFFECT_ASYNCIO_SEED"

/** The seed of the enclosing {@link seeded}, if any. */
export const CurrentSeed = Context.Reference<Option.Option<number>>("effect-asyncio/TestSeed/CurrentSeed", {
  defaultValue: () => Option.none()
})

const parseSeed = (text: string): Option.Option<number> => {
  const trimmed = text.trim()
  const value = /^-?\d+$/.test(trimmed) ? Number(trimmed) : NaN
  return Number.isSafeInteger(value) ? Option.some(value) : Option.none()
}

/** The seed to use: `forced`, else the variable from the `ConfigProvider`, else a fresh one; defects name `fn`. */
export const resolve = (fn: string, forced: number | undefined): Effect.Effect<number> =>
  Effect.suspend(() => {
    if (forced !== undefined) {
      return Number.isSafeInteger(forced)
        ? Effect.succeed(forced)
        : validate.illegal(fn, "seed", forced, "a safe integer")
    }
    return Effect.flatMap(
      Effect.orDie(Config.option(Config.String(EnvironmentVariable))),
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

/** The line printed when a seeded effect fails. */
export const replayHint = (seed: number): string => `seed=${seed}; rerun with ${EnvironmentVariable}=${seed}`

/** Runs `self` with `Random` seeded by the seed {@link resolve} gives, printing the hint if it does not succeed. */
export const seeded = <A, E, R>(self: Effect.Effect<A, E, R>, fn: string, forced: number | undefined) =>
  Effect.flatMap(resolve(fn, forced), (seed) =>
    self.pipe(
      Random.withSeed(seed),
      Effect.provideService(CurrentSeed, Option.some(seed)),
      Effect.onExit((exit) => Exit.isSuccess(exit) ? Effect.void : Console.error(replayHint(seed)))
    ))
