/**
 * Which fibers an effect has started and not ended yet: Effect 4 has no `Supervisor`, so a tracer's `context` hook
 * sees every fiber that runs under it, and an observer on each drops it when it ends.
 */
import { Cause, Effect, Exit, Fiber, Tracer } from "effect"

const evaluate = "~effect/Effect/evaluate"

interface Primitive {
  readonly [evaluate]: (fiber: Fiber.Fiber<unknown, unknown>) => unknown
}

export interface FiberTracker {
  /** Runs `self` under the tracker: every fiber it starts (and their children) is counted until it ends. */
  readonly track: <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  /** How many of the tracked fibers are still alive (the fiber that called `track` is not counted). */
  readonly alive: () => number
}

export const makeFiberTracker = (): FiberTracker => {
  const alive = new Set<Fiber.Fiber<unknown, unknown>>()
  const roots = new Set<Fiber.Fiber<unknown, unknown>>()
  const observe = (fiber: Fiber.Fiber<unknown, unknown>) => {
    if (!alive.has(fiber) && !roots.has(fiber) && fiber.pollUnsafe() === undefined) {
      alive.add(fiber)
      fiber.addObserver(() => alive.delete(fiber))
    }
  }
  const track = <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.withFiber((root) => {
      roots.add(root)
      const outer = root.getRef(Tracer.Tracer)
      const next = outer.context
      const tracer = Tracer.make({
        span: (options) => outer.span(options),
        context: (primitive, fiber) => {
          observe(fiber)
          return next === undefined
            ? (primitive as unknown as Primitive)[evaluate](fiber) as never
            : next(primitive, fiber)
        }
      })
      return Effect.ensuring(
        Effect.withTracer(self, tracer),
        Effect.sync(() => roots.delete(root))
      )
    })
  return { alive: () => alive.size, track }
}

/** Whether `exit` is an interruption and nothing else (Effect 3's `Exit.isInterrupted`). */
export const isInterrupted = <A, E>(exit: Exit.Exit<A, E>): boolean =>
  Exit.isFailure(exit) && Cause.hasInterruptsOnly(exit.cause)

/** Interrupts `fiber`, waits for it to end, and tells whether it ended interrupted and nothing else. */
export const interruptedOnly = <A, E>(fiber: Fiber.Fiber<A, E>): Effect.Effect<boolean> =>
  Effect.andThen(Fiber.interrupt(fiber), Effect.map(Fiber.await(fiber), (exit) => isInterrupted(exit)))
