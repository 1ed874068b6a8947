/**
 * The watching side of `Timeline`: labels that cost nothing when nobody watches, and the tracer that watches spans.
 *
 * A timeline is made of Effect's own spans. `observe` installs, for one region, a tracer that hands every span
 * started there (by `Effect.withSpan`, `Effect.fn`, a library, or a label) to an observer, then passes it on to the
 * tracer that was installed before (Effect's native one, or an application's, such as OpenTelemetry's), so
 * watching a program never hides its spans from the application.
 *
 * A label is a span only when someone may want it: inside an observed region, or under a tracer other than
 * Effect's native one. Otherwise, which is the default for users, it reads one field of the fiber and runs the effect
 * unchanged: a span there would cost every wait a context and a span object that nobody reads.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type * as Fiber from "effect/Fiber"
import * as LogLevel from "effect/LogLevel"
import * as Option from "effect/Option"
import * as References from "effect/References"
import * as Tracer from "effect/Tracer"
import * as looking from "../tracer.js"
import type { Observer, Outcome, SpanEvent, Timeline } from "./model.js"
import { escapeName } from "./notation.js"

/** One observed region: its clock and origin, its observer, and the observation it runs in. */
interface Watch {
  readonly clock: Clock.Clock
  readonly origin: bigint
  readonly observer: Observer
  /** The observation this one runs in, if any: it knows the spans started before this one began. */
  readonly outer: Watch | undefined
  next: number
}

/** A `SpanEvent` whose `end` and `outcome` are filled in when its span ends. */
interface MutableSpanEvent {
  readonly id: number
  readonly parent: number | undefined
  readonly depth: number
  readonly name: string
  readonly label: string
  readonly start: number
  end: number | undefined
  outcome: Outcome
}

/**
 * One span as one observation sees it: the event its observer receives, and how to end the span. A span carries the
 * records of the observations that saw it start, innermost first, under {@link RecordKey}.
 */
interface SpanRecord {
  readonly event: MutableSpanEvent
  readonly watch: Watch
  /** The record of the same span in an enclosing observation. */
  readonly next: SpanRecord | undefined
  /** The span's own `end`, before the first observation replaced it. */
  readonly endSpan: Tracer.Span["end"]
}

// the records ride on the span itself: a weak map from span to record costs more than the rest of an observed span
const RecordKey = Symbol("effect-asyncio/Timeline/record")

interface ObservedSpan extends Tracer.Span {
  [RecordKey]?: SpanRecord | undefined
}

/** The watch behind each observing tracer, so that a fiber's span can be named from the tracer it runs under. */
const watches = new WeakMap<Tracer.Tracer, Watch>()

const bigint0 = BigInt(0)

const outcomeOf = (exit: Exit.Exit<unknown, unknown>): Outcome =>
  Exit.isSuccess(exit) ? "success" : Exit.hasInterrupts(exit) ? "interrupted" : "failure"

const millis = (watch: Watch): number => Number(watch.clock.currentTimeNanosUnsafe() - watch.origin) / 1e6

const recordOf = (span: Tracer.AnySpan, watch: Watch): SpanRecord | undefined => {
  for (let record = (span as ObservedSpan)[RecordKey]; record !== undefined; record = record.next) {
    if (record.watch === watch) {
      return record
    }
  }
  return undefined
}

// the `end` of an observed span: notes the end in each observation that saw it start, innermost first, then ends it
function observedEnd(this: ObservedSpan, endTime: bigint, exit: Exit.Exit<unknown, unknown>): void {
  const head = this[RecordKey]!
  for (let record: SpanRecord | undefined = head; record !== undefined; record = record.next) {
    const event = record.event
    if (event.end === undefined) {
      event.end = millis(record.watch)
      event.outcome = outcomeOf(exit)
      record.watch.observer.onEnd?.(event)
    }
  }
  head.endSpan.call(this, endTime, exit)
}

/**
 * A tracer that records each span for `watch` and tells its observer, then hands the span on to `outer`. The span
 * `outer` made is returned as it is (an OpenTelemetry tracer recognises its own spans as parents); only its `end`
 * is replaced, to note the end before passing it on. `outer`'s context hook, if any, is kept as it is.
 */
