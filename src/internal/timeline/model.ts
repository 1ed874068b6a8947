/**
 * What a timeline is made of: spans with their times and outcomes, the events an observation hands out, and its
 * callbacks. The `Timeline` module re-exports these types with their documentation; the internal modules that
 * record, write and draw timelines share them from here.
 *
 * @internal
 */

/**
 * How a span ended: `"running"` when it had not ended when the timeline was taken.
 *
 * @internal
 */
export type Outcome = "success" | "failure" | "interrupted" | "running"

/**
 * One span: a run of a labelled effect, or of any effect given to `Effect.withSpan`.
 *
 * @internal
 */
export interface Span {
  /** The span's name, after the names of the spans it runs in (`comprehension-1/emit`); see the notation. */
  readonly label: string
  /** Milliseconds since recording began. */
  readonly start: number
  /** Milliseconds since recording began; `undefined` while running. */
  readonly end: number | undefined
  /** How the span ended, or `"running"`. */
  readonly outcome: Outcome
}

/**
 * A recorded timeline: its spans in the order they ended, then the running ones in the order they started.
 *
 * @internal
 */
export interface Timeline {
  readonly spans: ReadonlyArray<Span>
}

/**
 * A span as an observation reports it: the `Span` fields, with its own name and its place among the others.
 *
 * @internal
 */
export interface SpanEvent extends Span {
  /** Numbers the spans of one observation from 0, in the order they started. */
  readonly id: number
  /** The `id` of the observed span this one runs in; `undefined` for a span of the observed effect itself. */
  readonly parent: number | undefined
  /** 0 for a span of the observed effect itself, its parent's depth + 1 below. */
  readonly depth: number
  /** The name given to the label or to `Effect.withSpan`, as it was given (`label` is escaped). */
  readonly name: string
}

/**
 * The callbacks of an observation (documented in the `Timeline` module).
 *
 * @internal
 */
export interface Observer {
  /** Called as a span starts, with `end` undefined and `outcome` `"running"`. */
  readonly onStart?: ((event: SpanEvent) => void) | undefined
  /** Called as a span ends, with the event `onStart` received, now ended. */
  readonly onEnd?: ((event: SpanEvent) => void) | undefined
}
