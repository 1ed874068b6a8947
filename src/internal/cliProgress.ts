/**
 * The progress line of the command: how many of n are done and the elapsed program time, redrawn in place on a
 * terminal and cleared when the work ends.
 *
 * @internal
 */
import * as Terminal from "@effect/platform/Terminal"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import type * as Scope from "effect/Scope"

/** @internal */
export interface Progress {
  /** What is being done, e.g. `wait-n`. */
  readonly title: string
  /** How many items there are in all. */
  readonly total: number
  /** How many are done now. */
  readonly done: () => number
}

const clearLine = "\r\u001b[2K"

/** @internal */
export const render = (title: string, done: number, total: number, seconds: number, columns: number): string => {
  const counts = `${done}/${total}`
  const elapsed = `${seconds.toFixed(1)} s`
  const room = Math.max(0, Math.min(30, columns - title.length - counts.length - elapsed.length - 10))
  const filled = total === 0 ? room : Math.round(room * Math.min(done, total) / total)
  const bar = room > 0 ? ` [${"#".repeat(filled)}${"-".repeat(room - filled)}]` : ""
  return `${clearLine}${title}${bar} ${counts} · ${elapsed}`
}

/**
 * Redraws the progress line every `every` of program time, on a terminal only, until the returned `stop` runs or
 * the scope closes; both stop the redraws and clear the line. Runs in the clock of the work it reports on, so the
 * elapsed time is program time.
 *
 * @internal
 */
export const show = (
  progress: Progress,
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
      (now) =>
        terminal.display(render(progress.title, progress.done(), progress.total, (now - start) / 1000, columns || 80))
    ).pipe(Effect.ignore)
    const fiber = yield* Effect.forkScoped(Effect.forever(Effect.zipRight(draw, Effect.sleep(Duration.decode(every)))))
    const stop = yield* Effect.once(Effect.zipRight(Fiber.interrupt(fiber), Effect.ignore(terminal.display(clearLine))))
    yield* Effect.addFinalizer(() => stop)
    return stop
  })
