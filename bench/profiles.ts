/**
 * Sizes and repetitions: `full` for `npm run bench`, `quick` for `npm run bench -- --quick`, `tiny` for the smoke
 * test in `npm test`. Both `full` and `quick` hold issue 18's sizes up to 1,000,000 (one process per implementation
 * there); `quick` leaves out of the 1,000,000 rows what is not judged (Python's memory and interruption, whose million
 * tasks take minutes to start under tracemalloc or at all; Effect's default clock where LiveClock is judged; the
 * references), takes fewer samples below, and shortens the exploration row to 20 schedules (rows say so).
 */
import type { Profile } from "./workloads/types.js"

/** Issue 18's runs of the command: `wait-n` and `task-wait-n` of n waits up to 1 s, in virtual time. */
const commandRuns = (n: number, repetitions: number): Profile["command"]["runs"] =>
  ["wait-n", "task-wait-n"].map((name) => ({ args: [name, String(n), "1", "--clock", "virtual"], repetitions }))

export const full: Profile = {
  name: "full",
  repetitions: 5,
  waitSizes: [
    { n: 1_000, repetitions: 5 },
    { n: 10_000, repetitions: 5 },
    { n: 100_000, repetitions: 3 },
    { n: 1_000_000, repetitions: 1, effect3: false }
  ],
  waitMaxDelay: 1,
  memSizes: [
    { n: 1_000, repetitions: 3 },
    { n: 10_000, repetitions: 3 },
    { n: 100_000, repetitions: 3 },
    { n: 1_000_000, repetitions: 1, effect3: false }
  ],
  interrupt: [{ n: 100_000, repetitions: 3 }, { n: 1_000_000, repetitions: 1 }],
  command: { runs: commandRuns(1_000_000, 3), sigint: { n: 1_000_000, repetitions: 3 } },
  genItems: 1_000_000,
  repeatEffectItems: 200_000,
  runtime: { count: 10, interval: 1, repetitions: 3 },
  orderRuns: [
    { n: 1_000, maxDelay: 1, runs: 30, command: true },
    { n: 10_000, maxDelay: 1, runs: 30, command: true },
    { n: 1_000, maxDelay: 0.005, runs: 30, command: false }
  ],
  virtual: { n: 10_000, maxDelay: 10, repetitions: 3 },
  virtualScaling: {
    sizes: [{ n: 1_000 }, { n: 10_000 }, { n: 100_000 }, { n: 1_000_000, effect3: false }],
    maxDelay: 10,
    calls: 3,
    repetitions: 3
  },
  testing: { runs: 100, n: 10_000, maxDelay: 1, tests: 10, testN: 100, testMaxDelay: 1, repetitions: 3 },
  vendored: { repetitions: 3 }
}

export const quick: Profile = {
  name: "quick",
  repetitions: 2,
  waitSizes: [
    { n: 1_000, repetitions: 2 },
    { n: 10_000, repetitions: 2 },
    { n: 100_000, repetitions: 1 },
    { n: 1_000_000, repetitions: 1, effect3: false, references: false }
  ],
  waitMaxDelay: 1,
  memSizes: [
    { n: 1_000, repetitions: 1 },
    { n: 10_000, repetitions: 1 },
    { n: 100_000, repetitions: 1, effect3: false },
    { n: 1_000_000, repetitions: 1, effect3: false, python: false, defaultClock: false, references: false }
  ],
  interrupt: [{ n: 1_000_000, repetitions: 1, python: false, defaultClock: false }],
  command: { runs: commandRuns(1_000_000, 1), sigint: { n: 1_000_000, repetitions: 1 } },
  genItems: 1_000_000,
  repeatEffectItems: 100_000,
  runtime: { count: 10, interval: 0.1, repetitions: 1 },
  orderRuns: [
    { n: 1_000, maxDelay: 1, runs: 3, command: true },
    { n: 10_000, maxDelay: 1, runs: 1, command: true },
    { n: 1_000, maxDelay: 0.005, runs: 10, command: false }
  ],
  virtual: { n: 1_000, maxDelay: 10, repetitions: 1 },
  virtualScaling: {
    sizes: [{ n: 10_000 }, { n: 100_000, effect3: false }, { n: 1_000_000, effect3: false }],
    maxDelay: 10,
    calls: 1,
    repetitions: 1
  },
  testing: { runs: 20, n: 10_000, maxDelay: 1, tests: 10, testN: 100, testMaxDelay: 1, repetitions: 1 },
  vendored: { repetitions: 1 }
}

export const tiny: Profile = {
  name: "tiny",
  repetitions: 1,
  waitSizes: [{ n: 20, repetitions: 1 }, { n: 40, repetitions: 1, effect3: false, references: false }],
  waitMaxDelay: 0.02,
  memSizes: [{ n: 200, repetitions: 1 }, { n: 400, repetitions: 1, effect3: false, python: false, references: false }],
  interrupt: [{ n: 50, repetitions: 1 }, { n: 60, repetitions: 1, python: false, defaultClock: false }],
  command: { runs: commandRuns(20, 1), sigint: { n: 20, repetitions: 1 } },
  genItems: 1_000,
  repeatEffectItems: 100,
  runtime: { count: 2, interval: 0.01, repetitions: 1 },
  orderRuns: [{ n: 20, maxDelay: 0.01, runs: 2, command: true }],
  virtual: { n: 20, maxDelay: 1, repetitions: 1 },
  virtualScaling: { sizes: [{ n: 20 }, { n: 40 }], maxDelay: 1, calls: 1, repetitions: 1 },
  testing: { runs: 3, n: 20, maxDelay: 1, tests: 2, testN: 20, testMaxDelay: 1, repetitions: 1 },
  vendored: { repetitions: 1, pattern: "^Deferred" }
}
