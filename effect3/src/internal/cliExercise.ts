/**
 * The two kinds of row in the command's table ({@link effect} for an exercise that returns one result, {@link stream}
 * for one that emits elements) and what a row becomes: a subcommand that parses the row's arguments, runs it and
 * prints what it returns, and the tour's replay of the calls in the row's original main file. Both are made here,
 * from the one description of the row, so that a row changes in one place.
 *
 * @internal
 */
import type * as CliApp from "@effect/cli/CliApp"
import * as Command from "@effect/cli/Command"
import * as Descriptor from "@effect/cli/CommandDescriptor"
import type * as Socket from "@effect/platform/Socket"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as Timeline from "../Timeline.js"
import * as cliArgs from "./cliArgs.js"
import * as cliProgress from "./cliProgress.js"
import * as cliRun from "./cliRun.js"

/** The services a command runs with, besides its {@link cliRun.Run}. @internal */
export type Environment = CliApp.CliApp.Environment | Socket.WebSocketConstructor

/** What a parsed command line runs. @internal */
export type Program = Effect.Effect<void, unknown, cliRun.Run | Environment>

/** A row's parsed command line: its name, the settings given after its name, and the program it runs. @internal */
export interface Parsed {
  readonly name: string
  readonly settings: cliArgs.ParsedSettings
  readonly program: Program
}

/** One row of the table, ready for the command tree and the tour. @internal */
export interface Row {
  /** The subcommand, e.g. `wait-n`. */
  readonly name: string
  /** The Python function it mirrors, e.g. `wait_n`. */
  readonly python: string
  /** The original main file the tour replays (`python_async_function/1-main.py`), or `streams`. */
  readonly main: string
  /** The subcommand's line in `--help`. */
  readonly description: string
  /** Parses the subcommand's arguments (and the settings) into what it runs. */
  readonly descriptor: Descriptor.Command<Parsed>
  /** The row's calls in the tour, each printing as the main file prints. */
  readonly tour: ReadonlyArray<Program>
}

type Parsing<Config extends Command.Command.Config> = Command.Command.ParseConfig<{
  readonly input: Config
  readonly settings: typeof cliArgs.settings
}>

/** The parsed arguments of a row whose `input` is `Config`. @internal */
export type Input<Config extends Command.Command.Config> = Parsing<Config>["input"]

/** One call of the tour. @internal */
export interface TourCall<I> {
  /** The call as the original writes it, e.g. `wait_n(5, 5)`. */
  readonly call: string
  /** Its arguments, or how to make them (a scoped temporary file). */
  readonly input: I | Effect.Effect<I, unknown, Environment | Scope.Scope>
  /** When set, each printed line starts with `label: ` (the streams step, which has no main file to mirror). */
  readonly label?: string | undefined
}

/** How a row runs on the chosen clock. @internal */
export interface Clocked<I> {
  /**
   * What the progress line counts: `total` spans ending at `depth` below the work (0, its direct children, by
   * default); no progress line when `total` gives `undefined`.
   */
  readonly progress?: {
    readonly total: (input: I) => number | undefined
    readonly depth?: number | undefined
  } | undefined
  /** How many label levels the `--timeline` chart draws as lanes. */
  readonly chartDepth?: number | undefined
}

interface Base<Config extends Command.Command.Config> {
  readonly name: string
  readonly python: string
  readonly main: string
  readonly description: string
  /** The subcommand's arguments and options. */
  readonly input: Config
  /** Present when the row runs on the chosen clock (everything that sleeps). */
  readonly clock?: Clocked<Input<Config>> | undefined
  readonly tour: ReadonlyArray<TourCall<Input<Config>>>
}

/** An exercise that returns one result. @internal */
export interface EffectSpec<Config extends Command.Command.Config, A, E, R> extends Base<Config> {
  readonly run: (input: Input<Config>) => Effect.Effect<A, E, R>
  /** The result as the original prints it. */
  readonly text: (result: A) => string
  /** The result's fields in the subcommand's JSON line. */
  readonly json: (result: A, input: Input<Config>) => Readonly<Record<string, unknown>>
  /** The tour's line, when the main file prints something else than the result. */
  readonly tourText?: ((result: A) => string) | undefined
  /** The tour's JSON fields; `{ result }` by default. */
  readonly tourJson?: ((result: A) => Readonly<Record<string, unknown>>) | undefined
  /** The tour charts the call's timeline after its result, then prints this sentence about it. */
  readonly tourChart?: ((result: A) => string) | undefined
}

