/**
 * Timelines: when the spans of an effect started and ended (on the `Clock`, virtual or real), as a text Gantt chart,
 * an SVG picture, or a compact notation to assert in tests.
 *
 * A timeline is made of Effect's own spans: {@link record} charts every span its effect starts, whether made with
 * `Effect.withSpan`, `Effect.fn`, a library or {@link label}, with no change to the effect's code. The exercises
 * label their children (`wait-0 …` in `waitN`, `task-0 …` in `taskWaitN`, `comprehension-0 … 3` in
 * `measureRuntime`, `emit` for each number of `asyncGenerator`). A span started inside another is nested under it
 * with "/" (`comprehension-2/emit`). {@link observe} hands the same spans to callbacks as they start and end, and
 * keeps none.
 *
 * Watching hides nothing from an application's own tracer: an application that traces with `@effect/opentelemetry`
 * sees the same spans, the exercises' labels included ({@link label} says when a label is a span).
 *
 * Times are milliseconds since {@link record} began, read from the `Clock` of the fiber that started recording.
 * Record inside the region whose clock you want: `VirtualTime.run(Timeline.record(program))`.
 *
 * ## Notation
 *
 * A timeline is written as entries separated by whitespace, **in the order the spans ended** (spans still running
 * come last, in the order they started). Ties are written in the order they ended, which under `VirtualTime` is the
 * order their sleeps were set.
 *
 * ```text
 * notation := entry*                                   (separated by whitespace)
 * entry    := label                                    the span ended; times and outcome not checked
 *           | label "@" end mark?                      ended at `end` (its start is not checked)
 *           | label "@" start ".." end mark?           started at `start`, ended at `end`
 *           | label "@" start ".."                     started at `start`, still running
 * label    := name ("/" name)*                         a span's name, after the names of the spans it runs in
 * name     := "%"                                      the empty name
 *           | (char | "%" hex hex)+                    char: any but whitespace, "@", "/" and "%"
 * time     := digits ("." digits)? ("ms" | "s")?       milliseconds unless "s" is written
 * mark     := "!" (the effect failed or died) | "~" (it was interrupted);  no mark: it succeeded
 * ```
 *
 * So `"b@100 a@250"` says: exactly two spans were recorded; `b` ended first, at 100 ms, successfully; then `a`
 * ended at 250 ms. `"a@0..2s b@1s..3s!"` also checks the starts, and that `b` failed. Times match to a millionth of
 * a millisecond.
 *
 * A span's name may be any string, given to {@link label} or to `Effect.withSpan`. The notation writes it with
 * whitespace, "@", "/" and "%" percent-escaped as their UTF-8 bytes, as in a URL (`"fetch user"` is `fetch%20user`,
 * `"GET /users"` is `GET%20%2Fusers`), and so too the characters a chart cannot show as they are: control and format
 * characters (`"\n"` is `%0A`, a zero-width space `%E2%80%8B`), lone surrogates, U+FFFE and U+FFFF. The empty name
 * is written `%`. So a name `"a/b"` is `a%2Fb`, while a span `b` inside a span `a` is `a/b`; different names give
 * different labels; and {@link toNotation} writes every recorded timeline as notation that reads back as it. Charts show
 * labels as the notation writes them.
 *
 * @since 0.1.0
 */
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import type * as Exit from "effect/Exit"
import { dual } from "effect/Function"
import * as chart from "./internal/timeline/chart.js"
import type * as model from "./internal/timeline/model.js"
import * as grammar from "./internal/timeline/notation.js"
import * as internal from "./internal/timeline/record.js"
import * as svg from "./internal/timeline/svg.js"
import * as validate from "./internal/validate.js"

/**
 * How a span ended: `"running"` when it had not ended when the timeline was taken.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { Timeline } from "effect-asyncio"
 *
 * const outcome: Timeline.Outcome = "interrupted"
 * console.log(outcome) // "interrupted"
 * ```
 */
export type Outcome = model.Outcome

/**
 * One span: a run of a labelled effect, or of any effect given to `Effect.withSpan`.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { Timeline } from "effect-asyncio"
 *
 * const span: Timeline.Span = { label: "wait-0", start: 0, end: 250, outcome: "success" }
 * console.log(span.end) // 250
 * ```
 */
