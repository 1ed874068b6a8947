/**
 * Reads the `IllegalArgumentException` message of an exit that died with one.
 */
import { assert } from "@effect/vitest"
import { Cause, Effect, Exit, Stream } from "effect"

export const defectMessage = <A, E>(exit: Exit.Exit<A, E>): string => {
  if (Exit.isSuccess(exit)) {
    assert.fail(`expected a defect, got a success: ${String(exit.value)}`)
    return ""
  }
  const defect = Cause.dieOption(exit.cause)
  if (defect._tag === "None") {
    assert.fail(`expected a defect, got ${Cause.pretty(exit.cause)}`)
    return ""
  }
  assert.instanceOf(defect.value, Cause.IllegalArgumentException)
  return (defect.value as Cause.IllegalArgumentException).message
}

/** Runs a stream to its end and reads the `IllegalArgumentException` message it died with. */
export const streamDefectMessage = <A, E, R>(stream: Stream.Stream<A, E, R>) =>
  Effect.map(Effect.exit(Stream.runDrain(stream)), (exit) => defectMessage(exit))
