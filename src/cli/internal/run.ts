/**
 * The run of one command as a service: its settings, where it prints (text, or JSON lines), and how it runs the
 * timed parts of its work: on the chosen clock, with a progress line on a terminal, recording a timeline only when
 * `--timeline` asks for one. {@link execute} runs a command's program with it.
 *
 * @internal
 */
import * as TerminalCapabilities from "effect/cli/TerminalCapabilities"
import * as Clock from "effect/Clock"
import * as Console from "effect/Console"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as Random from "effect/Random"
import * as Terminal from "effect/Terminal"
import { LiveClock, Timeline, VirtualTime } from "../../index.js"
import type * as args from "./args.js"
import * as exit from "./exit.js"

type Fields = Readonly<Record<string, unknown>>

/** How one timed part of a command runs. @internal */
export interface TimedOptions {
  /** The title of the progress line. */
  readonly title: string
  /**
   * What the progress line counts: `total` spans ending at `depth` below the work (0: its direct children), whatever
   * their labels; with `counted: false`, nothing (it shows `?/total` and the time: counting costs a span per item).
   * No progress line without it.
   */
  readonly count?: { readonly total: number; readonly depth: number; readonly counted?: boolean } | undefined
  /** How many label levels the `--timeline` chart draws as lanes. */
  readonly chartDepth?: number | undefined
}

/** Clears the line the cursor is on. @internal */
export const clearLine = "\r\u001b[2K"

/** One frame of the progress line: the title, a bar, `done/total` (`?/total` uncounted) and the elapsed seconds. */
const frame = (title: string, done: number | undefined, total: number, seconds: number, columns: number): string => {
  const counts = `${done ?? "?"}/${total} · ${seconds.toFixed(1)} s`
  const room = Math.max(0, Math.min(30, columns - title.length - counts.length - 6))
  const filled = done === undefined ? 0 : total === 0 ? room : Math.round(room * Math.min(done, total) / total)
  const bar = room > 0 ? ` [${"#".repeat(filled)}${"-".repeat(room - filled)}]` : ""
  return `${clearLine}${title}${bar} ${counts}`
}

/** The JSON form of a timeline: its spans, with times in seconds. */
const timelineJson = (timeline: Timeline.Timeline) =>
  timeline.spans.map(({ end, label, outcome, start }) => ({
    label,
    start: start / 1000,
    end: end === undefined ? null : end / 1000,
    outcome
  }))

