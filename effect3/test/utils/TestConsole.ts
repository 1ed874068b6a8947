/**
 * A `Console` that records what a program prints, so tests can assert its exact output.
 */
import { Console, Effect } from "effect"
import { format } from "node:util"

export interface TestConsole {
  /** The `Console` to provide with `Effect.withConsole`. */
  readonly console: Console.Console
  /** Lines written with `log`, `info` and `debug`, as `console.log` would print them. */
  readonly out: Array<string>
  /** Lines written with `error` and `warn`. */
  readonly err: Array<string>
}

export const make = (): TestConsole => {
  const out: Array<string> = []
  const err: Array<string> = []
  const write = (target: Array<string>) => (...args: ReadonlyArray<unknown>) => {
    target.push(format(...args))
  }
  const effect = (f: (...args: ReadonlyArray<unknown>) => void) => (...args: ReadonlyArray<unknown>) =>
    Effect.sync(() => f(...args))
  const ignore = () => Effect.void
  const unsafe: Console.UnsafeConsole = {
    assert: () => {},
    clear: () => {},
    count: () => {},
    countReset: () => {},
    debug: write(out),
    dir: write(out),
    dirxml: write(out),
    error: write(err),
    group: () => {},
    groupCollapsed: () => {},
    groupEnd: () => {},
    info: write(out),
    log: write(out),
    table: write(out),
    time: () => {},
    timeEnd: () => {},
    timeLog: () => {},
    trace: write(err),
    warn: write(err)
  }
  const console: Console.Console = {
    [Console.TypeId]: Console.TypeId,
    assert: ignore,
    clear: Effect.void,
    count: ignore,
    countReset: ignore,
    debug: effect(write(out)),
    dir: effect(write(out)),
    dirxml: effect(write(out)),
    error: effect(write(err)),
    group: ignore,
    groupEnd: Effect.void,
    info: effect(write(out)),
    log: effect(write(out)),
    table: effect(write(out)),
    time: ignore,
    timeEnd: ignore,
    timeLog: ignore,
    trace: effect(write(err)),
    warn: effect(write(err)),
    unsafe
  }
  return { console, err, out }
}
