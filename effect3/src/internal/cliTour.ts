/**
 * The tour, generated from the command's table: the rows in order, one heading per original main file (the rows
 * of the streams share one), each row's calls printing what the main file prints, and after each heading's calls
 * the `--timeline` charts of what they ran.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import type * as cliExercise from "./cliExercise.js"
import * as cliRun from "./cliRun.js"

/** The rows grouped by main file, in order. */
const groups = (rows: ReadonlyArray<cliExercise.Row>): ReadonlyArray<ReadonlyArray<cliExercise.Row>> =>
  rows.reduce<Array<Array<cliExercise.Row>>>((groups, row) => {
    const last = groups[groups.length - 1]
    if (last?.[0]?.main === row.main) {
      last.push(row)
    } else {
      groups.push([row])
    }
    return groups
  }, [])

/** The tour of `rows`. @internal */
export const make = (rows: ReadonlyArray<cliExercise.Row>): cliExercise.Program =>
  Effect.gen(function*() {
    const run = yield* cliRun.Run
    const { clock, rate } = run.settings
    yield* run.note(
      clock === "virtual"
        ? "The eight exercises, then the streams, in auto-advancing virtual time (instant and exact)."
        : `The eight exercises, then the streams, on the live clock at rate ${rate} ` +
          `(program time runs ${rate} times as fast as real time).`
    )
    for (const group of groups(rows)) {
      yield* run.note(`\n== ${group[0]!.main} · ${group.map((row) => row.python).join(", ")}`)
      for (const row of group) {
        for (const call of row.tour) {
          yield* call
        }
      }
      yield* run.flushTimelines
    }
  })
