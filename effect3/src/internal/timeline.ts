/**
 * The watching side of `Timeline`: labels that cost nothing when nobody watches, and the tracer that watches spans.
 *
 * A timeline is made of Effect's own spans. `observe` installs, for one region, a tracer that hands every span
 * started there (by `Effect.withSpan`, `Effect.fn`, a library, or a label) to an observer, then passes it on to the
 * tracer that was installed before (Effect's native one, or an application's, such as OpenTelemetry's), so
 * watching a program never hides its spans from the application.
 *
 * A label is a span only when someone may want it: inside an observed region, or under a tracer other than
 * Effect's native one. Otherwise, which is the default for users, it reads one field of the fiber and runs the
 * effect unchanged: a span there would cost every wait a context copy and a span object that nobody reads.
 *
 * @internal
 */
import * as Chunk from "effect/Chunk"
import * as ClockTag from "effect/Clock"
import * as Context from "effect/Context"
import * as DefaultServices from "effect/DefaultServices"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type * as Fiber from "effect/Fiber"
import * as FiberRef from "effect/FiberRef"
import { globalValue } from "effect/GlobalValue"
import * as HashMap from "effect/HashMap"
import * as Option from "effect/Option"
import * as Tracer from "effect/Tracer"
import type { Observer, Outcome, SpanEvent } from "../Timeline.js"
import { escapeName } from "./timelineNotation.js"

/** One span as an observation sees it (a `SpanEvent` whose `end` and `outcome` are filled in when it ends). */
interface SpanRecord {
  readonly id: number
  readonly parent: number | undefined
  readonly depth: number
  readonly name: string
  readonly label: string
  readonly start: number
  end: number | undefined
  outcome: Outcome
}

/** One observed region: its clock and origin, its observer, and what it knows of the spans started in it. */
interface Watch {
  readonly clock: ClockTag.Clock
  readonly origin: bigint
  readonly observer: Observer
  readonly records: WeakMap<Tracer.AnySpan, SpanRecord>
  next: number
}

/** The watch behind each observing tracer, so that a label can find the path of the span it just made. */
const watches: WeakMap<Tracer.Tracer, Watch> = globalValue(
  Symbol.for("effect-asyncio/Timeline/watches"),
  () => new WeakMap<Tracer.Tracer, Watch>()
)

const nativeTracer: Tracer.Tracer = Context.get(DefaultServices.liveServices, Tracer.Tracer)

const outcomeOf = <A, E>(exit: Exit.Exit<A, E>): Outcome =>
  Exit.isSuccess(exit) ? "success" : Exit.isInterrupted(exit) ? "interrupted" : "failure"

const millis = (watch: Watch): number => Number(watch.clock.unsafeCurrentTimeNanos() - watch.origin) / 1e6

/**
 * A tracer that records each span in `watch` and tells its observer, then hands the span on to `outer`. The span
 * `outer` made is returned as it is (an OpenTelemetry tracer recognises its own spans as parents); only its `end`
 * is wrapped, to note the end before passing it on.
 */
const observing = (outer: Tracer.Tracer, watch: Watch): Tracer.Tracer =>
  Tracer.make({
    span: (name, parent, context, links, startTime, kind, options) => {
      const span = outer.span(name, parent, context, links, startTime, kind, options)
      const up = Option.isSome(parent) ? watch.records.get(parent.value) : undefined
      const segment = escapeName(name)
      const record: SpanRecord = {
        id: watch.next++,
        parent: up?.id,
        depth: up === undefined ? 0 : up.depth + 1,
        name,
        label: up === undefined ? segment : `${up.label}/${segment}`,
        start: millis(watch),
        end: undefined,
        outcome: "running"
      }
      watch.records.set(span, record)
      watch.observer.onStart?.(record)
      const end = span.end
      span.end = (endTime, exit) => {
        record.end = millis(watch)
        record.outcome = outcomeOf(exit)
        watch.observer.onEnd?.(record)
        end.call(span, endTime, exit)
      }
      return span
    },
    context: (execution, fiber) => outer.context(execution, fiber)
  })

/**
 * Runs `self` with every span started in it (at any depth, in any fiber it forks) handed to `observer`, with times
 * in milliseconds since now on the current `Clock`.
 *
 * @internal
 */
export const observe = <A, E, R>(self: Effect.Effect<A, E, R>, observer: Observer): Effect.Effect<A, E, R> =>
  Effect.clockWith((clock) =>
    Effect.tracerWith((outer) =>
      Effect.suspend(() => {
        const watch: Watch = {
          clock,
          origin: clock.unsafeCurrentTimeNanos(),
          observer,
          records: new WeakMap(),
          next: 0
        }
        const tracer = observing(outer, watch)
        watches.set(tracer, watch)
        return self.pipe(Effect.withTracer(tracer), Effect.withTracerEnabled(true))
      })
    )
  )