export type Span = model.Span

/**
 * A recorded timeline: its spans in the order they ended, then the running ones in the order they started.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { Timeline } from "effect-asyncio"
 *
 * const timeline: Timeline.Timeline = { spans: [{ label: "a", start: 0, end: 5, outcome: "success" }] }
 * console.log(timeline.spans.length) // 1
 * ```
 */
export type Timeline = model.Timeline

/**
 * Options of {@link toChart}.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { Timeline } from "effect-asyncio"
 *
 * const options: Timeline.ChartOptions = { width: 100 }
 * console.log(options.width) // 100
 * ```
 */
export interface ChartOptions {
  /**
   * Total width in columns, labels included: 80 by default (pass `process.stdout.columns` for the terminal), at
   * least 30 (a narrower one is widened), at most 10,000 (a wider one is a defect).
   */
  readonly width?: number | undefined
  /**
   * How many label levels get their own lane: with 1, `comprehension-0/emit` is drawn inside the `comprehension-0`
   * lane. All levels by default.
   */
  readonly depth?: number | undefined
}

/**
 * Options of {@link toSvg}.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { Timeline } from "effect-asyncio"
 *
 * const options: Timeline.SvgOptions = { width: 720, title: "measureRuntime" }
 * console.log(options.title) // "measureRuntime"
 * ```
 */
export interface SvgOptions {
  /** Width of the picture in pixels: 720 by default, at least 200 (a narrower one is widened), at most 10,000. */
  readonly width?: number | undefined
  /** A title drawn above the chart. */
  readonly title?: string | undefined
  /** How many label levels get their own lane, as in {@link ChartOptions}; all by default. */
  readonly depth?: number | undefined
}

/**
 * A timeline did not match the expected notation; the message shows where, and both charts.
 *
 * @since 0.1.0
 * @category errors
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Timeline } from "effect-asyncio"
 *
 * const timeline: Timeline.Timeline = { spans: [{ label: "a", start: 0, end: 5, outcome: "success" }] }
 * const program = Timeline.assertMatches(timeline, "a@6").pipe(
 *   Effect.catchTag("TimelineMismatchError", (error) => Effect.succeed(error.actual))
 * )
 * Effect.runPromise(program).then(console.log) // "a@0..5"
 * ```
 */
export class TimelineMismatchError extends Data.TaggedError("TimelineMismatchError")<{
  /** The notation that was expected. */
  readonly expected: string
  /** The recorded timeline, in full notation. */
  readonly actual: string
  /** What differs first. */
  readonly reason: string
  /** The expected timeline as a text chart. */
  readonly expectedChart: string
  /** The recorded timeline as a text chart. */
  readonly actualChart: string
}> {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `Timeline mismatch: ${this.reason}\n  expected: ${this.expected}\n  actual:   ${this.actual}\n` +
      `expected chart:\n${this.expectedChart}\nactual chart:\n${this.actualChart}`
  }
}

/**
 * A span as {@link observe} reports it: the {@link Span} fields, with its own name and its place among the others.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { Timeline } from "effect-asyncio"
 *
 * const event: Timeline.SpanEvent = {
 *   id: 3,
 *   parent: 0,
 *   depth: 1,
 *   name: "emit",
 *   label: "comprehension-0/emit",
 *   start: 0,
 *   end: undefined,
 *   outcome: "running"
 * }
 * console.log(event.depth) // 1
 * ```
 */
export type SpanEvent = model.SpanEvent

/**
 * The callbacks of {@link observe}; both are optional.
 *
 * They run synchronously, in the fiber that starts or ends the span, so they must be quick and must not throw.
 * `onEnd` receives the event `onStart` received, now with its `end` and `outcome`.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { Timeline } from "effect-asyncio"
 *
 * let done = 0
 * const observer: Timeline.Observer = {
 *   onEnd: (event) => {
 *     if (event.depth === 0) done++
 *   }
 * }
 * observer.onEnd?.({ id: 0, parent: undefined, depth: 0, name: "a", label: "a", start: 0, end: 5, outcome: "success" })
 * console.log(done) // 1
 * ```
 */
export type Observer = model.Observer

const fnLabel = "Timeline.label"

