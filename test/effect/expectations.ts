/**
 * The tests of Effect's suite that do not pass unchanged in a mode, each with its class (docs/testing.md, "Moving an
 * existing suite", explains each class and the rewrite that works). Keys: file > suites > name.
 */
import type { Mode } from "./upstream.js"

/** Why a test does not pass unchanged. */
export type Class =
  /**
   * Fails under `it.effect` too (an API of the pinned commit that effect 4.1.5 changed), or passes there only in some
   * runs (skipped): not counted.
   */
  | "drift"
  /** Needs the clock to read infinity after `TestClock.adjust(Infinity)`; the virtual clock stops at the last sleeper. */
  | "infinite-time"
  /** A fiber spins without ever waiting (`Effect.forever(Effect.void)`): virtual time never moves, `adjust` waits. */
  | "busy-loop"
  /** Waits on something outside Effect (a timer promise): a deadlock at once; the rewrite is the `idle` option. */
  | "outside-effect"
  /** Assumes a child forked with `startImmediately` runs at once, which Effect guarantees and explore varies. */
  | "start-immediately"
  /**
   * Assumes fibers forked (or interrupted) in a row run in that order: forks, `Effect.all` children, racers, the
   * losers of a race; or that a forked fiber has started before the parent's next step.
   */
  | "fork-order"
  /** Assumes `Effect.yieldNow` lets every other ready fiber run before the yielding one resumes. */
  | "yield-order"
  /** Assumes a background fiber (a pool's filler, a buffer's producer) has done its work when the test looks. */
  | "background-done"
  /** A real race in the code under test: a legal order breaks what its documentation promises. */
  | "real-race"

/** How a listed test is registered: `fails` (it must fail), or `skipped` (it would run to vitest's timeout, or is flaky). */
export interface Expectation {
  readonly outcome: "fails" | "skipped"
  readonly class: Class
}

