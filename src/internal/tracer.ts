/**
 * Whether anybody traces: a `Timeline` label, and the waits of `waitN` and `taskWaitN`, make a span only where one
 * can be seen.
 *
 * @internal
 */
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
