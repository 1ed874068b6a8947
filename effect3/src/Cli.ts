/**
 * The `effect-asyncio` command: a tour of every exercise and one subcommand per exercise and stream, as a pure
 * `@effect/cli` command tree generated from one table.
 *
 * Each exercise is described once (its original, its arguments, how it runs and prints); `src/bin.ts` is the thin
 * entry that runs the tree on Node.
 *
 * Every command takes `--clock live|virtual`, `--rate K`, `--seed N`, `--timeline` and `--json`, before or after
 * its name. Every value typed is checked while parsing against the contract of the library function it goes to.
 *
 * How a run ends, and its exit code ({@link ExitCode}; {@link exitCode} maps an exit to it, {@link run} prints the
 * line):
 *
 * - **0** success; also when the output is closed early (`effect-asyncio range 2000000 | head -c 1`): the reader
 *   took what it wanted, so the command stops quietly, its finalizers run, and a pipeline under `set -o pipefail`
 *   does not fail. (0 rather than a shell's 141 because it is the same whether the command had finished writing or
 *   not, which a closed pipe cannot tell.)
 * - **1** an expected failure, known only at run time: a file gone by the time it is opened, a server that refuses
 *   or drops the connection, a line too long. One line: `effect-asyncio <command>: <problem>`.
 * - **2** bad input: whatever the command's own parsing rejects (an unknown command or option, a missing argument,
 *   a value outside the contract of the library function it is passed to, a count whose waits cannot fit in this
 *   process's heap) and a combination a command refuses (`--clock virtual` with `--url`). One line naming the
 *   command, the argument and the value.
 * - **70** an internal error: any defect while the command runs (a defect of the library inside a command is a
 *   bug, never bad input, since the arguments were checked before it ran). One line naming it as an internal error;
 *   set `EFFECT_ASYNCIO_VERBOSE=1` to print its full cause after that line.
 * - **130** interrupted (Ctrl-C): `interrupted` on stderr after every finalizer has run.
 *
 * @since 0.1.0
 */
import type * as CliApp from "@effect/cli/CliApp"
import * as Command from "@effect/cli/Command"
import * as Descriptor from "@effect/cli/CommandDescriptor"
import type * as Socket from "@effect/platform/Socket"
import * as Cause from "effect/Cause"
import * as Config from "effect/Config"
import * as Console from "effect/Console"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as HashMap from "effect/HashMap"
import * as Option from "effect/Option"
import * as cliArgs from "./internal/cliArgs.js"
import type * as cliExercise from "./internal/cliExercise.js"
import * as cliExit from "./internal/cliExit.js"
import * as cliRun from "./internal/cliRun.js"
import * as cliTable from "./internal/cliTable.js"
import * as cliTour from "./internal/cliTour.js"
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
 * console.log(Cli.Version) // "0.1.1"
 * ```
 */
export const Version: string = packageVersion.version

/**
 * The exit codes of the command, by how a run ended (the policy is in the module's documentation).
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
  /** It ran to its end, or its output was closed early. */
  readonly Success: 0
  /** An expected failure at run time. */
  readonly Failure: 1
  /** What the command's parsing rejects, or a combination a command refuses. */
  readonly BadInput: 2
  /** A defect: a bug. */
  readonly InternalError: 70
  /** Interrupted (Ctrl-C). */
  readonly Interrupted: 130
} = cliExit.ExitCode

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
export class CommandError extends Data.TaggedError("CommandError")<{
  /** What went wrong, as printed. */
  readonly message: string
  /** The exit code: one of {@link ExitCode}. */
  readonly exitCode: number
}> {}

/**
 * Options of {@link run}.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import type * as Cli from "effect-asyncio/cli"
 *
 * const options: Cli.RunOptions = { outputClosed: Effect.never }
 * console.log(Effect.isEffect(options.outputClosed)) // true
 * ```
 */
export interface RunOptions {
  /**
   * Completes when the command's output has been closed by its reader (`| head`): the command then stops quietly,
   * its finalizers run, and the run succeeds. Without it the output is assumed to stay open.
   */
  readonly outputClosed?: Effect.Effect<void> | undefined
}

const TourRate = 10
const CommandRate = 1

const execute = (name: string, settings: cliArgs.Settings, program: cliExercise.Program) =>
  Effect.zipRight(program, Effect.flatMap(cliRun.Run, (run) => run.flushTimelines)).pipe(
    Effect.provide(cliRun.layer(name, settings))
  )

const tour = cliTour.make(cliTable.rows)

const root = Command.make(
  "effect-asyncio",
  { settings: cliArgs.settings },
  ({ settings }) => execute("tour", cliArgs.resolve(settings, settings, TourRate), tour)
)

/** A subcommand: its own settings win over those given before its name. */
const subcommand = (description: string, descriptor: Descriptor.Command<cliExercise.Parsed>, defaultRate: number) =>
  Command.fromDescriptor(
    descriptor,
    ({ name, program, settings }) =>
      Effect.flatMap(root, (outer) => execute(name, cliArgs.resolve(settings, outer.settings, defaultRate), program))
  ).pipe(
    Command.withDescription(description)
  )

