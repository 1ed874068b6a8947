/**
 * Workload 6 (the race-finding issue): what the testing tools cost. `VirtualTime.explore` of 100 schedules against
 * 100 plain `VirtualTime.run`s of the same program, and one test written with `it.virtual` against the same test with
 * `it.effect` + `TestClock.adjust`, as vitest times it.
 */
import { field, millis, size } from "./common.js"
import type { Group, Implementation, Metric, Target, Workload } from "./types.js"

const metrics: ReadonlyArray<Metric> = [
  { label: "wall time", unit: "s", better: "lower", samples: field("wall_s"), format: millis },
  { label: "mean run / test", unit: "s", better: "lower", samples: field("per_s"), format: millis }
]

const implementation = (id: string, label: string, kind: Implementation["kind"], args: ReadonlyArray<string>) => ({
  id,
  label,
  kind,
  args,
  runner: "ours-testing" as const
})

// met when the median of `ours` is at most `factor` times the median of `reference`
const atMost = (text: string, ours: string, factor: number, reference: string): Target => ({
  text,
  met: (medians) => {
    const mine = medians.get(ours)
    const theirs = medians.get(reference)
    return mine === undefined || theirs === undefined ? undefined : mine <= factor * theirs
  }
})

export const testing: Workload = (profile): Group => {
  const { maxDelay, n, repetitions, runs, testMaxDelay, testN, tests } = profile.testing
  const program = `waitN(${size(n)}, ${maxDelay})`
  const test = `waitN(${size(testN)}, ${testMaxDelay})`
  const shortened = runs === 100 && n === 10_000 && tests === 10 && testN === 100
    ? ""
    : " SHORTENED (issue 18's row is 100 schedules of waitN(10_000, 1); the test row is 10 tests on waitN(100, 1))."
  const exploration = [String(runs), String(n), String(maxDelay)]
  const vitest = (variant: string) => ["vitest", variant, String(tests), String(testN), String(testMaxDelay)]
  return {
    id: "testing",
    title: "Testing tools",
    description:
      `Exploration: ${runs} schedules of ${program} (\`VirtualTime.explore(…, { runs: ${runs}, seed: 1 })\`, ` +
      `which succeeds: waitN has no race) against ${runs} plain \`VirtualTime.run\`s of it in a loop, and ${runs} ` +
      "`VirtualTime.run(…, { schedule: seed })` replays (seeds 1.." +
      `${runs}: the seeded schedule, and the timeline it always records, without explore's own bookkeeping); the ` +
      "same `Random.withSeed(42)` delays in all, one untimed warm-up of a tenth of the runs per process; wall time of all " +
      `the runs. Tests: ${tests} copies of one test on ${test} (the list comes back ascending, of length ${testN}) ` +
      "in a child vitest, one variant selected with `-t`: `it.virtual` from effect-asyncio/vitest against " +
      "`it.effect` with fork + `TestClock.adjust` + join; the median test's duration as vitest's JSON reporter gives " +
      `it (vitest's start-up left out). ${testN} waits only: under Effect 3's TestClock each wake-up costs real ` +
      "timer turns (a few ms each)." + shortened + " Ratio column: each ÷ the plain runs; each ÷ it.virtual.",
    rows: [{
      id: "explore",
      title: `${runs} schedules of ${program}, wall of all the runs`,
      implementations: [
        implementation("plain", `${runs} × VirtualTime.run`, "reference", ["plain", ...exploration]),
        implementation("explore", `effect-asyncio VirtualTime.explore, ${runs} runs`, "ours", [
          "explore",
          ...exploration
        ]),
        implementation("replay", `${runs} × VirtualTime.run({ schedule })`, "reference", ["replay", ...exploration])
      ],
      repetitions,
      metrics,
      baseline: "plain",
      target: atMost("explore ≤ 2× the plain runs' time", "explore", 2, "plain")
    }, {
      id: "vitest",
      title: `one test on ${test}, wall of the median test`,
      implementations: [
        implementation("it-virtual", "effect-asyncio it.virtual", "ours", vitest("virtual")),
        implementation("it-effect", "@effect/vitest it.effect + TestClock.adjust", "reference", vitest("effect"))
      ],
      repetitions,
      metrics,
      baseline: "it-virtual",
      target: atMost("it.virtual no slower than it.effect + TestClock.adjust", "it-virtual", 1, "it-effect")
    }]
  }
}
