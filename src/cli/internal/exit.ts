/**
 * The command's exit policy, in one place: the exit code of each way a run can end ({@link code}), the one line each
 * prints ({@link report}), and the presenter that lets `effect/cli` print help and the version but no error text of
 * its own. `Cli.ts` documents the policy; this module is its only implementation.
 *
 * @internal
 */
import * as Cause from "effect/Cause"
import * as CliError from "effect/cli/CliError"
import * as CliOutput from "effect/cli/CliOutput"
import * as TerminalCapabilities from "effect/cli/TerminalCapabilities"
import * as Config from "effect/Config"
import * as Console from "effect/Console"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as PlatformError from "effect/PlatformError"

/** The exit codes, by ending. @internal */
export const ExitCode = {
  Success: 0,
  Failure: 1,
  BadInput: 2,
  InternalError: 70,
  Interrupted: 130
} as const

/** The environment variable that makes an internal error print its full cause. @internal */
export const VerboseVariable = "EFFECT_ASYNCIO_VERBOSE"

/**
 * A command refused what it was given after parsing it (a combination it cannot run, such as `--clock virtual` with
 * `--url`).
 *
 * @internal
 */
export class BadInput extends Data.TaggedError("BadInput")<{ readonly message: string }> {}

/** A run that did not succeed, once its line is printed: the line and its exit code. @internal */
export class CommandError
  extends Data.TaggedError("CommandError")<{ readonly message: string; readonly exitCode: number }>
{}

const quote = (text: string): string => `'${text}'`

const help = " (see --help)"

/** What one parse error says, as the end of the line `effect-asyncio <command>: …`. */
const problem = (error: CliError.CliError): string => {
  switch (error._tag) {
    case "InvalidValue": {
      const name = error.kind === "flag" ? `--${error.option}` : error.option
      // a list of choices as `effect/cli` writes it, `"a" | "b"`
      const expected = error.expected.replace(/^Expected:? /, "")
      const choices = /^"[^"]*"(?: \| "[^"]*")+$/.test(expected) ? expected.replaceAll("\"", "").split(" | ") : []
      return error.value === "" && error.kind === "flag"
        ? `${name} needs a value${help}`
        : /^\d+ occurrences$/.test(error.value)
        ? `${name} is given more than once`
        : `${name} must be ${choices.length > 0 ? `one of ${choices.join(", ")}` : expected}, got ${quote(error.value)}`
    }
    case "UnrecognizedOption":
      return error.option === "--wizard"
        ? "--wizard asks its questions on a terminal: stdin and stdout must both be one"
        : `unknown option ${quote(error.option)}${suggestion(error.suggestions)}${help}`
    case "UnknownSubcommand":
      return `unknown command ${quote(error.subcommand)}${suggestion(error.suggestions)}${help}`
    case "MissingArgument":
      return `missing argument <${error.argument}>${help}`
    case "UnexpectedArgument":
      return `unexpected ${error.arguments.length > 1 ? "arguments" : "argument"} ${
        error.arguments.map(quote).join(" ")
      }${help}`
    case "ShowHelp":
      return error.errors[0] === undefined ? "" : problem(error.errors[0])
    default:
      return firstLine(error.message)
  }
}

const suggestion = (names: ReadonlyArray<string>): string =>
  names.length === 0 ? "" : `; did you mean ${names.join(" or ")}?`

/**
 * Why a file operation failed, as Node says it (`no such file or directory, ENOENT`), or the error's own message.
 *
 * @internal
 */
export const reason = (error: PlatformError.PlatformError): string => {
  const cause = error.reason.cause
  const code = cause instanceof Error && "code" in cause ? String(cause.code) : undefined
  const phrase = cause instanceof Error ? /^\w+: ([^,]*)/.exec(cause.message)?.[1] : undefined
  return code === undefined || phrase === undefined ? error.message : `${phrase}, ${code}`
}

const firstLine = (text: string): string => text.split("\n").find((line) => line.trim() !== "")?.trim() ?? ""