const tourCommand = subcommand(
  "run the eight original main files in order, then the streams (the default command)",
  Descriptor.map(
    Command.make("tour", { settings: cliArgs.settings }).descriptor,
    ({ settings }) => ({ name: "tour", settings, program: tour })
  ),
  TourRate
)

/**
 * The command tree: `effect-asyncio` (which runs the tour) and its subcommands.
 *
 * @since 0.1.0
 * @category commands
 * @example
 * ```ts
 * import { Command } from "@effect/cli"
 * import * as Cli from "effect-asyncio/cli"
 *
 * const run = Command.run(Cli.command, { name: "effect-asyncio", version: Cli.Version })
 * console.log(typeof run) // "function"
 * ```
 */
export const command = root.pipe(
  Command.withDescription("The Python asyncio exercises as Effect programs. Without a command, runs the tour."),
  Command.withSubcommands([
    tourCommand,
    ...cliTable.rows.map((row) => subcommand(row.description, row.descriptor, CommandRate))
  ])
)

const cli = Command.run(command, { name: "effect-asyncio", version: Version })

const commands: ReadonlySet<string> = new Set(HashMap.keys(Command.getSubcommands(command)))

const verbose: Effect.Effect<boolean> = Config.boolean(cliExit.VerboseVariable).pipe(
  Config.withDefault(false),
  Effect.orElseSucceed(() => false)
)

/**
 * Runs the command line (`process.argv`, executable first): parses it, runs the command, and reports how it ended
 * in at most one line on stderr, as the module's documentation says.
 *
 * A run that did not succeed fails with {@link CommandError} after printing its line (`effect-asyncio <command>:
 * <problem>`), or is interrupted after printing `interrupted` once every finalizer has run.
 *
 * @since 0.1.0
 * @category running
 * @example
 * ```ts
 * import { NodeContext, NodeRuntime, NodeSocket } from "@effect/platform-node"
 * import { Effect, Layer } from "effect"
 * import * as Cli from "effect-asyncio/cli"
 *
 * Cli.run(["node", "effect-asyncio", "wait-n", "5", "1", "--clock", "virtual"]).pipe(
 *   Effect.provide(Layer.merge(NodeContext.layer, NodeSocket.layerWebSocketConstructor)),
 *   NodeRuntime.runMain({ disableErrorReporting: true, teardown: (exit, onExit) => onExit(Cli.exitCode(exit)) })
 * )
 * ```
 */
export const run = (
  argv: ReadonlyArray<string>,
  options?: RunOptions | undefined
): Effect.Effect<void, CommandError, CliApp.CliApp.Environment | Socket.WebSocketConstructor> =>
  Console.consoleWith((console) => {
    const line: cliExit.CommandLine = { args: argv.slice(2), commands }
    // @effect/cli prints a parse error as help text before failing with it; the one line below replaces that text
    const quiet: Console.Console = { ...console, error: () => Effect.void }
    const reported = cli(argv).pipe(
      Effect.withConsole(quiet),
      Effect.catchAllCause((cause) => {
        const ending = cliExit.ending(cause)
        const message = cliExit.describe(ending, line)
        if (message === undefined) {
          return Effect.interrupt
        }
        const full = ending._tag === "InternalError"
          ? Effect.flatMap(verbose, (on) => on ? console.error(Cause.pretty(cause)) : Effect.void)
          : Effect.void
        return console.error(message).pipe(
          Effect.zipRight(full),
          Effect.zipRight(Effect.fail(new CommandError({ message, exitCode: cliExit.code(ending) })))
        )
      })
    )
    const untilClosed = options?.outputClosed === undefined
      ? reported
      : Effect.raceFirst(reported, options.outputClosed)
    return Effect.onInterrupt(untilClosed, () => console.error("interrupted"))
  })

/**
 * The process exit code for how a run of {@link run} (or of {@link command}) ended, by the policy in the module's
 * documentation.
 *
 * @since 0.1.0
 * @category running
 * @example
 * ```ts
 * import { Exit, FiberId } from "effect"
 * import * as Cli from "effect-asyncio/cli"
 *
 * console.log(Cli.exitCode(Exit.void)) // 0
 * console.log(Cli.exitCode(Exit.die(new Error("a bug")))) // 70
 * console.log(Cli.exitCode(Exit.interrupt(FiberId.none))) // 130
 * ```
 */
export const exitCode = <A, E>(exit: Exit.Exit<A, E>): number => {
  if (Exit.isSuccess(exit)) {
    return ExitCode.Success
  }
  const reported = Option.filter(
    Cause.failureOption(exit.cause),
    (error): error is E & CommandError => error instanceof CommandError
  )
  return Option.isSome(reported) ? reported.value.exitCode : cliExit.code(cliExit.ending(exit.cause))
}
