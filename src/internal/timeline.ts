/**
 * The recording side of `Timeline`: a `FiberRef` holding the installed recorder (or nothing), a `FiberRef` holding
 * the label path of the enclosing labelled effect, and the mutable span records.
 *
 * With no recorder installed, labelling reads one `FiberRef` and runs the effect unchanged: no clock reads, no
 * allocation beyond the label string the caller built.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FiberRef from "effect/FiberRef"
import { globalValue } from "effect/GlobalValue"

/** @internal */
export type Outcome = "success" | "failure" | "interrupted" | "running"

/** @internal */
export interface SpanRecord {
  readonly label: string
  readonly start: bigint
  end: bigint | undefined
  endSeq: number
  outcome: Outcome
}

/** @internal */
export interface Recorder {
  /** Clock reading (nanoseconds) when recording began; span times are relative to it. */
  readonly origin: bigint
  readonly spans: Array<SpanRecord>
  ends: number
}

/** @internal */
export const currentRecorder: FiberRef.FiberRef<Recorder | undefined> = globalValue(
  Symbol.for("effect-asyncio/Timeline/currentRecorder"),
  () => FiberRef.unsafeMake<Recorder | undefined>(undefined)
)

/** @internal */
export const currentPath: FiberRef.FiberRef<string | undefined> = globalValue(
  Symbol.for("effect-asyncio/Timeline/currentPath"),
  () => FiberRef.unsafeMake<string | undefined>(undefined)
)

/** @internal */
export const makeRecorder = (origin: bigint): Recorder => ({ origin, spans: [], ends: 0 })

const outcomeOf = <A, E>(exit: Exit.Exit<A, E>): Outcome =>
  Exit.isSuccess(exit) ? "success" : Exit.isInterrupted(exit) ? "interrupted" : "failure"

/**
 * Runs `self` as a span named `name` (nested under the enclosing label, joined with "/") when a recorder is
 * installed; otherwise runs `self` unchanged.
 *
 * @internal
 */
export const label = <A, E, R>(self: Effect.Effect<A, E, R>, name: string): Effect.Effect<A, E, R> =>
  Effect.withFiberRuntime((fiber) => {
    const recorder = fiber.getFiberRef(currentRecorder)
    if (recorder === undefined) {
      return self
    }
    const parent = fiber.getFiberRef(currentPath)
    const path = parent === undefined ? name : `${parent}/${name}`
    const clock = Context.get(fiber.currentDefaultServices, Clock.Clock)
    const span: SpanRecord = {
      label: path,
      start: clock.unsafeCurrentTimeNanos(),
      end: undefined,
      endSeq: -1,
      outcome: "running"
    }
    recorder.spans.push(span)
    return Effect.locally(self, currentPath, path).pipe(
      Effect.onExit((exit) =>
        Effect.sync(() => {
          span.end = clock.unsafeCurrentTimeNanos()
          span.endSeq = recorder.ends++
          span.outcome = outcomeOf(exit)
        })
      )
    )
  })

/**
 * The labels of the spans that started and have not ended, in start order, with their start time in milliseconds
 * relative to the recorder's origin.
 *
 * @internal
 */
export const openSpans = (recorder: Recorder): Array<{ readonly label: string; readonly start: number }> =>
  recorder.spans.filter((span) => span.end === undefined).map((span) => ({
    label: span.label,
    start: Number(span.start - recorder.origin) / 1e6
  }))