/** The listed tests of each mode. */
export const expectations: Record<Mode, Readonly<Record<string, Expectation>>> = {
  effect: {
    "Effect.test.ts > Effect > finalization > finalizer errors merged": { outcome: "fails", class: "drift" },
    "Effect.test.ts > Effect > finalization > scoped combines usage and finalizer failures": {
      outcome: "fails",
      class: "drift"
    },
    "Effect.test.ts > Effect > partition > collects failures and successes": { outcome: "fails", class: "drift" },
    "Effect.test.ts > Effect > partition > collects only failures": { outcome: "fails", class: "drift" },
    "Effect.test.ts > Effect > partition > collects only successes": { outcome: "fails", class: "drift" },
    "Effect.test.ts > Effect > partition > supports concurrency option": { outcome: "fails", class: "drift" },
    "Effect.test.ts > Effect > timeout > timeout a long computation": { outcome: "skipped", class: "drift" },
    "Effect.test.ts > Effect > timeout > timeout interrupts the effect": { outcome: "skipped", class: "drift" },
    "LayerMap.test.ts > LayerMap > make preloads the requested keys": { outcome: "skipped", class: "drift" },
    "Pool.test.ts > Pool > concurrency reclaim": { outcome: "skipped", class: "drift" },
    "Pool.test.ts > Pool > finalizer is called for failed allocations": { outcome: "skipped", class: "drift" },
    "Pool.test.ts > Pool > reports failures via get": { outcome: "skipped", class: "drift" },
    "Pool.test.ts > Pool > use borrows and returns an item": { outcome: "skipped", class: "drift" },
    "Stream.test.ts > Stream > aggregateWithin > does not grow the fiber continuation stack while upstream is idle": {
      outcome: "fails",
      class: "drift"
    },
    "Stream.test.ts > Stream > bufferArray - sliding > fast producer progress independently (2)": {
      outcome: "fails",
      class: "drift"
    },
    "Stream.test.ts > Stream > encoding > splitLines > matches String.linesIterator regardless of chunk boundaries": {
      outcome: "fails",
      class: "drift"
    },
    "Stream.test.ts > Stream > partition > backpressure": { outcome: "skipped", class: "drift" },
    "Stream.test.ts > Stream > partition > partition - backpressure": { outcome: "skipped", class: "drift" },
    "Stream.test.ts > Stream > partition > partition - values": { outcome: "fails", class: "drift" },
    "Stream.test.ts > Stream > partition > partition with Filter": { outcome: "fails", class: "drift" },
    "Stream.test.ts > Stream > partition > values": { outcome: "fails", class: "drift" },
    "Stream.test.ts > Stream > rechunk": { outcome: "fails", class: "drift" },
    "Stream.test.ts > Stream > scanning > scan": { outcome: "fails", class: "drift" },
    "Stream.test.ts > Stream > scanning > scanEffect": { outcome: "fails", class: "drift" },
    "Stream.test.ts > Stream > zipping > zipWith - equivalence with array operations": {
      outcome: "fails",
      class: "drift"
    }
  },
  virtual: {
    "Effect.test.ts > Effect > finalization > finalizer errors merged": { outcome: "fails", class: "drift" },
    "Effect.test.ts > Effect > finalization > scoped combines usage and finalizer failures": {
      outcome: "fails",
      class: "drift"
    },
    "Effect.test.ts > Effect > partition > collects failures and successes": { outcome: "fails", class: "drift" },
    "Effect.test.ts > Effect > partition > collects only failures": { outcome: "fails", class: "drift" },
    "Effect.test.ts > Effect > partition > collects only successes": { outcome: "fails", class: "drift" },
    "Effect.test.ts > Effect > partition > supports concurrency option": { outcome: "fails", class: "drift" },
    "Effect.test.ts > Effect > repeat > is interruptible": { outcome: "skipped", class: "busy-loop" },
    "Effect.test.ts > Effect > timeout > timeout a long computation": { outcome: "skipped", class: "drift" },
    "Effect.test.ts > Effect > timeout > timeout interrupts the effect": { outcome: "skipped", class: "drift" },
    "Effect.test.ts > Effect > timeoutOption > timeout repetition of uninterruptible effect": {
      outcome: "skipped",
      class: "busy-loop"
    },
    "LayerMap.test.ts > LayerMap > make preloads the requested keys": { outcome: "skipped", class: "drift" },
    "Pool.test.ts > Pool > concurrency reclaim": { outcome: "skipped", class: "drift" },
    "Pool.test.ts > Pool > finalizer is called for failed allocations": { outcome: "skipped", class: "drift" },
    "Pool.test.ts > Pool > reports failures via get": { outcome: "skipped", class: "drift" },
    "Pool.test.ts > Pool > use borrows and returns an item": { outcome: "skipped", class: "drift" },
    "Schedule.test.ts > Schedule > cron > does not fail when the test clock is adjusted to infinity": {
      outcome: "skipped",
      class: "infinite-time"
    },
    "Stream.test.ts > Stream > aggregateWithin > does not grow the fiber continuation stack while upstream is idle": {
      outcome: "fails",
      class: "drift"
    },
    "Stream.test.ts > Stream > bufferArray - sliding > fast producer progress independently (2)": {
      outcome: "fails",
      class: "drift"
    },
    "Stream.test.ts > Stream > destructors > toAsyncIterable - return does not reject an unawaited in-flight next": {
      outcome: "skipped",
      class: "outside-effect"
    },
    "Stream.test.ts > Stream > encoding > splitLines > matches String.linesIterator regardless of chunk boundaries": {
      outcome: "fails",
      class: "drift"
    },
    "Stream.test.ts > Stream > partition > backpressure": { outcome: "skipped", class: "drift" },
    "Stream.test.ts > Stream > partition > partition - backpressure": { outcome: "skipped", class: "drift" },
    "Stream.test.ts > Stream > partition > partition - values": { outcome: "fails", class: "drift" },
    "Stream.test.ts > Stream > partition > partition with Filter": { outcome: "fails", class: "drift" },
    "Stream.test.ts > Stream > partition > values": { outcome: "fails", class: "drift" },
    "Stream.test.ts > Stream > rechunk": { outcome: "fails", class: "drift" },
    "Stream.test.ts > Stream > scanning > scan": { outcome: "fails", class: "drift" },
    "Stream.test.ts > Stream > scanning > scanEffect": { outcome: "fails", class: "drift" },
    "Stream.test.ts > Stream > zipping > zipWith - equivalence with array operations": {
      outcome: "fails",
      class: "drift"
    }
  },
  explore: {
    "Cache.test.ts > Cache > basic operations > get > concurrent access - interrupted lookup does not remove a newer set value":
      { outcome: "fails", class: "start-immediately" },
    "Cache.test.ts > Cache > basic operations > get > concurrent access - interrupting the first consumer does not interrupt the second":
      { outcome: "fails", class: "start-immediately" },
    "Cache.test.ts > Cache > basic operations > getOption > waits for value being computed and returns result": {
      outcome: "fails",
      class: "fork-order"
    },
    "Cache.test.ts > Cache > modification operations > refresh > concurrent refresh calls each invoke lookup independently":
      { outcome: "fails", class: "fork-order" },
    "Deferred.test.ts > Deferred > interruption > await - interrupting a suspended waiter removes it": {
      outcome: "fails",
      class: "start-immediately"
    },
    "Deferred.test.ts > Deferred > interruption > await - interrupting a waiter after completion does not die": {
      outcome: "fails",
      class: "start-immediately"
    },
    "Deferred.test.ts > Deferred > interruption > done with an interrupt cause resumes every suspended waiter": {
      outcome: "fails",
      class: "start-immediately"
    },
    "Effect.test.ts > Effect > all > concurrency interrupts started siblings on failure": {
      outcome: "fails",
      class: "fork-order"
    },
    "Effect.test.ts > Effect > awaitAllChildren > does not await children forked outside the wrapped effect": {
      outcome: "fails",
      class: "start-immediately"
    },
    "Effect.test.ts > Effect > awaitAllChildren > does not await preexisting children in the same fiber": {
      outcome: "fails",
      class: "start-immediately"
    },
    "Effect.test.ts > Effect > finalization > finalizer errors merged": { outcome: "fails", class: "drift" },
    "Effect.test.ts > Effect > finalization > onExit - callback observes interrupt exit when the fiber is interrupted":
      { outcome: "fails", class: "start-immediately" },
    "Effect.test.ts > Effect > finalization > scoped combines usage and finalizer failures": {
      outcome: "fails",
      class: "drift"
    },
    "Effect.test.ts > Effect > forEach > bounded interrupt": { outcome: "fails", class: "fork-order" },
    "Effect.test.ts > Effect > forEach > interrupts started workers when observer-driven refill throws": {
      outcome: "fails",
      class: "start-immediately"
    },
    "Effect.test.ts > Effect > forEach > interrupts started workers when the mapper throws during initial pumping": {
      outcome: "fails",
      class: "start-immediately"
    },
    "Effect.test.ts > Effect > fork > is interrupted with parent": { outcome: "fails", class: "start-immediately" },
    "Effect.test.ts > Effect > forkDaemon > is not interrupted with parent": {
      outcome: "fails",
      class: "start-immediately"
    },
    "Effect.test.ts > Effect > forkIn > is interrupted when scope is closed": {
      outcome: "fails",
      class: "start-immediately"
    },
    "Effect.test.ts > Effect > forkScoped > is interrupted when scope is closed": {
      outcome: "fails",
      class: "start-immediately"
    },
    "Effect.test.ts > Effect > interruption > AbortSignal is aborted": { outcome: "fails", class: "start-immediately" },
    "Effect.test.ts > Effect > interruption > acquireUseRelease release runs when use is interrupted": {
      outcome: "fails",
      class: "start-immediately"
    },
    "Effect.test.ts > Effect > interruption > alternating interruptibility": {
      outcome: "fails",
      class: "start-immediately"
    },
    "Effect.test.ts > Effect > interruption > callback cleanup effect runs on interrupt": {
      outcome: "fails",
      class: "start-immediately"
    },
    "Effect.test.ts > Effect > interruption > catch + ensuring + interrupt": {
      outcome: "fails",
      class: "start-immediately"
    },
    "Effect.test.ts > Effect > interruption > run of interruptible": { outcome: "fails", class: "start-immediately" },
    "Effect.test.ts > Effect > interruption > uninterruptibleMask > defers a pending interrupt until the masked region completes":
      { outcome: "fails", class: "start-immediately" },
    "Effect.test.ts > Effect > interruption > uninterruptibleMask > delivers a pending interrupt when restore re-enables interruptibility":
      { outcome: "fails", class: "start-immediately" },
    "Effect.test.ts > Effect > interruption > uninterruptibleMask > region after a restored section stays uninterruptible":
      { outcome: "fails", class: "start-immediately" },
    "Effect.test.ts > Effect > partition > collects failures and successes": { outcome: "fails", class: "drift" },
    "Effect.test.ts > Effect > partition > collects only failures": { outcome: "fails", class: "drift" },
    "Effect.test.ts > Effect > partition > collects only successes": { outcome: "fails", class: "drift" },
    "Effect.test.ts > Effect > partition > supports concurrency option": { outcome: "fails", class: "drift" },
    "Effect.test.ts > Effect > raceAllFirst": { outcome: "fails", class: "fork-order" },
    "Effect.test.ts > Effect > repeat > is interruptible": { outcome: "skipped", class: "busy-loop" },
    "Effect.test.ts > Effect > timeout > timeout a long computation": { outcome: "skipped", class: "drift" },
    "Effect.test.ts > Effect > timeout > timeout interrupts the effect": { outcome: "skipped", class: "drift" },
    "Effect.test.ts > Effect > timeoutOption > timeout repetition of uninterruptible effect": {
      outcome: "skipped",
      class: "busy-loop"
    },
    "Effect.test.ts > Effect > tryPromise > aborts the provided AbortSignal on interruption": {
      outcome: "fails",
      class: "start-immediately"
    },
    "FiberHandle.test.ts > FiberHandle > interrupts the current fiber when the scope closes": {
      outcome: "fails",
      class: "yield-order"
    },
    "FiberHandle.test.ts > FiberHandle > runtime": { outcome: "fails", class: "yield-order" },
    "FiberMap.test.ts > FiberMap > interrupts fibers": { outcome: "fails", class: "yield-order" },
    "FiberMap.test.ts > FiberMap > runtime": { outcome: "fails", class: "yield-order" },
    "FiberSet.test.ts > FiberSet > interrupts running fibers when the scope closes": {
      outcome: "fails",
      class: "yield-order"
    },
    "FiberSet.test.ts > FiberSet > runtime": { outcome: "fails", class: "yield-order" },
    "LayerMap.test.ts > LayerMap > make preloads the requested keys": { outcome: "skipped", class: "drift" },
    "Pool.test.ts > Pool > concurrency reclaim": { outcome: "skipped", class: "drift" },
    "Pool.test.ts > Pool > finalizer is called for failed allocations": { outcome: "skipped", class: "drift" },
    "Pool.test.ts > Pool > invalidate all items in pool and check that pool.get doesn't hang forever": {
      outcome: "fails",
      class: "background-done"
    },
    "Pool.test.ts > Pool > reports failures via get": { outcome: "skipped", class: "drift" },
    "Pool.test.ts > Pool > reuse released items": { outcome: "fails", class: "background-done" },
    "Pool.test.ts > Pool > use borrows and returns an item": { outcome: "skipped", class: "drift" },
    "Pool.test.ts > Pool > use reports acquire failures": { outcome: "fails", class: "real-race" },
    "Schedule.test.ts > Schedule > cron > does not fail when the test clock is adjusted to infinity": {
      outcome: "skipped",
      class: "infinite-time"
    },
    "ScopedCache.test.ts > ScopedCache > basic operations > getOption > waits for value being computed and returns result":
      { outcome: "fails", class: "fork-order" },
    "ScopedCache.test.ts > ScopedCache > concurrency tests > Concurrent Resource Access > concurrent refresh operations don't interfere":
      { outcome: "fails", class: "fork-order" },
    "ScopedCache.test.ts > ScopedCache > modification operations > refresh > concurrent refresh calls each invoke lookup independently":
      { outcome: "fails", class: "fork-order" },
    "Semaphore.test.ts > Semaphore > exact permit match": { outcome: "fails", class: "fork-order" },
    "Semaphore.test.ts > Semaphore > queued withPermits interrupted at any operation does not leak permits": {
      outcome: "fails",
      class: "start-immediately"
    },
    "Semaphore.test.ts > Semaphore > round-robin fairness across partitions": { outcome: "fails", class: "fork-order" },
    "Stream.test.ts > Stream > aggregateWithin > does not grow the fiber continuation stack while upstream is idle": {
      outcome: "fails",
      class: "drift"
    },
    "Stream.test.ts > Stream > aggregateWithin > interruption propagation #2": {
      outcome: "fails",
      class: "start-immediately"
    },
    "Stream.test.ts > Stream > buffer > fast producer progresses independently": {
      outcome: "fails",
      class: "background-done"
    },
    "Stream.test.ts > Stream > bufferArray - sliding > fast producer progress independently (2)": {
      outcome: "fails",
      class: "drift"
    },
    "Stream.test.ts > Stream > bufferArray - suspend > fast producer progresses independently": {
      outcome: "fails",
      class: "background-done"
    },
    "Stream.test.ts > Stream > callback > backpressure": { outcome: "fails", class: "yield-order" },
    "Stream.test.ts > Stream > destructors > toAsyncIterable - return does not reject an unawaited in-flight next": {
      outcome: "skipped",
      class: "outside-effect"
    },
    "Stream.test.ts > Stream > encoding > splitLines > matches String.linesIterator regardless of chunk boundaries": {
      outcome: "fails",
      class: "drift"
    },
    "Stream.test.ts > Stream > haltWhen > halts a synchronous upstream before the next chunk": {
      outcome: "fails",
      class: "real-race"
    },
    "Stream.test.ts > Stream > haltWhen > halts after the current element in the documentation example": {
      outcome: "fails",
      class: "real-race"
    },
    "Stream.test.ts > Stream > partition > backpressure": { outcome: "skipped", class: "drift" },
    "Stream.test.ts > Stream > partition > partition - backpressure": { outcome: "skipped", class: "drift" },
    "Stream.test.ts > Stream > partition > partition - values": { outcome: "fails", class: "drift" },
    "Stream.test.ts > Stream > partition > partition with Filter": { outcome: "fails", class: "drift" },
    "Stream.test.ts > Stream > partition > values": { outcome: "fails", class: "drift" },
    "Stream.test.ts > Stream > raceAll > sync": { outcome: "fails", class: "fork-order" },
    "Stream.test.ts > Stream > rechunk": { outcome: "fails", class: "drift" },
    "Stream.test.ts > Stream > scanning > scan": { outcome: "fails", class: "drift" },
    "Stream.test.ts > Stream > scanning > scanEffect": { outcome: "fails", class: "drift" },
    "Stream.test.ts > Stream > zipping > zipWith - equivalence with array operations": {
      outcome: "fails",
      class: "drift"
    },
    "Stream.test.ts > Stream > zipping > zipWithArray > error propagation from left stream": {
      outcome: "fails",
      class: "fork-order"
    },
    "TestClock.test.ts > TestClock > adjust - advances monotonic time to intermediate sleep deadlines": {
      outcome: "fails",
      class: "fork-order"
    }
  }
}
