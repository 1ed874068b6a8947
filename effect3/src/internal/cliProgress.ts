/**
 * The progress line of the command: how much of the work is done and the elapsed program time, redrawn in place on
 * a terminal and cleared when the work ends.
 *
 * What is counted never depends on how the library names things: {@link spans} counts the spans that end at one
 * depth below the work (its direct children at depth 0), whatever their labels, through `Timeline.observe`, which
 * keeps nothing; the counter itself holds one number.
 *
 * @internal
 */
import * as Terminal from "@effect/platform/Terminal"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import type * as Scope from "effect/Scope"
import * as Timeline from "../Timeline.js"

/** How far some work has got. @internal */
export interface Counter {
  /** How many items the work has in all. */
  readonly total: number
  /** How many are done now. */
  readonly done: () => number
  /** Runs the work so that the counter sees it. */
  readonly watch: <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
}

/**
 * Counts `total` items as the spans that end at `depth` below the work: 0 for its direct children (the waits of
 * `waitN`, the tasks of `taskWaitN`, the emissions of the generator), 1 for theirs.
 *
 * @internal
 */
export const spans = (total: number, depth: number = 0): Counter => {
  let done = 0
  return {
    total,
    done: () => done,
    watch: (self) =>
      Timeline.observe(self, {
        onEnd: (event) => {
          if (event.depth === depth) {
            done++
          }
        }
      })
  }
}

const clearLine = "\r\u001b[2K"

/** One frame: the title, a bar, `done/total` and the elapsed seconds. @internal */
export const render = (title: string, done: number, total: number, seconds: number, columns: number): string => {
  const elapsed = `${seconds.toFixed(1)} s`
  const counts = `${done}/${total}`
  const room = Math.max(0, Math.min(30, columns - title.length - counts.length - elapsed.length - 10))
  const filled = total === 0 ? room : Math.round(room * Math.min(done, total) / total)
  const bar = room > 0 ? ` [${"#".repeat(filled)}${"-".repeat(room - filled)}]` : ""
  return `${clearLine}${title}${bar} ${counts} · ${elapsed}`
}

/**
 * Redraws the progress line of `counter` every `every` of program time, on a terminal only, until the returned
 * `stop` runs or the scope closes; both stop the redraws and clear the line. Runs in the clock of the work it
 * reports on, so the elapsed time is program time.
 *
 * @internal
 */
export const show = (
  title: string,
  counter: Counter,
  every: Duration.DurationInput
): Effect.Effect<Effect.Effect<void>, never, Terminal.Terminal | Scope.Scope> =>
  Effect.gen(function*() {
    const terminal = yield* Terminal.Terminal
    if (!(yield* terminal.isTTY)) {
      return Effect.void
    }
    const columns = yield* terminal.columns
    const start = yield* Clock.currentTimeMillis
    const draw = Effect.flatMap(
      Clock.currentTimeMillis,
      (now) => terminal.display(render(title, counter.done(), counter.total, (now - start) / 1000, columns || 80))
    ).pipe(Effect.ignore)
    const fiber = yield* Effect.forkScoped(Effect.forever(Effect.zipRight(draw, Effect.sleep(Duration.decode(every)))))
    const stop = yield* Effect.once(Effect.zipRight(Fiber.interrupt(fiber), Effect.ignore(terminal.display(clearLine))))
    yield* Effect.addFinalizer(() => stop)
    return stop
  })
