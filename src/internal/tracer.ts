/**
 * Tracers that only look: a tracer installed by this library to see something of the run without wanting spans
 * (the virtual clock's list of live fibers) hands every span to the tracer that was installed before it, which stays
 * the one that decides. (A timeline's observation is not one: it wants the spans, so a label under it is a span.) This module records, for each such wrapper, the tracer it wraps, so that code asking
 * "is anybody tracing?" (a `Timeline` label deciding whether to make a span) asks about the tracer underneath.
 *
 * @internal
 */
import type * as Fiber from "effect/Fiber"
import * as Tracer from "effect/Tracer"

const wrapped = new WeakMap<Tracer.Tracer, Tracer.Tracer>()

/**
 * The string key under which an Effect 4 primitive evaluates itself; a tracer's `context` hook must call it.
 *
 * @internal
 */
export const evaluate = "~effect/Effect/evaluate"

/**
 * Records that `wrapper` hands its spans to `outer` and adds nothing of its own.
 *
 * @internal
 */
export const register = (wrapper: Tracer.Tracer, outer: Tracer.Tracer): Tracer.Tracer => {
  wrapped.set(wrapper, outer)
  return wrapper
}

/**
 * The tracer that decides for `tracer`: itself, or, for a registered wrapper, the tracer underneath all wrappers.
 *
 * @internal
 */
export const underlying = (tracer: Tracer.Tracer): Tracer.Tracer => {
  let current = tracer
  for (let next = wrapped.get(current); next !== undefined; next = wrapped.get(current)) {
    current = next
  }
  return current
}

/**
 * Whether spans started by `fiber` now would reach a tracer other than Effect's native one, with tracing enabled.
 *
 * @internal
 */
export const isTraced = (fiber: Fiber.Fiber<unknown, unknown>): boolean => {
  const tracer = fiber.cache.tracer
  return tracer !== undefined && fiber.cache.tracerEnabled && underlying(tracer) !== Tracer.nativeTracer
}

/**
 * A `context` hook for a wrapper of `outer`: calls `observe` with each fiber about to evaluate a primitive, then lets
 * `outer`'s own hook run the primitive, if it has one.
 *
 * @internal
 */
export const contextHook = (
  outer: Tracer.Tracer,
  observe: (fiber: Fiber.Fiber<unknown, unknown>) => void
): NonNullable<Tracer.Tracer["context"]> => {
  const next = outer.context
  return next === undefined
    ? (primitive, fiber) => {
      observe(fiber)
      return primitive[evaluate](fiber)
    }
    : (primitive, fiber) => {
      observe(fiber)
      return next(primitive, fiber)
    }
}