const observing = (outer: Tracer.Tracer, watch: Watch): Tracer.Tracer =>
  Tracer.make({
    span: (options) => {
      const span: ObservedSpan = outer.span(options)
      const up = Option.isSome(options.parent) ? recordOf(options.parent.value, watch)?.event : undefined
      const segment = escapeName(options.name)
      const next = span[RecordKey]
      const event: MutableSpanEvent = {
        id: watch.next++,
        parent: up?.id,
        depth: up === undefined ? 0 : up.depth + 1,
        name: options.name,
        label: up === undefined ? segment : `${up.label}/${segment}`,
        start: millis(watch),
        end: undefined,
        outcome: "running"
      }
      span[RecordKey] = { event, watch, next, endSpan: next === undefined ? span.end : next.endSpan }
      if (next === undefined) {
        span.end = observedEnd
      }
      watch.observer.onStart?.(event)
      return span
    },
    context: outer.context
  })

/**
 * Runs `self` with every span started in it (at any depth, in any fiber it forks) handed to `observer`, with times
 * in milliseconds since now on the current `Clock`.
 *
 * @internal
 */
export const observe = <A, E, R>(self: Effect.Effect<A, E, R>, observer: Observer): Effect.Effect<A, E, R> =>
  Effect.withFiber((fiber) => {
    const clock = fiber.getRef(Clock.Clock)
    const outer = fiber.getRef(Tracer.Tracer)
    const watch: Watch = {
      clock,
      origin: clock.currentTimeNanosUnsafe(),
      observer,
      outer: watches.get(outer),
      next: 0
    }
    const tracer = observing(outer, watch)
    watches.set(tracer, watch)
    return self.pipe(Effect.withTracer(tracer), Effect.withTracerEnabled(true))
  })

// the nearest enclosing span that propagates, as Effect picks a new span's parent
const propagating = (span: Tracer.AnySpan | undefined): Option.Option<Tracer.AnySpan> =>
  span === undefined
    ? Option.none()
    : Context.get(span.annotations, Tracer.DisablePropagation)
    ? span._tag === "Span" ? propagating(Option.getOrUndefined(span.parent)) : Option.none()
    : Option.some(span)

// Starts the span of a label as `Effect.withSpan` would (parent, links, annotations, sampling, and the start time
// from the fiber's clock when timing is on), synchronously: no stack trace is captured for it.
const startSpan = (fiber: Fiber.Fiber<unknown, unknown>, tracer: Tracer.Tracer, name: string): Tracer.Span => {
  const parent = propagating(fiber.cache.span)
  const links = fiber.getRef(References.TracerSpanLinks)
  const span = tracer.span({
    name,
    parent,
    annotations: Context.empty(),
    links: links.length === 0 ? [] : links.slice(),
    startTime: fiber.getRef(References.TracerTimingEnabled)
      ? fiber.getRef(Clock.Clock).currentTimeNanosUnsafe()
      : bigint0,
    kind: "internal",
    root: false,
    sampled: Option.isSome(parent) && parent.value.sampled === false
      ? false
      : !LogLevel.isGreaterThan(fiber.getRef(Tracer.MinimumTraceLevel), fiber.getRef(Tracer.CurrentTraceLevel))
  })
  const annotations = fiber.getRef(References.TracerSpanAnnotations)
  for (const key in annotations) {
    span.attribute(key, annotations[key])
  }
  return span
}

/**
 * Runs `self` as a span named `name` when someone may watch it (an observed region, or a tracer other than
 * Effect's native one, with tracing on: `isTraced` of `internal/tracer.ts`);
 * otherwise runs `self` unchanged. The name is not checked.
 *
 * Under a watch it does what `Effect.withSpan` does, in one step at each end instead of a span effect, an exit
 * handler and a context update: the span is the parent of what `self` starts, and ends with `self`'s exit, after
 * the fiber's context is restored. A recorded run of the exercises labels every wait, so this is what recording
 * costs.
 *
 * @internal
 */
