/**
 * What the command needs from Node that `Cli.ts` (which runs on any platform) cannot hold: a scheduler that lets
 * Node's event loop in, and noticing that the reader of its output has gone.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Scheduler from "effect/Scheduler"
import type { EventEmitter } from "node:events"

/**
 * Runs the command's fibers in batches, each batch in its own turn of the event loop (`setImmediate`).
 *
 * Effect's default scheduler runs batches as microtasks and gives the event loop a turn only after 2,048 of them in
 * a row. Between two such turns nothing else happens in the process: no signal is handled (Ctrl-C), no stream
 * reports an error (a closed pipe), no timer fires; with steps as heavy as printing a line of 4,096 numbers that is
 * minutes, and the errors of the writes to a closed pipe pile up until the heap runs out. A turn per batch costs
 * microseconds and keeps the command responsive whatever it prints.
 *
 * @internal
 */
export const scheduler: Scheduler.Scheduler = Scheduler.makeBatched((runBatch) => {
  setImmediate(runBatch)
})

/**
 * Completes when one of `streams` (stdout, stderr) reports an error: its reader has gone (`EPIPE`, as after
 * `| head -1`) or it can take no more output, so the command should stop. The listeners stay for the life of the
 * process: a standard stream with no `"error"` listener turns the next failed write into an uncaught exception and
 * a stack trace.
 *
 * @internal
 */
export const outputClosed = (streams: ReadonlyArray<EventEmitter>): Effect.Effect<void> =>
  Effect.async<void>((resume) => {
    let closed = false
    const onError = () => {
      if (!closed) {
        closed = true
        resume(Effect.void)
      }
    }
    for (const stream of streams) {
      stream.on("error", onError)
    }
  })
