/**
 * Double initialisation: `ensureStarted` starts the background worker unless the service is up, and the worker marks
 * the service up when it begins. Two callers that ask at the same time can both see it down and start two workers,
 * because a forked fiber runs its first step only when the scheduler gets to it. The second caller asks a little
 * later (it yields once first), so first in, first out passes: the first worker has marked the service up before the
 * second caller looks. The fix claims the start in one atomic step (`Ref.modify`) before forking.
 */
import { Effect, Fiber, Ref } from "effect"

interface Service {
  readonly up: Ref.Ref<boolean>
  readonly workers: Ref.Ref<ReadonlyArray<Fiber.Fiber<void>>>
}

const start = (service: Service, worker: Effect.Effect<void>) =>
  Effect.flatMap(Effect.forkDetach(worker), (fiber) => Ref.update(service.workers, (workers) => [...workers, fiber]))

// the worker marks the service up as its first step
const ensureStartedRacy = (service: Service) =>
  Effect.gen(function*() {
    if (!(yield* Ref.get(service.up))) {
      yield* start(service, Ref.set(service.up, true))
    }
  })

const ensureStartedSafe = (service: Service) =>
  Effect.gen(function*() {
    if (yield* Ref.modify(service.up, (up) => [!up, true] as const)) {
      yield* start(service, Effect.void)
    }
  })

const program = (ensureStarted: (service: Service) => Effect.Effect<void>) =>
  Effect.gen(function*() {
    const service: Service = {
      up: yield* Ref.make(false),
      workers: yield* Ref.make<ReadonlyArray<Fiber.Fiber<void>>>([])
    }
    yield* Effect.all([ensureStarted(service), Effect.andThen(Effect.yieldNow, ensureStarted(service))], {
      concurrency: "unbounded",
      discard: true
    })
    const workers = yield* Ref.get(service.workers)
    yield* Fiber.joinAll(workers)
    if (workers.length !== 1) {
      return yield* Effect.fail(`double initialisation: ${workers.length} workers started, expected one`)
    }
    return workers.length
  })

export const buggy = program(ensureStartedRacy)
export const fixed = program(ensureStartedSafe)