export const label = <A, E, R>(self: Effect.Effect<A, E, R>, name: string): Effect.Effect<A, E, R> =>
  Effect.withFiber((fiber) => {
    if (!looking.isTraced(fiber)) {
      return self
    }
    // set when the span starts, inside the exit handler, so that an interruption cannot fall between the two
    let span: Tracer.Span | undefined
    let context: Context.Context<never>
    return Effect.onExitPrimitive(
      Effect.withFiber((inner) => {
        context = inner.context
        span = startSpan(inner, inner.cache.tracer!, name)
        inner.setContext(Context.add(context, Tracer.ParentSpan, span))
        return self
      }),
      (exit) => {
        if (span !== undefined) {
          fiber.setContext(context)
          if (span.status._tag !== "Ended") {
            span.end(
              fiber.getRef(References.TracerTimingEnabled)
                ? fiber.getRef(Clock.Clock).currentTimeNanosUnsafe()
                : bigint0,
              exit
            )
          }
        }
        return undefined
      }
    )
  })

/**
 * The label of the span a fiber runs in right now, as the innermost observation of that fiber that saw the span
 * start writes it; `undefined` when the fiber is not observed or runs in no span it saw. How the virtual clock names
 * its sleepers and waiting fibers. Read from the fiber's parent span, so that a label sets nothing but its span.
 *
 * @internal
 */
export const pathOf = (fiber: Fiber.Fiber<unknown, unknown>): string | undefined => {
  const tracer = fiber.cache.tracer
  const span = fiber.cache.span
  if (tracer === undefined || span === undefined) {
    return undefined
  }
  for (let watch = watches.get(tracer); watch !== undefined; watch = watch.outer) {
    const record = recordOf(span, watch)
    if (record !== undefined) {
      return record.event.label
    }
  }
  return undefined
}

/**
 * What `record` keeps: every span in start order, and the ended ones in end order.
 *
 * @internal
 */
export interface Recorder {
  readonly spans: Array<SpanEvent>
  readonly ended: Array<SpanEvent>
  /**
   * Whether the waits of `waitN` and `taskWaitN` recorded here are a span each (unless `false`). A seeded virtual run
   * records its timeline only to report a failing schedule, and turns it off for its own recorder, so that an
   * exploration's runs queue their waits on the clock as plain runs do and cost what they cost; a `record` inside has
   * a recorder of its own, with the spans.
   */
  waitSpans?: boolean
}

/**
 * The recorder of the innermost `record`, for the virtual clock's report of labels still open.
 *
 * @internal
 */
export const currentRecorder: Context.Reference<Recorder | undefined> = Context.Reference<Recorder | undefined>(
  "effect-asyncio/Timeline/currentRecorder",
  { defaultValue: () => undefined }
)

/**
 * Runs `self` observed by a fresh recorder, which it succeeds with beside `self`'s exit; the recorder is
 * {@link currentRecorder} inside.
 *
 * @internal
 */
export const record = <A, E, R>(
  self: Effect.Effect<A, E, R>
): Effect.Effect<readonly [recorder: Recorder, exit: Exit.Exit<A, E>], never, R> =>
  Effect.suspend(() => {
    const recorder: Recorder = { spans: [], ended: [] }
    const observer: Observer = {
      onStart: (event) => recorder.spans.push(event),
      onEnd: (event) => recorder.ended.push(event)
    }
    return observe(self, observer).pipe(
      Effect.provideService(currentRecorder, recorder),
      Effect.exit,
      Effect.map((exit) => [recorder, exit] as const)
    )
  })

/**
 * The spans that started and have not ended, in start order.
 *
 * @internal
 */
export const openSpans = (recorder: Recorder): Array<{ readonly label: string; readonly start: number }> =>
  recorder.spans.filter((span) => span.end === undefined).map((span) => ({ label: span.label, start: span.start }))

/**
 * The timeline so far of a recorder: the ended spans in end order, then those still open in start order, cut short
 * at `cut` (milliseconds since recording began) as `"interrupted"` when given, else left `"running"`. An absent
 * recorder has the empty timeline.
 *
 * @internal
 */
export const snapshot = (recorder: Recorder | undefined, cut?: number): Timeline => {
  if (recorder === undefined) {
    return { spans: [] }
  }
  const open = recorder.spans.filter((span) => span.end === undefined)
  return {
    spans: [
      ...recorder.ended.map(({ end, label, outcome, start }) => ({ label, start, end, outcome })),
      ...open.map(({ end, label, outcome, start }) =>
        cut === undefined ? { label, start, end, outcome } : { label, start, end: cut, outcome: "interrupted" as const }
      )
    ]
  }
}
