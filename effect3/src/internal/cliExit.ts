/**
 * The command's exit policy, in one place: how a run ended ({@link ending}), the exit code of each ending
 * ({@link code}) and the one line each prints ({@link describe}). `Cli.ts` documents the policy; this module is its
 * only implementation.
 *
 * @internal
 */
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as ValidationError from "@effect/cli/ValidationError"
import * as Cause from "effect/Cause"
import * as Data from "effect/Data"
import * as Option from "effect/Option"
import { topLevelOptions } from "./cliArgs.js"

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
 * A command refused what it was given after parsing it (a combination of options it cannot run, such as
 * `--clock virtual` with `--url`).
 *
 * @internal
 */
export class BadInput extends Data.TaggedError("BadInput")<{ readonly message: string }> {}

/** How a run ended, when it did not succeed. @internal */
export type Ending =
  | { readonly _tag: "Interrupted" }
  /** What the command's own parsing rejected, or what a command refused. */
  | { readonly _tag: "BadInput"; readonly error: ValidationError.ValidationError | BadInput }
  /** An expected failure: a typed error of the work (a file gone, a server that closed, a line too long). */
  | { readonly _tag: "Failure"; readonly error: unknown }
  /** Any defect: a bug, whatever it says. */
  | { readonly _tag: "InternalError"; readonly defect: unknown }

/** How a run that did not succeed ended: its failure first, then its defect, else an interruption. @internal */
export const ending = <E>(cause: Cause.Cause<E>): Ending => {
  const failure = Cause.failureOption(cause)
  if (Option.isSome(failure)) {
    const error: unknown = failure.value
    return ValidationError.isValidationError(error) || error instanceof BadInput
      ? { _tag: "BadInput", error }
      : { _tag: "Failure", error }
  }
  const defect = Cause.dieOption(cause)
  if (Option.isSome(defect)) {
    return { _tag: "InternalError", defect: defect.value }
  }
  return { _tag: "Interrupted" }
}

/** The exit code of an ending. @internal */
export const code = (self: Ending): number => ExitCode[self._tag]

/** A command line, after the executable. @internal */
export interface CommandLine {
  readonly args: ReadonlyArray<string>
  /** The subcommands' names. */
  readonly commands: ReadonlySet<string>
}

// eslint-disable-next-line no-control-regex
const ansiStyle = /\u001b\[[0-9;]*m/g

/** A help document as one line of plain text. */
const plain = (doc: HelpDoc.HelpDoc): string =>
  HelpDoc.toAnsiText(doc).replace(ansiStyle, "").split("\n").map((line) => line.trim()).filter((line) => line !== "")
    .join(" ")

const firstLine = (text: string): string => text.split("\n").find((line) => line.trim() !== "")?.trim() ?? ""

/**
 * What a command line holds that no command matches (@effect/cli's `CommandMismatch` says only that the command
 * line did not match): the first word that is neither a command, nor an option allowed before one, nor its value.
 */
const unmatched = (line: CommandLine): { readonly problem: string; readonly command: boolean } => {
  const seen = new Set<string>()
  for (let i = 0; i < line.args.length; i++) {
    const arg = line.args[i]!
    const name = arg.split("=")[0]!
    if (topLevelOptions.valued.has(name)) {
      if (name === arg && i + 1 >= line.args.length) {
        return { problem: `option '${arg}' needs a value (see --help)`, command: false }
      }
      if (seen.has(name)) {
        return { problem: `option '${name}' is given more than once (see --help)`, command: false }
      }
      seen.add(name)
      i += name === arg ? 1 : 0
    } else if (!topLevelOptions.flags.has(arg)) {
      return arg.startsWith("-")
        ? { problem: `unknown option '${arg}' (see --help)`, command: false }
        : { problem: `unknown command '${arg}' (see --help)`, command: !line.commands.has(arg) }
    }
  }
  return { problem: `cannot read '${line.args.join(" ")}' (see --help)`, command: false }
}

const messageOf = (error: unknown): string =>
  error instanceof Error && error.message !== "" ? error.message : firstLine(Cause.pretty(Cause.fail(error)))

/**
 * The one line an ending prints: `effect-asyncio <command>: <problem>` (only `effect-asyncio:` for a command that
 * does not exist). `undefined` for an interruption, which prints `interrupted` wherever it is noticed.
 *
 * @internal
 */
export const describe = (self: Ending, line: CommandLine): string | undefined => {
  const name = line.args.find((arg) => line.commands.has(arg)) ?? "tour"
  const say = (problem: string) => `effect-asyncio ${name}: ${problem}`
  switch (self._tag) {
    case "Interrupted":
      return undefined
    case "BadInput": {
      const error = self.error
      if (error instanceof BadInput) {
        return say(error.message)
      }
      if (ValidationError.isCommandMismatch(error)) {
        const { command, problem } = unmatched(line)
        return command ? `effect-asyncio: ${problem}` : say(problem)
      }
      if (ValidationError.isMultipleValuesDetected(error)) {
        return say(`an option was given more than once (${error.values.join(", ")})`)
      }
      const problem = plain(error.error)
      return say(problem === "" ? `cannot read the command line (${error._tag}; see --help)` : problem)
    }
    case "Failure":
      return say(messageOf(self.error))
    case "InternalError":
      return say(
        `internal error: ${firstLine(Cause.pretty(Cause.die(self.defect)))} (a bug in effect-asyncio; ` +
          `run again with ${VerboseVariable}=1 to see its full cause)`
      )
  }
}