// the fiber's own setter of a fiber-local value, which `FiberRef.set` calls (not on the public `RuntimeFiber` type)
interface FiberSetter {
  readonly setFiberRef: <A>(ref: FiberRef.FiberRef<A>, value: A) => void
}

const noLinks: ReadonlyArray<Tracer.SpanLink> = []

// the nearest enclosing span that propagates, as Effect picks a new span's parent
const propagating = (span: Option.Option<Tracer.AnySpan>): Option.Option<Tracer.AnySpan> =>
  Option.flatMap(span, (parent) =>
    Context.get(parent.context, Tracer.DisablePropagation)
      ? parent._tag === "Span" ? propagating(parent.parent) : Option.none()
      : Option.some(parent))

// Starts the span of a label as `Effect.useSpan` would (parent, links and annotations from the fiber, the start
// time from its clock when timing is on), synchronously: no stack trace is captured for it.
const startSpan = (fiber: Fiber.RuntimeFiber<unknown, unknown>, tracer: Tracer.Tracer, name: string) => {
  const context = fiber.getFiberRef(FiberRef.currentContext)
  const services = fiber.getFiberRef(DefaultServices.currentServices)
  const clock = Context.get(services, ClockTag.Clock)
  const timing = fiber.getFiberRef(FiberRef.currentTracerTimingEnabled)
  const links = fiber.getFiberRef(FiberRef.currentTracerSpanLinks)
  const span = tracer.span(
    name,
    propagating(Context.getOption(context, Tracer.ParentSpan)),
    Context.empty(),
    Chunk.isEmpty(links) ? noLinks : Chunk.toReadonlyArray(links),
    timing ? clock.unsafeCurrentTimeNanos() : BigInt(0),
    "internal",
    {}
  )
  HashMap.forEach(fiber.getFiberRef(FiberRef.currentTracerSpanAnnotations), (value, key) => span.attribute(key, value))
  return { span, context, clock, timing }
}

/**
 * Runs `self` as a span named `name` when someone may watch it (an observed region, or a tracer other than
 * Effect's native one, with tracing on); otherwise runs `self` unchanged. The name is not checked.
 *
 * Under a watch it does what `Effect.withSpan` does, in one uninterruptible step at each end instead of a span
 * effect, an exit handler and a scoped context: the span is the parent of what `self` starts, and ends with
 * `self`'s exit. A recorded run of the exercises labels every wait, so this is what recording costs.
 *
 * @internal
 */
export const label = <A, E, R>(self: Effect.Effect<A, E, R>, name: string): Effect.Effect<A, E, R> =>
  Effect.withFiberRuntime((fiber) => {
    const tracer = fiber.currentTracer
    if (tracer === nativeTracer || !fiber.getFiberRef(FiberRef.currentTracerEnabled)) {
      return self
    }
    return Effect.uninterruptibleMask((restore) =>
      Effect.withFiberRuntime<A, E, R>((inner) => {
        const { clock, context, span, timing } = startSpan(inner, tracer, name)
        const runtime = inner as unknown as FiberSetter
        runtime.setFiberRef(FiberRef.currentContext, Context.add(context, Tracer.ParentSpan, span))
        return Effect.flatMap(Effect.exit(restore(self)), (exit) => {
          runtime.setFiberRef(FiberRef.currentContext, context)
          if (span.status._tag !== "Ended") {
            span.end(timing ? clock.unsafeCurrentTimeNanos() : BigInt(0), exit)
          }
          return exit
        })
      })
    )
  })

/**
 * The label of the span a fiber runs in, as the innermost observation of that fiber writes it, if it is observed:
 * how the virtual clock names its sleepers and waiting fibers. Read from the fiber's parent span, so that a label
 * sets nothing but its span (a fiber-local value per label would cost each labelled effect a copy of the fiber's
 * locals).
 *
 * @internal
 */
export const pathOf = (fiber: Fiber.RuntimeFiber<unknown, unknown>): string | undefined => {
  const watch = watches.get(Context.get(fiber.getFiberRef(DefaultServices.currentServices), Tracer.Tracer))
  const parent = Context.getOption(fiber.getFiberRef(FiberRef.currentContext), Tracer.ParentSpan)
  return watch === undefined || Option.isNone(parent) ? undefined : watch.records.get(parent.value)?.label
}

/**
 * What `record` keeps: every span in start order, and the ended ones in end order.
 *
 * @internal
 */
export interface Recorder {
  readonly spans: Array<SpanEvent>
  readonly ended: Array<SpanEvent>
}

/**
 * The recorder of the innermost `record`, for the virtual clock's report of labels still open.
 *
 * @internal
 */
export const currentRecorder: FiberRef.FiberRef<Recorder | undefined> = globalValue(
  Symbol.for("effect-asyncio/Timeline/currentRecorder"),
  () => FiberRef.unsafeMake<Recorder | undefined>(undefined)
)

/**
 * Runs `self` observed by a fresh recorder, which it succeeds with beside `self`'s exit.
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
      Effect.locally(currentRecorder, recorder),
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
