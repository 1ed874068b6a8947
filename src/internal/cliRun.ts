/**
 * How every command of the CLI runs its work: on the chosen clock, with the chosen seed, recording a timeline when
 * asked, showing progress on a terminal, and printing results as text or as JSON lines.
 *
 * @internal
 */
import * as Terminal from "@effect/platform/Terminal"
import * as Console from "effect/Console"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FiberRef from "effect/FiberRef"
import * as Option from "effect/Option"
import * as Random from "effect/Random"
import * as LiveClock from "../LiveClock.js"
import * as Timeline from "../Timeline.js"
import * as VirtualTime from "../VirtualTime.js"
import * as progress from "./cliProgress.js"
import * as timelineInternal from "./timeline.js"

/** @internal */
export interface Settings {
  readonly clock: "live" | "virtual"
  readonly json: boolean
  readonly rate: Option.Option<number>
  readonly seed: Option.Option<number>
  readonly timeline: boolean
}

/** Where a command prints its results. @internal */
export interface Output {
  /** Prints one result: `text` as the original would print it, or `json` as one line of JSON. */
  readonly result: (text: string, json: Record<string, unknown>) => Effect.Effect<void>
  /** Prints a line meant for people (headings, explanations); nothing with `--json`. */
  readonly note: (text: string) => Effect.Effect<void>
  /** Whether results are JSON lines. */
  readonly json: boolean
}

/** @internal */
export const makeOutput = (json: boolean, fields: Record<string, unknown>): Output => ({
  json,
  note: (text) => json ? Effect.void : Console.log(text),
  result: (text, value) => Console.log(json ? JSON.stringify({ ...fields, ...value }) : text)
})

/** How one timed part of a command runs. @internal */
export interface TimedOptions {
  /** The title of the progress line. */
  readonly title: string
  /** How many labelled items the progress line counts, and which labels are those items; no progress without. */
  readonly progress?: {
    readonly total: number
    readonly counts: (label: string) => boolean
  } | undefined
  /** How many label levels the `--timeline` chart draws as lanes. */
  readonly chartDepth?: number | undefined
  /** For work that waits on real I/O: how long virtual time waits for it before jumping (`VirtualTime`'s `idle`). */
  readonly idle?: Duration.DurationInput | undefined
}

/** Runs the timed parts of a command on the clock the settings choose. @internal */
export interface Runner {
  readonly output: Output
  /**
   * Runs `effect` on the chosen clock (live at the rate, or auto-advancing virtual time), with progress on a
   * terminal and, with `--timeline`, a chart of its labelled effects printed after it.
   */
  readonly timed: <A, E, R>(
    effect: Effect.Effect<A, E, R>,
    options: TimedOptions
  ) => Effect.Effect<A, E | VirtualTime.DeadlockError | VirtualTime.TimeLimitError, R | Terminal.Terminal>
  /** Prints the `--timeline` charts of the timed parts run so far (the command's own results come first). */
  readonly flushTimelines: Effect.Effect<void, never, Terminal.Terminal>
}

/**
 * Runs a command: `work` gets a {@link Runner} whose `timed` runs each timed part on the chosen clock; the whole
 * runs with the seed's `Random`, so one seed fixes every number the command prints.
 *
 * @internal
 */
export const execute = <E, R>(
  settings: Settings,
  command: string,
  defaultRate: number,
  work: (runner: Runner) => Effect.Effect<void, E, R>
): Effect.Effect<void, E, R | Terminal.Terminal> => {
  const output = makeOutput(settings.json, { command })
  const rate = Option.getOrElse(settings.rate, () => defaultRate)
  const live = settings.clock === "live"
  const pending: Array<readonly [Timeline.Timeline, number | undefined]> = []
  const timed = <A, E2, R2>(effect: Effect.Effect<A, E2, R2>, options: TimedOptions) => {
    const showProgress = live && !settings.json && options.progress !== undefined
    let body: Effect.Effect<A, E2, R2 | Terminal.Terminal> = effect
    if (showProgress || settings.timeline) {
      const observed = Effect.scoped(Effect.gen(function*() {
        const recorder = yield* FiberRef.get(timelineInternal.currentRecorder)
        if (showProgress && options.progress !== undefined && recorder !== undefined) {
          const { counts, total } = options.progress
          const stop = yield* progress.show({
            title: options.title,
            total,
            done: () => recorder.spans.reduce((n, span) => span.end !== undefined && counts(span.label) ? n + 1 : n, 0)
          }, Duration.millis(100 * rate))
          // the progress line goes away before anything else is printed
          return yield* Effect.zipLeft(effect, stop)
        }
        return yield* effect
      }))
      body = Effect.map(Timeline.record(observed), ([timeline, value]) => {
        if (settings.timeline) {
          pending.push([timeline, options.chartDepth])
        }
        return value
      })
    }
    return live ? LiveClock.provide(body, { rate }) : VirtualTime.run(body, { idle: options.idle ?? 0 })
  }
  const flushTimelines = Effect.suspend(() =>
    Effect.forEach(pending.splice(0), ([timeline, depth]) => printTimeline(output, timeline, depth), { discard: true })
  )
  const body = Effect.zipLeft(work({ flushTimelines, output, timed }), flushTimelines)
  return Option.isSome(settings.seed) ? Effect.withRandom(body, Random.make(settings.seed.value)) : body
}

/** The JSON form of a timeline span, in seconds. @internal */
export const spanJson = (span: Timeline.Span): Record<string, unknown> => ({
  label: span.label,
  start: span.start / 1000,
  end: span.end === undefined ? null : span.end / 1000,
  outcome: span.outcome
})

/** Prints a timeline: a chart as wide as the terminal, or one JSON line. @internal */
export const printTimeline = (
  output: Output,
  timeline: Timeline.Timeline,
  depth?: number | undefined,
  fields?: Record<string, unknown> | undefined
): Effect.Effect<void, never, Terminal.Terminal> =>
  output.json
    ? output.result("", { ...fields, timeline: timeline.spans.map((span) => spanJson(span)) })
    : Effect.flatMap(chartWidth, (width) => Console.log(Timeline.toChart(timeline, { width, depth })))

/** The width of charts: the terminal's, between 60 and 120 columns; 80 when not on a terminal. @internal */
export const chartWidth: Effect.Effect<number, never, Terminal.Terminal> = Effect.flatMap(
  Terminal.Terminal,
  (terminal) => Effect.map(terminal.columns, (columns) => columns > 0 ? Math.max(60, Math.min(120, columns)) : 80)
)
