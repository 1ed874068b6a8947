/**
 * What the command accepts. Every value a user types is read by `@effect/cli`'s own `Args` and `Options` through an
 * Effect `Schema` that states the contract of the library function the value is passed to, so whatever the library
 * would refuse is refused while parsing, in one line that names the argument and shows the value as typed
 * (`n must be a non-negative integer, got '-1'`). The settings every command shares are defined here once.
 *
 * @internal
 */
import * as Args from "@effect/cli/Args"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Options from "@effect/cli/Options"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as v8 from "node:v8"
import * as validate from "./validate.js"

/** A number as `Number()` reads it (Effect's `NumberFromString`), kept when `accept` holds; one message otherwise. */
const number = (name: string, expected: string, accept: (n: number) => boolean): Schema.Schema<number, string> =>
  Schema.compose(Schema.NumberFromString, Schema.Number.pipe(Schema.filter((n) => accept(n)))).annotations({
    message: (issue) => ({ message: `${name} must be ${expected}, got '${String(issue.actual)}'`, override: true })
  })

const isCount = (min: number) => (n: number): boolean => Number.isSafeInteger(n) && n >= min

const countExpected = (min: number): string => min > 0 ? "a positive integer" : "a non-negative integer"

/** What one item of a count costs in memory, to refuse a count that cannot fit in this process. @internal */
export interface Footprint {
  /** Bytes one item keeps alive while the work runs (an upper estimate of the measured figure). */
  readonly bytes: number
  /** What an item is, e.g. "pending wait". */
  readonly item: string
}

const megabytes = (bytes: number): string => `${Math.round(bytes / 2 ** 20).toLocaleString("en-US")} MB`

/**
 * Refuses a count whose items cannot all be alive at once in what is left of V8's heap, before anything starts:
 * one line that says how many fit here and why.
 *
 * @internal
 */
export const fits = (name: string, footprint: Footprint) => (n: number): Effect.Effect<number, HelpDoc.HelpDoc> =>
  Effect.suspend(() => {
    const heap = v8.getHeapStatistics()
    const free = Math.max(0, heap.heap_size_limit - heap.used_heap_size)
    const room = Math.floor(free / footprint.bytes)
    return n <= room ? Effect.succeed(n) : Effect.fail(HelpDoc.p(
      `${name} must be at most ${room.toLocaleString("en-US")} in this process, got ${n}: ` +
        `a ${footprint.item} takes about ${(footprint.bytes / 1000).toFixed(1)} kB and ${megabytes(free)} of the ` +
        `${megabytes(heap.heap_size_limit)} heap are free (raise the limit with NODE_OPTIONS=--max-old-space-size=…)`
    ))
  })

/** A positional count (`n`, `from`): a safe integer of at least `min`. @internal */
export const count = (name: string, min: number, description: string): Args.Args<number> =>
  Args.text({ name }).pipe(
    Args.withSchema(number(name, countExpected(min), isCount(min))),
    Args.withDescription(`${description} (${countExpected(min)})`)
  )

/** A positional count whose items are alive at once: also refused when they cannot fit in the heap. @internal */
export const countInMemory = (
  name: string,
  min: number,
  footprint: Footprint,
  description: string
): Args.Args<number> => count(name, min, description).pipe(Args.mapEffect(fits(name, footprint)))

/** A positional integer of any sign (Python's `range` bounds). @internal */
export const integer = (name: string, description: string): Args.Args<number> =>
  Args.text({ name }).pipe(
    Args.withSchema(number(name, "an integer", Number.isSafeInteger)),
    Args.withDescription(`${description} (integers)`)
  )

/** A positional number of seconds, as the exercises take them (`validate.isSeconds`). @internal */
export const seconds = (name: string, description: string): Args.Args<number> =>
  Args.text({ name }).pipe(
    Args.withSchema(number(name, validate.secondsExpected, validate.isSeconds)),
    Args.withDescription(`${description} (${validate.secondsExpected})`)
  )

/** An optional `--name N` count. @internal */
export const countOption = (name: string, min: number, description: string): Options.Options<Option.Option<number>> =>
  Options.text(name).pipe(
    Options.withPseudoName("N"),
    Options.withSchema(number(`--${name}`, countExpected(min), isCount(min))),
    Options.optional,
    Options.withDescription(`${description} (${countExpected(min)})`)
  )