const make = (command: string, settings: args.Settings) => {
  let pending: Array<readonly [Timeline.Timeline, number | undefined]> = []
  // what the next printed line clears first: the progress line, while one is shown
  let clearProgress: Effect.Effect<void> = Effect.void
  let scope = { fields: {}, label: "", chart: false }
  const print = (line: string) => Effect.andThen(Effect.suspend(() => clearProgress), Console.log(line))

  /** Prints one result: `text` as the original would print it, or `json` as one line of JSON. */
  const result = (text: string, json: Fields) =>
    Effect.suspend(() =>
      print(settings.json ? JSON.stringify({ command, ...scope.fields, ...json }) : scope.label + text)
    )

  /**
   * Runs `effect` with a progress line of `count`, redrawn every 100 ms of real time (it runs in the clock of the work
   * it reports on) and cleared by whatever prints first, or when `effect` ends. It counts through `Timeline.observe`,
   * which keeps nothing but makes each label a span; the counter is one number. Uncounted, it observes nothing.
   */
  const withProgress = <A, E, R>(effect: Effect.Effect<A, E, R>, title: string, count: TimedOptions["count"] & {}) =>
    Effect.scoped(Effect.gen(function*() {
      const terminal = yield* Terminal.Terminal
      const columns = (yield* terminal.columns) || 80
      const start = yield* Clock.currentTimeMillis
      let done = 0
      const draw = Effect.flatMap(
        Clock.currentTimeMillis,
        (now) =>
          terminal.display(
            frame(title, count.counted === false ? undefined : done, count.total, (now - start) / 1000, columns)
          )
      )
      const every = 100 * settings.rate
      const fiber = yield* Effect.forkScoped(Effect.forever(Effect.andThen(Effect.ignore(draw), Effect.sleep(every))))
      let cleared = false
      clearProgress = Effect.suspend(() => {
        const first = !cleared
        cleared = true
        return first ? Effect.andThen(Fiber.interrupt(fiber), Effect.ignore(terminal.display(clearLine))) : Effect.void
      })
      yield* Effect.addFinalizer(() => Effect.andThen(clearProgress, Effect.sync(() => clearProgress = Effect.void)))
      return yield* (count.counted === false
        ? effect
        : Timeline.observe(effect, { onEnd: (event) => void (done += event.depth === count.depth ? 1 : 0) }))
    }))

  /** Whether the timed parts of the run that count something draw a progress line: live, no `--json`, a terminal. */
  const animates = Effect.map(
    TerminalCapabilities.TerminalCapabilities,
    ({ canAnimate }) => settings.clock === "live" && !settings.json && canAnimate
  )

  /**
   * Runs `effect` on the chosen clock (live at the rate, or auto-advancing virtual time), with a progress line where
   * the terminal can animate one and, with `--timeline`, its timeline kept for `flushTimelines`. Without `options`,
   * as it is.
   */
  const timed = <A, E, R>(effect: Effect.Effect<A, E, R>, options: TimedOptions | undefined) =>
    Effect.gen(function*() {
      if (options === undefined) {
        return yield* effect
      }
      const shown: Effect.Effect<A, E, R | Terminal.Terminal> = (yield* animates) && options.count !== undefined
        ? withProgress(effect, options.title, options.count)
        : effect
      const recorded: Effect.Effect<A, E, R | Terminal.Terminal> = settings.timeline || scope.chart
        ? Effect.map(Timeline.record(shown), ([timeline, value]) => {
          pending.push([timeline, options.chartDepth])
          return value
        })
        : shown
      return yield* (settings.clock === "live"
        ? LiveClock.provide(recorded, { rate: settings.rate })
        : VirtualTime.run(recorded))
    })

  return {
    settings,
    result,
    timed,
    /** Prints a line meant for people (headings, explanations); nothing with `--json`. */
    note: (text: string) => settings.json ? Effect.void : print(text),
    /** Prints the charts of the timed parts run so far (after the results they belong to), as wide as the terminal. */
    flushTimelines: Effect.suspend(() => {
      const timelines = pending
      pending = []
      return Effect.forEach(timelines, ([timeline, depth]) =>
        settings.json
          ? result("", { timeline: timelineJson(timeline) })
          // between 60 and 120 columns; 80 when not on a terminal
          : Effect.flatMap(Effect.flatMap(Terminal.Terminal, (terminal) => terminal.columns), (columns) => {
            const width = columns > 0 ? Math.max(60, Math.min(120, columns)) : 80
            return print(Timeline.toChart(timeline, { width, depth }))
          }), { discard: true })
    }),
    /**
     * Runs `effect` as one call of the tour: each line it prints starts with `label`, each JSON line carries
     * `fields`, and with `chart` its timed parts are charted even without `--timeline`.
     */
    call: <A, E, R>(effect: Effect.Effect<A, E, R>, fields: Fields, label: string, chart: boolean) =>
      Effect.suspend(() => {
        const outer = scope
        scope = { fields, label, chart }
        return Effect.ensuring(effect, Effect.sync(() => scope = outer))
      })
  }
}

/** The run of the current command. @internal */
export class Run extends Context.Service<Run, ReturnType<typeof make>>()("effect-asyncio/cli/Run") {}

/**
 * Runs `program`, the work of `command` (`effect-asyncio wait-n`, whose last word names it in the JSON lines), with
 * its {@link Run}, then prints its charts; with a seed, under `Random.withSeed(seed)`, so that one seed fixes every
 * number the command prints. A run that does not succeed prints its one line (`exit.report`).
 *
 * @internal
 */
export const execute = <E, R>(command: string, settings: args.Settings, program: Effect.Effect<unknown, E, R>) => {
  const run = make(command.split(" ").pop()!, settings)
  const provided = Effect.andThen(program, run.flushTimelines).pipe(Effect.provideService(Run, run))
  return Option.match(settings.seed, {
    onNone: () => provided,
    onSome: (seed) => Random.withSeed(provided, seed)
  }).pipe(Effect.catchCause((cause) => exit.report(command, cause)))
}