/**
 * Runs an effect as a span named `name`: `Effect.withSpan(name)` when the span can be seen, the effect unchanged
 * when it cannot.
 *
 * It can be seen inside {@link record} and {@link observe}, and under a tracer other than Effect's native one (an
 * application's OpenTelemetry tracer sees it as any span). Elsewhere the label reads one field of its fiber and reads no clock. Forked fibers run in the span, as
 * with `Effect.withSpan`.
 *
 * The name may be any string, as for `Effect.withSpan`: the span has that name, and the notation and the charts
 * write it with percent escapes where they must (see the module documentation), `"fetch user"` as `fetch%20user`.
 * The empty name is a span named `""`, written `%`. A name that is not a string is a defect
 * (`IllegalArgumentError`) of the returned effect.
 *
 * @since 0.1.0
 * @category recording
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Timeline, VirtualTime } from "effect-asyncio"
 *
 * const program = Effect.all([
 *   Timeline.label(Effect.sleep("250 millis"), "fetch user"),
 *   Timeline.label(Effect.sleep("100 millis"), "b")
 * ], { concurrency: "unbounded" })
 *
 * Effect.runPromise(VirtualTime.run(Timeline.record(program))).then(([timeline]) => {
 *   console.log(Timeline.toNotation(timeline)) // "b@0..100 fetch%20user@0..250"
 * })
 * ```
 */
export const label: {
  (name: string): <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  <A, E, R>(self: Effect.Effect<A, E, R>, name: string): Effect.Effect<A, E, R>
} = dual(
  2,
  <A, E, R>(self: Effect.Effect<A, E, R>, name: string): Effect.Effect<A, E, R> =>
    typeof name === "string" ? internal.label(self, name) : validate.illegal(fnLabel, "name", name, "a string")
)

/**
 * Runs an effect and hands each span it starts, at any depth and in any fiber it forks, to the observer as it
 * starts and as it ends; nothing is kept.
 *
 * Events carry the span's label, times (milliseconds since `observe` began, on the `Clock` of the fiber that began
 * it), outcome, and its place: `depth` 0 for the spans of the effect itself, and the `id` of the enclosing span as
 * `parent`. Counting the ends at depth 0 counts the effect's direct children whatever their names.
 *
 * @since 0.1.0
 * @category recording
 * @example
 * ```ts
 * import { Effect, Random } from "effect"
 * import { Timeline, VirtualTime, waitN } from "effect-asyncio"
 *
 * let done = 0
 * const program = Timeline.observe(waitN(5, 1), {
 *   onEnd: (event) => {
 *     if (event.depth === 0) done++
 *   }
 * })
 *
 * Effect.runPromise(VirtualTime.run(program).pipe(Random.withSeed(1))).then(() => {
 *   console.log(done) // 5
 * })
 * ```
 */
export const observe: {
  (observer: Observer): <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  <A, E, R>(self: Effect.Effect<A, E, R>, observer: Observer): Effect.Effect<A, E, R>
} = dual(
  2,
  <A, E, R>(self: Effect.Effect<A, E, R>, observer: Observer): Effect.Effect<A, E, R> =>
    internal.observe(self, observer)
)

/**
 * Runs an effect while recording its spans and succeeds with its timeline and its exit, whether it succeeded or
 * not.
 *
 * The timeline is the spans in the order they ended, then those still running in the order they started. Only a
 * recording keeps spans: memory grows with the number of spans recorded.
 *
 * @since 0.1.0
 * @category recording
 * @example
 * ```ts
 * import { Effect, Exit } from "effect"
 * import { Timeline, VirtualTime } from "effect-asyncio"
 *
 * const program = Effect.andThen(Effect.sleep("1 second"), Effect.fail("boom")).pipe(Effect.withSpan("job"))
 *
 * Effect.runPromise(VirtualTime.run(Timeline.recordExit(program))).then(([timeline, exit]) => {
 *   console.log(Timeline.toNotation(timeline), Exit.isFailure(exit)) // "job@0..1000!" true
 * })
 * ```
 */
export const recordExit = <A, E, R>(
  self: Effect.Effect<A, E, R>
): Effect.Effect<readonly [timeline: Timeline, exit: Exit.Exit<A, E>], never, R> =>
  Effect.map(internal.record(self), ([recorder, exit]) => [internal.snapshot(recorder), exit] as const)

