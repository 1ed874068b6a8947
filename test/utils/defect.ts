/**
 * Reads the `IllegalArgumentError` message of an exit that died with one.
 */
import { assert } from "@effect/vitest"
import { Cause, Effect, Exit, Result, Stream } from "effect"

export const defectMessage = <A, E>(exit: Exit.Exit<A, E>): string => {
  if (Exit.isSuccess(exit)) {
    assert.fail(`expected a defect, got a success: ${String(exit.value)}`)
    return ""
  }
  const defect = Cause.findDefect(exit.cause)
  if (Result.isFailure(defect)) {
    assert.fail(`expected a defect, got ${Cause.pretty(exit.cause)}`)
    return ""
  }
  assert.isTrue(Cause.isIllegalArgumentError(defect.success), `not an IllegalArgumentError: ${String(defect.success)}`)
  return (defect.success as Cause.IllegalArgumentError).message
}

/** Runs a stream to its end and reads the `IllegalArgumentError` message it died with. */
export const streamDefectMessage = <A, E, R>(stream: Stream.Stream<A, E, R>) =>
  Effect.map(Effect.exit(Stream.runDrain(stream)), (exit) => defectMessage(exit))
