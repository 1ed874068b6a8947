/**
 * What the command accepts. Every value typed is read here while the command line is parsed, against the contract of
 * the library function it is passed to, so a command never starts with a value the library would refuse. A refused
 * value is a `CliError.InvalidValue` whose `expected` says what the value must be (`a non-negative integer`); the
 * exit policy prints it as one line (`n must be a non-negative integer, got '-1'`). The flags every command shares
 * are defined here once.
 *
 * @internal
 */
import * as Argument from "effect/cli/Argument"
import * as CliError from "effect/cli/CliError"
import type * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import * as Effect from "effect/Effect"
import * as FileSystem from "effect/FileSystem"
import * as Option from "effect/Option"
import { Wait } from "../../index.js"
import * as exit from "./exit.js"
import * as node from "./node.js"

/** Reads a typed value; fails with what the value must be. */
type Read<A> = (text: string) => Effect.Effect<A, string, FileSystem.FileSystem>

/** A number as people write it in decimal (`5`, `-2`, `0.5`, `1e3`); not `0x10`, `" 5"`, `Infinity` or `""`. */
const Decimal = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i

const fail = (expected: string) => Effect.fail(expected)

/** A decimal number for which `accept` holds. */
const number = (expected: string, accept: (n: number) => boolean): Read<number> => (text) =>
  Decimal.test(text) && accept(Number(text)) ? Effect.succeed(Number(text)) : fail(expected)

/**
 * An integer from `least` to `most`. A decimal integer too large for a number (`1e400`) is an integer too: it is
 * refused as too large, not as "not an integer".
 */
const integer = (least: number, most: number, expected: string): Read<number> => (text) =>
  Effect.flatMap(
    number(expected, (n) => (Number.isInteger(n) || Math.abs(n) === Infinity) && n >= least)(text),
    (n) => n > most ? fail(least < 0 ? `from ${least} to ${most}` : `at most ${most}`) : Effect.succeed(n)
  )

const counted = (least: number): string => least > 0 ? "a positive integer" : "a non-negative integer"

/** What one item of a count keeps alive while the work runs, to refuse a count that cannot fit. @internal */
export interface Footprint {
  /** Bytes one item keeps alive (an upper estimate of the measured figure). */
  readonly bytes: number
  /**
   * Bytes more while the progress line counts the items: each is then a span, and a traced wait runs on a fiber of
   * its own (see `Wait.waitN`).
   */
  readonly progress: number
  /** What an item is, e.g. "pending wait". */
  readonly item: string
}

/** V8's old space: its limit and how much of it is in use, in bytes (`node.heap`). @internal */
export interface Heap {
  readonly limit: number
  readonly used: number
}

const free = ({ limit, used }: Heap): number => Math.max(0, limit - used)

/**
 * How many items of `footprint` can all be alive at once in what is left of `heap`, with the progress line's span
 * each when `spans`.
 *
 * @internal
 */
export const room = (footprint: Footprint, heap: Heap, spans: boolean): number =>
  Math.floor(free(heap) / (footprint.bytes + (spans ? footprint.progress : 0)))

const size = (bytes: number): string => bytes < 1000 ? `${bytes} B` : `${(bytes / 1000).toFixed(1)} kB`

const megabytes = (bytes: number): string => `${Math.round(bytes / 2 ** 20).toLocaleString("en-US")} MB`

/**
 * Whether `n` items of `footprint` can all be alive at once in what is left of `heap`: `undefined` when they can,
 * else what `n` must be, with how many fit and how to raise the limit.
 *
 * @internal
 */
export const refusal = (n: number, footprint: Footprint, heap: Heap): string | undefined => {
  const most = room(footprint, heap, false)
  return n <= most ? undefined : `at most ${most.toLocaleString("en-US")} in this process (a ${footprint.item} takes ` +
    `about ${size(footprint.bytes)} and ${megabytes(free(heap))} of the ${
      megabytes(heap.limit)
    } heap are free; raise the limit with NODE_OPTIONS=--max-old-space-size=…)`
}

/** Refuses a count whose items cannot all be alive at once in what is left of V8's heap, before anything starts. */
const fits = (footprint: Footprint) => (n: number): Effect.Effect<number, string> =>
  Effect.suspend(() => {
    const refused = refusal(n, footprint, node.heap())
    return refused === undefined ? Effect.succeed(n) : fail(refused)
  })

/**
 * Whether the progress line can count `n` items of `footprint` (a span each) in what is left of V8's heap now; when
 * it cannot, it shows the elapsed time alone, so that a count that fits runs on a terminal too.
 *
 * @internal
 */
export const countable = (n: number, footprint: Footprint): Effect.Effect<boolean> =>
  Effect.sync(() => n <= room(footprint, node.heap(), true))

const argument = <A>(name: string, metavar: string, description: string, read: Read<A>) =>
  Argument.String(name).pipe(
    Argument.withMetavar(metavar),
    Argument.withDescription(description),
    Argument.mapEffect((value) =>
      Effect.mapError(read(value), (expected) =>
        new CliError.InvalidValue({ option: name, value, expected, kind: "argument" }))
    )
  )

