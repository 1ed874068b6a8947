/**
 * What the command needs from Node itself: how much room is left in V8's heap, and noticing that the reader of its
 * output has gone.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import type { EventEmitter } from "node:events"
import * as v8 from "node:v8"

/** V8's heap now: its limit and how much of it is in use, in bytes. @internal */
export const heap = (): { readonly limit: number; readonly used: number } => {
  const statistics = v8.getHeapStatistics()
  return { limit: statistics.heap_size_limit, used: statistics.used_heap_size }
}

/**
 * Completes when one of `streams` (stdout, stderr) reports an error: its reader has gone (`EPIPE`, as after
 * `| head -1`) or it can take no more output, so the command should stop. The listeners stay for the life of the
 * process: a standard stream with no `"error"` listener turns the next failed write into an uncaught exception and
 * a stack trace.
 *
 * @internal
 */
export const outputClosed = (streams: ReadonlyArray<EventEmitter>): Effect.Effect<void> =>
  Effect.callback<void>((resume) => {
    const onError = () => resume(Effect.void)
    for (const stream of streams) {
      stream.on("error", onError)
    }
  })
