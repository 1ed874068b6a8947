/**
 * Whether anybody traces: a `Timeline` label, and the waits of `waitN` and `taskWaitN`, make a span only where one
 * can be seen.
 *
 * @internal
 */
import * as Context from "effect/Context"
import type * as Fiber from "effect/Fiber"
import * as Tracer from "effect/Tracer"

/**
 * Whether spans started by `fiber` now would reach a tracer other than Effect's native one, with tracing enabled.
 *
 * @internal
 */
export const isTraced = (fiber: Fiber.Fiber<unknown, unknown>): boolean => {
  const tracer = fiber.cache.tracer
  return tracer !== undefined && fiber.cache.tracerEnabled && tracer !== Tracer.nativeTracer
}

/**
 * Whether the waits of `waitN` and `taskWaitN` are a span each where traced (the default). A seeded virtual run's own
 * recording turns it off (its timeline is only for reporting a failure), so that an exploration's runs queue their
 * waits on the clock as plain runs do and cost what they cost; a `Timeline.record` inside turns it on again.
 *
 * @internal
 */
export const waitSpans: Context.Reference<boolean> = Context.Reference<boolean>(
  "effect-asyncio/internal/waitSpans",
  { defaultValue: () => true }
)

/**
 * Whether the waits `fiber` starts now should be a span each: traced, and not turned off by {@link waitSpans}.
 *
 * @internal
 */
export const wantsWaitSpans = (fiber: Fiber.Fiber<unknown, unknown>): boolean =>
  isTraced(fiber) && fiber.getRef(waitSpans)