const messageOf = (error: unknown): string => {
  if (PlatformError.isPlatformError(error)) {
    const path = "pathOrDescriptor" in error.reason ? error.reason.pathOrDescriptor : undefined
    return path === undefined ? reason(error) : `'${path}': ${reason(error)}`
  }
  return error instanceof Error && error.message !== ""
    ? firstLine(error.message)
    : firstLine(Cause.pretty(Cause.fail(error)))
}

/**
 * How a run of `command` (its path, `effect-asyncio wait-n`) that did not succeed ended: its exit code and the line
 * it prints. No line when it is already printed (a {@link CommandError}), or when `effect/cli` printed help instead
 * of running anything (code 0), or for an interruption (which prints `interrupted` where it is noticed).
 */
const ending = (command: string, cause: Cause.Cause<unknown>): { readonly code: number; readonly line?: string } => {
  const error = Cause.findErrorOption(cause)
  if (error._tag === "Some") {
    const failure = error.value
    if (failure instanceof CommandError) {
      return { code: failure.exitCode }
    }
    if (CliError.isCliError(failure)) {
      if (failure._tag === "ShowHelp" && failure.errors.length === 0) {
        return { code: ExitCode.Success }
      }
      // the path `effect/cli` parsed; an unknown command belongs to no command
      const path = failure._tag === "ShowHelp" ? failure.commandPath : [command]
      const unknown = failure._tag === "ShowHelp" && failure.errors[0]?._tag === "UnknownSubcommand"
      return { code: ExitCode.BadInput, line: `${(unknown ? path.slice(0, 1) : path).join(" ")}: ${problem(failure)}` }
    }
    return failure instanceof BadInput
      ? { code: ExitCode.BadInput, line: `${command}: ${failure.message}` }
      : { code: ExitCode.Failure, line: `${command}: ${messageOf(failure)}` }
  }
  const defect = Cause.findDefect(cause)
  return defect._tag === "Success"
    ? {
      code: ExitCode.InternalError,
      line: `${command}: internal error: ${firstLine(Cause.pretty(Cause.die(defect.success)))} (a bug in ` +
        `effect-asyncio; run again with ${VerboseVariable}=1 to see its full cause)`
    }
    : { code: ExitCode.Interrupted }
}

/**
 * Prints the one line of a run of `command` that did not succeed (an internal error's full cause after it when
 * {@link VerboseVariable} is set) and fails with {@link CommandError}; help printed instead of a run succeeds, an
 * interruption stays one.
 *
 * @internal
 */
export const report = (command: string, cause: Cause.Cause<unknown>): Effect.Effect<void, CommandError> => {
  const reported = Cause.findErrorOption(cause)
  if (Option.isSome(reported) && reported.value instanceof CommandError) {
    return Effect.fail(reported.value)
  }
  const { code, line } = ending(command, cause)
  if (line === undefined) {
    return code === ExitCode.Success ? Effect.void : Effect.failCause(cause as Cause.Cause<never>)
  }
  const verbose = Config.Boolean(VerboseVariable).pipe(Config.withDefault(false), Effect.orElseSucceed(() => false))
  return Effect.gen(function*() {
    yield* Console.error(line)
    if (code === ExitCode.InternalError && (yield* verbose)) {
      yield* Console.error(Cause.pretty(cause))
    }
    return yield* new CommandError({ message: line, exitCode: code })
  })
}

/** The exit code of how a run ended. @internal */
export const code = <A, E>(exit: Exit.Exit<A, E>): number =>
  Exit.isSuccess(exit) ? ExitCode.Success : ending("", exit.cause).code

/**
 * Prints help and the version as `effect/cli` does (in colour only where `TerminalCapabilities` allows it: a
 * terminal, no `NO_COLOR`), and no parse error: {@link report} prints those, in one line.
 *
 * @internal
 */
export const presenter: CliOutput.Presenter = {
  present: (event) =>
    Effect.flatMap(TerminalCapabilities.TerminalCapabilities, ({ canColor }) => {
      const formatter = CliOutput.defaultFormatter({ colors: canColor })
      return event._tag === "Help"
        ? Console.log(formatter.formatHelpDoc(event.helpDoc))
        : event._tag === "Version"
        ? Console.log(formatter.formatVersion(event.name, event.version))
        : Effect.void
    })
}
