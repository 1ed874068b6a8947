/**
 * The `effect-asyncio` command: a tour of every exercise and one subcommand per exercise and stream, built on
 * `effect/cli`, for a program of your own; `bin.ts` runs it on Node.
 *
 * Every command takes `--clock live|virtual`, `--rate K`, `--seed N`, `--timeline` and `--json`, before or after
 * its name, and checks every value typed against the contract of the library function it goes to before it starts.
 * A run ends in one of the {@link ExitCode}s, with at most one line on stderr: `effect-asyncio <command>: <problem>`.
 *
 * @since 0.1.0
 */
import * as CliConfig from "effect/cli/CliConfig"
import * as CliOutput from "effect/cli/CliOutput"
import * as Command from "effect/cli/Command"
import * as GlobalFlag from "effect/cli/GlobalFlag"
import * as TerminalCapabilities from "effect/cli/TerminalCapabilities"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import type * as Exit from "effect/Exit"
import type * as Socket from "effect/socket/Socket"
import * as internal from "./internal/command.js"
import * as exit from "./internal/exit.js"
import * as packageVersion from "./internal/version.js"

/**
 * The version the command reports with `--version`: the installed package's own version.
 *
 * @since 0.1.0
 * @category constants
 * @example
 * ```ts
 * import * as Cli from "effect-asyncio/cli"
 *
 * console.log(Cli.Version) // 1.0.0
 * ```
 */
export const Version: string = packageVersion.version

/**
 * The exit codes of the command, one for each way a run ends.
 *
 * @since 0.1.0
 * @category constants
 * @example
 * ```ts
 * import * as Cli from "effect-asyncio/cli"
 *
 * console.log(Cli.ExitCode.BadInput, Cli.ExitCode.InternalError) // 2 70
 * ```
 */
export const ExitCode: {
  /**
   * It ran to its end, printed help or the version, or its output was closed early (`| head -c 1`): the reader took
   * what it wanted, so the command stopped quietly and its finalizers ran. 0 rather than a shell's 141, since a
   * closed pipe cannot tell whether the command had finished writing; a pipeline under `set -o pipefail` passes.
   */
  readonly Success: 0
  /** An expected failure known only at run time: a file gone by the time it is opened, a server that drops. */
  readonly Failure: 1
  /**
   * Bad input: what the command's parsing rejects (an unknown command or option, a missing argument, a value outside
   * the library's contract, a count that cannot fit in the heap), or a combination a command refuses.
   */
  readonly BadInput: 2
  /**
   * A defect while the command runs: a bug, never bad input (the arguments were checked before it ran). Set
   * `EFFECT_ASYNCIO_VERBOSE=1` to print its full cause after its line.
   */
  readonly InternalError: 70
  /** Interrupted (Ctrl-C): `interrupted` on stderr, after every finalizer has run. */
  readonly Interrupted: 130
} = exit.ExitCode

/**
 * How {@link run} failed: the line it printed on stderr and the exit code it stands for.
 *
 * @since 0.1.0
 * @category errors
 * @example
 * ```ts
 * import * as Cli from "effect-asyncio/cli"
 *
 * const error = new Cli.CommandError({ message: "effect-asyncio read-lines: permission denied", exitCode: 1 })
 * console.log(error.exitCode) // 1
 * ```
 */
export const CommandError: typeof exit.CommandError = exit.CommandError

/**
 * The type of {@link CommandError}'s instances.
 *
 * @since 0.1.0
 * @category errors
 * @example
 * ```ts
 * import * as Cli from "effect-asyncio/cli"
 *
 * const error: Cli.CommandError = new Cli.CommandError({ message: "effect-asyncio: unknown command 'x'", exitCode: 2 })
 * console.log(error._tag) // CommandError
 * ```
 */
export type CommandError = exit.CommandError

/**
 * The command tree: `effect-asyncio` (which runs the tour), the flags every command shares, and its subcommands.
 *
 * @since 0.1.0
 * @category commands
 * @example
 * ```ts
 * import { Command } from "effect/cli"
 * import * as Cli from "effect-asyncio/cli"
 *
 * const run = Command.runWith(Cli.command, { version: Cli.Version })
 * console.log(Cli.command.name, typeof run) // effect-asyncio function
 * ```
 */
export const command = internal.command

const cli = Command.runWith(command, { version: Version })

/** `--wizard` asks its questions on a terminal: it is offered only when stdin and stdout both are one. */
const config = Effect.map(
  TerminalCapabilities.TerminalCapabilities,
  ({ canPrompt }) =>
    CliConfig.make({ builtIns: GlobalFlag.BuiltIns.filter((flag) => canPrompt || flag !== GlobalFlag.Wizard) })
)

/**
 * Runs a command line (`process.argv`: the executable first, then the script): parses it, runs the command, and
 * reports how it ended in at most one line on stderr, as the module's documentation says.
 *
 * A run that did not succeed fails with {@link CommandError} after printing its line, or is interrupted after
 * printing `interrupted` once every finalizer has run. `outputClosed` completes when the reader of the output has
 * gone (Node's `EPIPE`); the run then stops quietly and succeeds.
 *
 * @since 0.1.0
 * @category running
 * @example
 * ```ts
 * import { NodeRuntime, NodeServices, NodeSocket } from "@effect/platform-node"
 * import { Effect, Layer } from "effect"
 * import * as Cli from "effect-asyncio/cli"
 *
 * Cli.run(["node", "effect-asyncio", "wait-n", "5", "1", "--clock", "virtual"]).pipe(
 *   Effect.provide(Layer.merge(NodeServices.layer, NodeSocket.layerWebSocketConstructor)),
 *   NodeRuntime.runMain({ disableErrorReporting: true, teardown: (exit, onExit) => onExit(Cli.exitCode(exit)) })
 * )
 * ```
 */
export const run = (
  argv: ReadonlyArray<string>,
  options?: { readonly outputClosed?: Effect.Effect<void> | undefined } | undefined
): Effect.Effect<void, CommandError, Command.Environment | Socket.WebSocketConstructor> => {
  const reported = cli(argv.slice(2)).pipe(
    Effect.provideService(CliOutput.Presenter, exit.presenter),
    Effect.provideServiceEffect(CliConfig.CliConfig, config),
    Effect.catchCause((cause) => exit.report(command.name, cause))
  )
  const untilClosed = options?.outputClosed === undefined ? reported : Effect.raceFirst(reported, options.outputClosed)
  return Effect.onInterrupt(untilClosed, () => Console.error("interrupted"))
}

/**
 * The process exit code for how a run of {@link run} ended, by the policy in the module's documentation.
 *
 * @since 0.1.0
 * @category running
 * @example
 * ```ts
 * import { Exit } from "effect"
 * import * as Cli from "effect-asyncio/cli"
 *
 * console.log(Cli.exitCode(Exit.void)) // 0
 * console.log(Cli.exitCode(Exit.die(new Error("a bug")))) // 70
 * console.log(Cli.exitCode(Exit.interrupt())) // 130
 * ```
 */
export const exitCode: <A, E>(exit: Exit.Exit<A, E>) => number = exit.code
