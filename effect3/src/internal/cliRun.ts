/**
 * The run of one command as a service: its settings, where it prints (text, or JSON lines), and how it runs the
 * timed parts of its work (on the chosen clock, with progress on a terminal, recording a timeline only when
 * `--timeline` asks for one). {@link layer} builds it from the settings, with the seed's `Random` for the whole run.
 *
 * @internal
 */
import * as Terminal from "@effect/platform/Terminal"
import * as Chunk from "effect/Chunk"
import * as Console from "effect/Console"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Random from "effect/Random"
import * as Ref from "effect/Ref"
import * as LiveClock from "../LiveClock.js"
import * as Timeline from "../Timeline.js"
import * as VirtualTime from "../VirtualTime.js"
import type * as cliArgs from "./cliArgs.js"
import * as cliProgress from "./cliProgress.js"

/** How one timed part of a command runs. @internal */
export interface TimedOptions {
  /** The title of the progress line. */
  readonly title: string
  /** What the progress line counts; no progress line without it. */
  readonly progress?: cliProgress.Counter | undefined
  /** How many label levels the `--timeline` chart draws as lanes. */
  readonly chartDepth?: number | undefined
  /** `false` when the caller charts the effect itself: `--timeline` then adds no second chart of it. */
  readonly timeline?: boolean | undefined
}

/** @internal */
export interface Service {
  /** The command's name, the first field of every JSON line. */
  readonly command: string
  readonly settings: cliArgs.Settings
  /** Prints one result: `text` as the original would print it, or `json` as one line of JSON. */
  readonly result: (text: string, json: Readonly<Record<string, unknown>>) => Effect.Effect<void>
  /** Prints a line meant for people (headings, explanations); nothing with `--json`. */
  readonly note: (text: string) => Effect.Effect<void>
  /**
   * Runs `effect` on the chosen clock (live at the rate, or auto-advancing virtual time), with a progress line on a
   * terminal and, with `--timeline`, its timeline kept for {@link Service.flushTimelines}.
   */
  readonly timed: <A, E, R>(
    effect: Effect.Effect<A, E, R>,
    options: TimedOptions
  ) => Effect.Effect<A, E | VirtualTime.DeadlockError | VirtualTime.TimeLimitError, R | Terminal.Terminal>
  /** Prints a timeline: a chart as wide as the terminal, or one JSON line with `fields`. */
  readonly printTimeline: (
    timeline: Timeline.Timeline,
    depth: number | undefined,
    fields?: Readonly<Record<string, unknown>> | undefined
  ) => Effect.Effect<void, never, Terminal.Terminal>
  /** Prints the `--timeline` charts of the timed parts run so far (the results they belong to come first). */
  readonly flushTimelines: Effect.Effect<void, never, Terminal.Terminal>
}

/**
 * The run of the current command.
 *
 * @internal
 */
export class Run extends Context.Tag("effect-asyncio/cli/Run")<Run, Service>() {}

/** The JSON form of a timeline span, in seconds. @internal */
export const spanJson = (span: Timeline.Span): Record<string, unknown> => ({
  label: span.label,
  start: span.start / 1000,
  end: span.end === undefined ? null : span.end / 1000,
  outcome: span.outcome
})

/** The width of charts: the terminal's, between 60 and 120 columns; 80 when not on a terminal. @internal */
export const chartWidth: Effect.Effect<number, never, Terminal.Terminal> = Effect.flatMap(
  Terminal.Terminal,
  (terminal) => Effect.map(terminal.columns, (columns) => columns > 0 ? Math.max(60, Math.min(120, columns)) : 80)
)

const make = (
  command: string,
  settings: cliArgs.Settings,
  pending: Ref.Ref<Chunk.Chunk<readonly [Timeline.Timeline, number | undefined]>>,
  clearProgress: Ref.Ref<Effect.Effect<void>>
): Service => {
  const print = (line: string) => Effect.zipRight(Effect.flatten(Ref.get(clearProgress)), Console.log(line))
  const result: Service["result"] = (text, json) => print(settings.json ? JSON.stringify({ command, ...json }) : text)
  const note: Service["note"] = (text) => settings.json ? Effect.void : print(text)
  const printTimeline: Service["printTimeline"] = (timeline, depth, fields) =>
    settings.json
      ? result("", { ...fields, timeline: timeline.spans.map((span) => spanJson(span)) })
      : Effect.flatMap(chartWidth, (width) => print(Timeline.toChart(timeline, { width, depth })))

  const withProgress = <A, E, R>(effect: Effect.Effect<A, E, R>, title: string, counter: cliProgress.Counter) =>
    Effect.scoped(Effect.gen(function*() {
      const stop = yield* cliProgress.show(title, counter, Duration.millis(100 * settings.rate))
      // whatever prints first (a result, or a stream's first line) clears the line
      yield* Ref.set(clearProgress, stop)
      return yield* Effect.zipLeft(counter.watch(effect), stop)
    })).pipe(Effect.ensuring(Ref.set(clearProgress, Effect.void)))

  const timed: Service["timed"] = <A, E, R>(effect: Effect.Effect<A, E, R>, options: TimedOptions) => {
    const live = settings.clock === "live"
    const progressed: Effect.Effect<A, E, R | Terminal.Terminal> =
      live && !settings.json && options.progress !== undefined
        ? withProgress(effect, options.title, options.progress)
        : effect
    const recorded: Effect.Effect<A, E, R | Terminal.Terminal> = settings.timeline && options.timeline !== false
      ? Effect.flatMap(
        Timeline.record(progressed),
        ([timeline, value]) =>
          Effect.as(Ref.update(pending, Chunk.append([timeline, options.chartDepth] as const)), value)
      )
      : progressed
    return live ? LiveClock.provide(recorded, { rate: settings.rate }) : VirtualTime.run(recorded)
  }

  const flushTimelines = Effect.flatMap(
    Ref.getAndSet(pending, Chunk.empty()),
    (timelines) => Effect.forEach(timelines, ([timeline, depth]) => printTimeline(timeline, depth), { discard: true })
  )
  return { command, settings, result, note, timed, printTimeline, flushTimelines }
}

/**
 * The run of `command` with `settings`; with a seed, the whole run draws from `Random.make(seed)`, so one seed fixes
 * every number the command prints.
 *
 * @internal
 */
export const layer = (command: string, settings: cliArgs.Settings): Layer.Layer<Run> => {
  const run = Layer.effect(
    Run,
    Effect.zipWith(
      Ref.make(Chunk.empty<readonly [Timeline.Timeline, number | undefined]>()),
      Ref.make(Effect.void),
      (pending, clearProgress) => make(command, settings, pending, clearProgress)
    )
  )
  return Option.match(settings.seed, {
    onNone: () => run,
    onSome: (seed) => Layer.merge(run, Layer.setRandom(Random.make(seed)))
  })
}