/** An optional `--url` of a WebSocket server (what `WebSocketClient.messages` accepts). @internal */
export const webSocketUrl = (name: string, description: string): Options.Options<Option.Option<string>> =>
  Options.text(name).pipe(
    Options.withPseudoName("ws://…"),
    Options.withSchema(Schema.String.pipe(
      Schema.filter((text) => URL.canParse(text) && ["ws:", "wss:"].includes(new URL(text).protocol)),
      Schema.annotations({
        message: (issue) => ({
          message: `--${name} must be a ws:// or wss:// URL, got '${String(issue.actual)}'`,
          override: true
        })
      })
    )),
    Options.optional,
    Options.withDescription(description)
  )

// ---------------------------------------------------------------------------------------------------------------
// the settings every command takes
// ---------------------------------------------------------------------------------------------------------------

/** The clocks a command can run on. @internal */
export type ClockName = "live" | "virtual"

const clock = Options.text("clock").pipe(
  Options.withPseudoName("live|virtual"),
  Options.withSchema(
    Schema.Literal("live", "virtual").annotations({
      message: (issue) => ({
        message: `--clock must be live or virtual, got '${String(issue.actual)}'`,
        override: true
      })
    })
  ),
  Options.optional,
  Options.withDescription(
    "live (default): real time on LiveClock, sleepers wake in exact deadline order; virtual: auto-advancing " +
      "virtual time, instant and exact"
  )
)

const rate = Options.text("rate").pipe(
  Options.withPseudoName("K"),
  Options.withSchema(number("--rate", "a finite, positive number", (n) => Number.isFinite(n) && n > 0)),
  Options.optional,
  Options.withDescription("speed of the live clock: 10 runs ten times faster (the tour's default; commands: 1)")
)

const seed = Options.text("seed").pipe(
  Options.withPseudoName("N"),
  Options.withSchema(number("--seed", "an integer", Number.isSafeInteger)),
  Options.optional,
  Options.withDescription("seed of the Random service: the same seed gives the same output")
)

const timeline = Options.boolean("timeline").pipe(
  Options.withDescription("after the results, print a chart of when each labelled effect ran")
)

const json = Options.boolean("json").pipe(
  Options.withDescription("print one JSON object per result (and per stream element), for scripts")
)

/**
 * The settings options, accepted both before and after a command's name (`--clock virtual wait-n 5 1` and
 * `wait-n 5 1 --clock virtual` mean the same).
 *
 * @internal
 */
export const settings = { clock, rate, seed, timeline, json }

/** The settings as parsed at one level of the command line. @internal */
export interface ParsedSettings {
  readonly clock: Option.Option<ClockName>
  readonly rate: Option.Option<number>
  readonly seed: Option.Option<number>
  readonly timeline: boolean
  readonly json: boolean
}

/** The settings of one run. @internal */
export interface Settings {
  readonly clock: ClockName
  /** Program seconds per real second on the live clock. */
  readonly rate: number
  readonly seed: Option.Option<number>
  readonly timeline: boolean
  readonly json: boolean
}

/** A command's settings: its own when given, else those given before its name, else the defaults. @internal */
export const resolve = (own: ParsedSettings, outer: ParsedSettings, defaultRate: number): Settings => ({
  clock: Option.getOrElse(Option.orElse(own.clock, () => outer.clock), () => "live" as const),
  rate: Option.getOrElse(Option.orElse(own.rate, () => outer.rate), () => defaultRate),
  seed: Option.orElse(own.seed, () => outer.seed),
  timeline: own.timeline || outer.timeline,
  json: own.json || outer.json
})

const settingNames = (bool: boolean): Array<string> => {
  const all: ReadonlyArray<Options.Options<unknown>> = Object.values(settings)
  return all.filter((option) => Options.isBool(option) === bool).flatMap((option) =>
    Option.toArray(Options.getIdentifier(option))
  )
}

/**
 * The options a command line can hold before a command's name, for telling an unknown option from a missing value:
 * the settings and @effect/cli's built-in options.
 *
 * @internal
 */
export const topLevelOptions = {
  flags: new Set([...settingNames(true), "--help", "-h", "--version", "--wizard"]),
  valued: new Set([...settingNames(false), "--completions", "--log-level"])
}
