/**
 * What the command needs from Node itself: how much room is left in V8's heap, noticing that the reader of its
 * output has gone, and waiting until what it wrote has left the process.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import type { EventEmitter } from "node:events"
import type { Writable } from "node:stream"
import * as v8 from "node:v8"

/** The largest young generation of the Nodes `engines` admits (3 semi-spaces of 64 MB, Node 24), in bytes. */
const YoungGeneration = 192 * 2 ** 20

/**
 * V8's old space, where whatever lives long ends up: its limit and how much of the heap is in use, in bytes. The
 * limit is `--max-old-space-size` when given (on the command line or in `NODE_OPTIONS`); otherwise the heap's limit
 * less the largest young generation (the young one holds nothing for long, and its size varies with Node's version).
 *
 * @internal
 */
export const heap = (): { readonly limit: number; readonly used: number } => {
  const statistics = v8.getHeapStatistics()
  const flags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)]
  const megabytes = flags.flatMap((flag) => /^--max[-_]old[-_]space[-_]size=(\d+)$/.exec(flag)?.[1] ?? []).at(-1)
  const limit = megabytes === undefined
    ? Math.max(statistics.heap_size_limit / 2, statistics.heap_size_limit - YoungGeneration)
    : Number(megabytes) * 2 ** 20
  return { limit, used: statistics.used_heap_size }
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

/**
 * Completes once everything written to `streams` so far has been handed to the system, or the stream has failed (its
 * reader gone). A pipe whose reader is slower than the writer keeps the rest of a long write queued in the process,
 * and `process.exit`, with which a run that did not succeed ends, drops it: without this, Ctrl-C while `range`
 * prints cut its last line short.
 *
 * @internal
 */
export const flushed = (streams: ReadonlyArray<Writable>): Effect.Effect<void> =>
  streams.length === 0 ? Effect.void : Effect.callback<void>((resume) => {
    let pending = streams.length
    // an empty write completes after every write before it, in order; with an error when the stream has failed
    const onWritten = () => {
      pending -= 1
      if (pending === 0) {
        resume(Effect.void)
      }
    }
    for (const stream of streams) {
      stream.write("", onWritten)
    }
  })