/**
 * Runs an effect while recording its spans and succeeds with its timeline and its result; fails as the effect fails
 * (use {@link recordExit} to keep the timeline of a failing effect).
 *
 * @since 0.1.0
 * @category recording
 * @example
 * ```ts
 * import { Effect, Random } from "effect"
 * import { Timeline, VirtualTime, waitN } from "effect-asyncio"
 *
 * const program = VirtualTime.run(Timeline.record(waitN(3, 1))).pipe(Random.withSeed(1))
 *
 * Effect.runPromise(program).then(([timeline]) => console.log(Timeline.toChart(timeline)))
 * //        0            200ms         400ms        600ms         800ms
 * //        ├────────────┼─────────────┼────────────┼─────────────┼───────────┤
 * // wait-0 ███████████████████████                                             336ms
 * // wait-2 ███████████████████████████████████████████                         617ms
 * // wait-1 ███████████████████████████████████████████████████████████████████ 982ms
 * ```
 */
export const record = <A, E, R>(
  self: Effect.Effect<A, E, R>
): Effect.Effect<readonly [timeline: Timeline, value: A], E, R> =>
  Effect.flatMap(recordExit(self), ([timeline, exit]) => Effect.map(exit, (value) => [timeline, value] as const))

/**
 * Keeps the spans whose label satisfies the predicate.
 *
 * @since 0.1.0
 * @category combinators
 * @example
 * ```ts
 * import { Timeline } from "effect-asyncio"
 *
 * const timeline: Timeline.Timeline = {
 *   spans: [
 *     { label: "c-0/emit", start: 0, end: 1000, outcome: "success" },
 *     { label: "c-0", start: 0, end: 1000, outcome: "success" }
 *   ]
 * }
 * console.log(Timeline.toNotation(Timeline.filter(timeline, (label) => !label.includes("/")))) // "c-0@0..1000"
 * ```
 */
export const filter: {
  (predicate: (label: string) => boolean): (self: Timeline) => Timeline
  (self: Timeline, predicate: (label: string) => boolean): Timeline
} = dual(2, (self: Timeline, predicate: (label: string) => boolean): Timeline => ({
  spans: self.spans.filter((span) => predicate(span.label))
}))

/**
 * Writes a timeline in the full notation (every entry with start and end): `"b@0..100 a@0..250"`.
 *
 * @since 0.1.0
 * @category rendering
 * @example
 * ```ts
 * import { Timeline } from "effect-asyncio"
 *
 * const timeline: Timeline.Timeline = { spans: [{ label: "a", start: 10, end: 250, outcome: "failure" }] }
 * console.log(Timeline.toNotation(timeline)) // "a@10..250!"
 * ```
 */
export const toNotation = (self: Timeline): string => self.spans.map((span) => grammar.formatBar(span)).join(" ")

/** The widest chart or picture drawn, in columns or pixels: wider ones would only exhaust memory. */
const MaxWidth = 10_000

// a width option: the default when left out, else at least `least` (narrower ones are widened); one that is not a
// number from 0 to MaxWidth is a bad argument
const widthOf = (fn: string, width: number | undefined, fallback: number, least: number): number => {
  if (width === undefined) {
    return fallback
  }
  if (typeof width !== "number" || !(width >= 0 && width <= MaxWidth)) {
    throw validate.illegalArgument(fn, "width", width, `a number from 0 to ${MaxWidth}`)
  }
  return Math.max(least, Math.floor(width))
}

const depthOf = (depth: number | undefined): number =>
  depth === undefined || Number.isNaN(depth) ? Infinity : Math.max(1, Math.floor(depth))

/**
 * Renders a timeline as a text Gantt chart: a time axis, then one lane per label with a bar per span and the end
 * time of the lane's last span (`✗` marks a failure, `░` an interruption, `→` a span still running).
 *
 * @since 0.1.0
 * @category rendering
 * @example
 * ```ts
 * import { Timeline } from "effect-asyncio"
 *
 * const timeline: Timeline.Timeline = {
 *   spans: [
 *     { label: "b", start: 0, end: 100, outcome: "success" },
 *     { label: "a", start: 0, end: 250, outcome: "success" }
 *   ]
 * }
 * console.log(Timeline.toChart(timeline, { width: 40 }))
 * //   0           100ms        200ms
 * //   ├───────────┼────────────┼─────┤
 * // b █████████████                    100ms
 * // a ████████████████████████████████ 250ms
 * ```
 */