/** An exercise or stream that emits elements. @internal */
export type StreamSpec<Config extends Command.Command.Config, A, E, R> =
  & Base<Config>
  & {
    readonly run: (input: Input<Config>) => Stream.Stream<A, E, R>
    /** An element as the original prints it. */
    readonly text: (element: A) => string
    /** The tour prints the elements as one list (the main file collects them); otherwise each on its line. */
    readonly tourAsList?: boolean | undefined
    /** An element's `result` in the tour's JSON lines; the element by default. */
    readonly tourResult?: ((element: A) => unknown) | undefined
  }
  & (
    | {
      /** The subcommand prints each element on its line, with these JSON fields. */
      readonly each: (element: A, index: number) => Readonly<Record<string, unknown>>
      readonly list?: undefined
    }
    | {
      /** The subcommand prints the elements as one Python list, with these JSON fields per line. */
      readonly list: (values: ReadonlyArray<A>) => Readonly<Record<string, unknown>>
      readonly each?: undefined
    }
  )

/** How many elements a line of a printed list holds at most: a list of any length prints in constant memory. */
const ListLine = 4096

const descriptor = <Config extends Command.Command.Config>(
  base: Base<Config>,
  program: (input: Input<Config>) => Program
): Descriptor.Command<Parsed> =>
  Descriptor.map(
    Command.make(base.name, { input: base.input, settings: cliArgs.settings }).descriptor,
    ({ input, settings }) => ({ name: base.name, settings, program: program(input) })
  )

/** A table row from its spec, its subcommand's program and its tour step's program. */
const row = <Config extends Command.Command.Config>(
  spec: Base<Config>,
  command: (input: Input<Config>) => Program,
  tour: (call: TourCall<Input<Config>>) => Program
): Row => ({
  name: spec.name,
  python: spec.python,
  main: spec.main,
  description: spec.description,
  descriptor: descriptor(spec, command),
  tour: spec.tour.map((call) => tour(call))
})

const inputOf = <I>(input: TourCall<I>["input"]): Effect.Effect<I, unknown, Environment | Scope.Scope> =>
  Effect.isEffect(input) ? input : Effect.succeed(input)

/**
 * Runs `effect` on the chosen clock when the row says so, with a progress line when the row counts something and
 * the work is `counted` (it prints nothing before it ends).
 */
const clocked = <Config extends Command.Command.Config, A, E, R>(
  base: Base<Config>,
  input: Input<Config>,
  title: string,
  effect: Effect.Effect<A, E, R>,
  options: { readonly counted: boolean; readonly timeline?: boolean }
) =>
  Effect.flatMap(cliRun.Run, (run) => {
    if (base.clock === undefined) {
      return effect
    }
    const progress = base.clock.progress
    const total = options.counted ? progress?.total(input) : undefined
    return run.timed(effect, {
      title,
      progress: total === undefined ? undefined : cliProgress.spans(total, progress?.depth),
      chartDepth: base.clock.chartDepth,
      timeline: options.timeline
    })
  })

/**
 * A row for an exercise that returns one result: the subcommand prints it (`text`, or `json` with `--json`) and the
 * tour prints each call's result as the main file does.
 *
 * @internal
 */
