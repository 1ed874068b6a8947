/**
 * A `Console` that records what a program prints, formatted as `console.log` would print it, so tests can assert
 * its exact output. (Effect's own `effect/testing` `TestConsole` keeps the raw arguments instead.)
 */
import { Console, Effect } from "effect"
import { format } from "node:util"

export interface TestConsole {
  /** The `Console` to provide, with `provide` or `Effect.provideService(Console.Console, console)`. */
  readonly console: Console.Console
  /** Runs `self` with `console` as its `Console`. */
  readonly provide: <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  /** Lines written with `log`, `info`, `debug`, `dir`, `dirxml` and `table`, as `console.log` would print them. */
  readonly out: Array<string>
  /** Lines written with `error`, `warn` and `trace`. */
  readonly err: Array<string>
}

export const make = (): TestConsole => {
  const out: Array<string> = []
  const err: Array<string> = []
  const write = (target: Array<string>) => (...args: ReadonlyArray<unknown>) => {
    target.push(format(...args))
  }
  const ignore = () => {}
  const console: Console.Console = {
    assert: ignore,
    clear: ignore,
    count: ignore,
    countReset: ignore,
    debug: write(out),
    dir: write(out),
    dirxml: write(out),
    error: write(err),
    group: ignore,
    groupCollapsed: ignore,
    groupEnd: ignore,
    info: write(out),
    log: write(out),
    table: write(out),
    time: ignore,
    timeEnd: ignore,
    timeLog: ignore,
    trace: write(err),
    warn: write(err)
  }
  const provide = <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.provideService(self, Console.Console, console)
  return { console, err, out, provide }
}