export const toChart = (self: Timeline, options?: ChartOptions | undefined): string =>
  chart.chart(self.spans, widthOf("Timeline.toChart", options?.width, 80, 30), depthOf(options?.depth))

/**
 * Renders a timeline as a standalone SVG picture (a string): one lane per label, a bar per span, a time axis.
 *
 * @since 0.1.0
 * @category rendering
 * @example
 * ```ts
 * import { Timeline } from "effect-asyncio"
 *
 * const timeline: Timeline.Timeline = { spans: [{ label: "a", start: 0, end: 250, outcome: "success" }] }
 * console.log(Timeline.toSvg(timeline, { title: "one span" }).startsWith("<svg")) // true
 * ```
 */
export const toSvg = (self: Timeline, options?: SvgOptions | undefined): string =>
  svg.svg(self.spans, widthOf("Timeline.toSvg", options?.width, 720, 200), options?.title, depthOf(options?.depth))

const fnAssert = "Timeline.assertMatches"

/**
 * Checks a timeline against the notation (see the module documentation) and fails with
 * {@link TimelineMismatchError}, showing both charts, when they differ.
 *
 * A malformed notation is a defect (`IllegalArgumentError`).
 *
 * @since 0.1.0
 * @category assertions
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Timeline, VirtualTime } from "effect-asyncio"
 *
 * const program = Effect.gen(function*() {
 *   const [timeline] = yield* Timeline.record(Effect.all([
 *     Timeline.label(Effect.sleep("250 millis"), "a"),
 *     Timeline.label(Effect.sleep("100 millis"), "b")
 *   ], { concurrency: "unbounded" }))
 *   yield* Timeline.assertMatches(timeline, "b@100 a@250")
 * })
 *
 * Effect.runPromise(VirtualTime.run(program)) // succeeds
 * ```
 */
export const assertMatches: {
  (notation: string, options?: ChartOptions | undefined): (self: Timeline) => Effect.Effect<void, TimelineMismatchError>
  (self: Timeline, notation: string, options?: ChartOptions | undefined): Effect.Effect<void, TimelineMismatchError>
} = dual(
  (args) => typeof args[0] !== "string",
  (self: Timeline, notation: string, options?: ChartOptions | undefined): Effect.Effect<void, TimelineMismatchError> =>
    Effect.suspend(() => {
      if (typeof notation !== "string") {
        return validate.illegal(fnAssert, "notation", notation, "a string")
      }
      const parsed = grammar.parse(notation)
      if ("bad" in parsed) {
        return validate.illegal(fnAssert, "notation", notation, `valid timeline notation (bad entry ${parsed.bad})`)
      }
      const width = widthOf(fnAssert, options?.width, 80, 30)
      const entries = parsed.entries
      const spans = self.spans
      let reason: string | undefined = undefined
      for (let i = 0; i < Math.max(entries.length, spans.length) && reason === undefined; i++) {
        const entry = entries[i]
        const span = spans[i]
        if (entry === undefined) {
          // i < spans.length here, since i < max(entries.length, spans.length)
          reason = `unexpected entry ${i + 1}: ${grammar.formatBar(span!)}`
        } else if (span === undefined) {
          reason = `missing entry ${i + 1}: expected ${entry.text}, the timeline has only ${spans.length}`
        } else if (!grammar.satisfies(entry, span)) {
          reason = `entry ${i + 1} differs: expected ${entry.text}, got ${grammar.formatBar(span)}`
        }
      }
      if (reason === undefined) {
        return Effect.void
      }
      return Effect.fail(
        new TimelineMismatchError({
          expected: entries.map((entry) => entry.text).join(" "),
          actual: toNotation(self),
          reason,
          expectedChart: chart.chart(entries.map((entry) => grammar.entryToBar(entry)), width, depthOf(options?.depth)),
          actualChart: chart.chart(spans, width, depthOf(options?.depth))
        })
      )
    })
)