export const effect = <const Config extends Command.Command.Config, A, E, R extends cliRun.Run | Environment>(
  spec: EffectSpec<Config, A, E, R>
): Row => {
  const command = (input: Input<Config>): Program =>
    Effect.flatMap(
      Effect.suspend(() => clocked(spec, input, spec.name, spec.run(input), { counted: true })),
      (result) => Effect.flatMap(cliRun.Run, (run) => run.result(spec.text(result), spec.json(result, input)))
    )
  const tour = (call: TourCall<Input<Config>>): Program =>
    Effect.scoped(Effect.gen(function*() {
      const run = yield* cliRun.Run
      const input = yield* inputOf(call.input)
      const json = (result: A) => ({ step: spec.main, call: call.call, ...(spec.tourJson?.(result) ?? { result }) })
      const show = (result: A) => run.result(spec.tourText?.(result) ?? spec.text(result), json(result))
      if (spec.tourChart === undefined) {
        return yield* show(yield* clocked(spec, input, spec.python, spec.run(input), { counted: true }))
      }
      const [timeline, result] = yield* clocked(
        spec,
        input,
        spec.python,
        Timeline.record(spec.run(input)),
        { counted: true, timeline: false }
      )
      yield* show(result)
      yield* run.note("")
      yield* run.printTimeline(timeline, spec.clock?.chartDepth, { step: spec.main, call: `timeline of ${call.call}` })
      yield* run.note(spec.tourChart(result))
    }))
  return row(spec, command, tour)
}

/**
 * Prints a stream as one Python list, `[a, b, …]`, in lines of at most {@link ListLine} elements (the last ends with
 * `]`, the others with `,`), so that a list of any length prints in constant memory.
 */
const printList = <A, E, R>(
  stream: Stream.Stream<A, E, R>,
  show: (element: A) => string,
  emit: (line: string, values: ReadonlyArray<A>, index: number) => Effect.Effect<void>
): Effect.Effect<void, E, R> =>
  stream.pipe(
    Stream.grouped(ListLine),
    Stream.zipWithNext,
    Stream.runFoldEffect(0, (index, [group, next]) => {
      const values = Chunk.toReadonlyArray(group)
      const line = `${index === 0 ? "[" : ""}${values.map((value) => show(value)).join(", ")}${
        Option.isNone(next) ? "]" : ","
      }`
      return Effect.as(emit(line, values, index), index + 1)
    }),
    Effect.flatMap((lines) => lines === 0 ? emit("[]", [], 0) : Effect.void)
  )

/**
 * A row for a stream: the subcommand prints each element as it comes (or the elements as one list), and the tour
 * prints each call's elements, after `label: ` when the call has one.
 *
 * @internal
 */
export const stream = <const Config extends Command.Command.Config, A, E, R extends cliRun.Run | Environment>(
  spec: StreamSpec<Config, A, E, R>
): Row => {
  /**
   * Runs the row's stream on its clock. Printed as a list, nothing shows before the end of the first line, so a
   * progress line counts meanwhile when the row counts something; printed element by element, there is none.
   */
  const drain = (
    input: Input<Config>,
    title: string,
    asList: boolean,
    consume: (stream: Stream.Stream<A, E, R>) => Effect.Effect<void, E, R>
  ) => Effect.suspend(() => clocked(spec, input, title, consume(spec.run(input)), { counted: asList }))
  const command = (input: Input<Config>): Program =>
    Effect.flatMap(
      cliRun.Run,
      (run) =>
        drain(input, spec.name, spec.list !== undefined, (elements) =>
          spec.list !== undefined
            ? printList(
              elements,
              (element) => spec.text(element),
              (line, values) => run.result(line, spec.list(values))
            )
            : Stream.runForEach(
              Stream.zipWithIndex(elements),
              ([element, index]) => run.result(spec.text(element), spec.each(element, index))
            ))
    )
  const tour = (call: TourCall<Input<Config>>): Program =>
    Effect.scoped(Effect.gen(function*() {
      const run = yield* cliRun.Run
      const input = yield* inputOf(call.input)
      const labelled = (line: string) => call.label === undefined ? line : `${call.label}: ${line}`
      const json = (result: unknown) => ({ step: spec.main, call: call.call, result })
      const asList = spec.tourAsList === true || spec.list !== undefined
      yield* drain(input, spec.python, asList, (elements) =>
        asList
          ? printList(
            elements,
            (element) => spec.text(element),
            (line, values, index) => run.result(index === 0 ? labelled(line) : line, json(values))
          )
          : Stream.runForEach(
            elements,
            (element) => run.result(labelled(spec.text(element)), json(spec.tourResult?.(element) ?? element))
          ))
    }))
  return row(spec, command, tour)
}