const flag = <A>(name: string, metavar: string, description: string, read: Read<A>) =>
  Flag.String(name).pipe(
    Flag.withMetavar(metavar),
    Flag.withDescription(description),
    Flag.mapEffect((value) =>
      Effect.mapError(read(value), (expected) =>
        new CliError.InvalidValue({ option: name, value, expected, kind: "flag" }))
    ),
    Flag.optional
  )

/**
 * A positional count (`n`, `from`): an integer of at least `least`. When its items are alive at once (`footprint`),
 * at most `Wait.MaxCount` (as the exercises accept it) and refused when they cannot fit in the heap.
 *
 * @internal
 */
export const count = (name: string, least: number, description: string, footprint?: Footprint) =>
  argument(name, "integer", `${description} (${counted(least)})`, (text) =>
    footprint === undefined
      ? integer(least, Number.MAX_SAFE_INTEGER, counted(least))(text)
      : Effect.flatMap(integer(least, Wait.MaxCount, counted(least))(text), fits(footprint)))

/** A positional integer of any sign (the bounds of `range`). @internal */
export const signedInteger = (name: string, description: string) =>
  argument(name, "integer", description, integer(-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, "an integer"))

/** What a delay of the exercises must be, as they accept it. */
const secondsExpected = `a non-negative number of seconds, at most ${Wait.MaxDelay}`

/** A positional number of seconds, as the exercises take their delays. @internal */
export const seconds = (name: string, description: string) =>
  argument(
    name,
    "seconds",
    `${description} (${secondsExpected})`,
    number(secondsExpected, (n) => n >= 0 && n <= Wait.MaxDelay)
  )

/** The file `read-lines` reads: one that exists and is no directory when the command line is read. @internal */
export const file = (name: string, description: string) =>
  argument(name, "file", description, (text) =>
    Effect.gen(function*() {
      const fs = yield* FileSystem.FileSystem
      const info = yield* Effect.mapError(fs.stat(text), (error) => `a file that can be read (${exit.reason(error)})`)
      return info.type === "Directory" ? yield* fail("a file, not a directory") : text
    }))

/** An optional `--name N` count. @internal */
export const countFlag = (name: string, description: string) =>
  flag(name, "integer", `${description} (${counted(0)})`, integer(0, Number.MAX_SAFE_INTEGER, counted(0)))

/** An optional `--url` of a WebSocket server, as `WebSocketClient.messages` accepts it. @internal */
export const webSocketUrl = (name: string, description: string) =>
  flag(name, "ws://…", description, (text) =>
    URL.canParse(text) && ["ws:", "wss:"].includes(new URL(text).protocol)
      ? Effect.succeed(text)
      : fail("a ws:// or wss:// URL"))

/**
 * The largest seed: Effect's seeded generator keeps the low 32 bits of a numeric seed, so `-1` would be the same
 * seed as 4294967295, and 2^32 + 1 the same as 1. Only seeds that give distinct runs are accepted.
 */
const MaxSeed = 2 ** 32 - 1

/**
 * The flags every command takes, before or after its name (`--clock virtual wait-n 5 1` and
 * `wait-n 5 1 --clock virtual` mean the same).
 *
 * @internal
 */
export const shared = {
  clock: flag(
    "clock",
    "live|virtual",
    "live (default): real time on LiveClock, sleepers wake in exact deadline order; virtual: auto-advancing " +
      "virtual time, instant and exact",
    (text) => text === "live" || text === "virtual" ? Effect.succeed<"live" | "virtual">(text) : fail("live or virtual")
  ),
  rate: flag(
    "rate",
    "K",
    "speed of the live clock: 10 runs ten times faster (the tour's default; commands: 1)",
    number("a finite, positive number", (n) => n > 0 && Number.isFinite(n))
  ),
  seed: flag(
    "seed",
    "N",
    `seed of the Random service, from 0 to ${MaxSeed}: the same seed gives the same output`,
    integer(0, MaxSeed, `an integer from 0 to ${MaxSeed}`)
  ),
  timeline: Flag.Boolean("timeline").pipe(
    Flag.withDescription("after the results, print a chart of when each labelled effect ran"),
    Flag.withDefault(false)
  ),
  json: Flag.Boolean("json").pipe(
    Flag.withDescription("print one JSON object per result (and per stream element), for scripts"),
    Flag.withDefault(false)
  )
}

/** The settings of one run: the shared flags, with a clock and a rate (program seconds per real second). @internal */
export interface Settings extends Omit<Command.Command.Config.Infer<typeof shared>, "clock" | "rate"> {
  readonly clock: "live" | "virtual"
  readonly rate: number
}

/** The settings of a run: the flags given, else the defaults (`defaultRate` is the command's). @internal */
export const settings = (flags: Command.Command.Config.Infer<typeof shared>, defaultRate: number): Settings => ({
  ...flags,
  clock: Option.getOrElse(flags.clock, () => "live" as const),
  rate: Option.getOrElse(flags.rate, () => defaultRate)
})
