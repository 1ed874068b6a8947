/**
 * The seed texts' `async_countdown`: count down from 5 (or the number given on the command line), one number a
 * second, then lift off. The waits go through the Clock, so a test runs this in virtual time.
 *
 * Run it: `npx tsx examples/countdown.ts` or `npx tsx examples/countdown.ts 3`
 */
import { NodeRuntime } from "@effect/platform-node"
import { Console, Effect, Stream } from "effect"
import { Countdown, LiveClock } from "effect-asyncio"
import { fileURLToPath } from "node:url"

/** Counts down from `from`, printing each number as it comes, then "Liftoff!". */
export const countdownFrom = (from: number) =>
  Countdown.countdown(from).pipe(
    Stream.runForEach((n) => Console.log(`${n}…`)),
    Effect.zipRight(Console.log("Liftoff!"))
  )

export const program = countdownFrom(5)

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const argument = process.argv[2]
  const main = argument === undefined ? program : countdownFrom(Number(argument))
  main.pipe(LiveClock.provide(), NodeRuntime.runMain)
}
