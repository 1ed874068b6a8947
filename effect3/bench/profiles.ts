/**
 * Sizes and repetitions: `full` for `npm run bench`, `quick` for `npm run bench -- --quick` (under two minutes on a
 * 2-core machine; shortened rows say so), `tiny` for the smoke test in `npm test`.
 */
import type { Profile } from "./workloads/types.js"

export const full: Profile = {
  name: "full",
  repetitions: 5,
  waitSizes: [{ n: 1_000, repetitions: 5 }, { n: 10_000, repetitions: 5 }, { n: 100_000, repetitions: 3 }],
  waitMaxDelay: 1,
  memN: 100_000,
  memRepetitions: 3,
  genItems: 1_000_000,
  repeatEffectItems: 200_000,
  runtime: { count: 10, interval: 1, repetitions: 3 },
  orderRuns: [
    { n: 1_000, maxDelay: 1, runs: 30, command: true },
    { n: 10_000, maxDelay: 1, runs: 30, command: true },
    { n: 1_000, maxDelay: 0.005, runs: 30, command: false }
  ],
  virtual: { n: 10_000, maxDelay: 10, repetitions: 3 },
  testing: { runs: 100, n: 1_000, maxDelay: 1, tests: 10, testN: 100, testMaxDelay: 1, repetitions: 5 }
}

export const quick: Profile = {
  name: "quick",
  repetitions: 2,
  waitSizes: [{ n: 1_000, repetitions: 2 }, { n: 10_000, repetitions: 2 }, { n: 100_000, repetitions: 1 }],
  waitMaxDelay: 1,
  memN: 10_000,
  memRepetitions: 1,
  genItems: 1_000_000,
  repeatEffectItems: 100_000,
  runtime: { count: 10, interval: 0.1, repetitions: 1 },
  orderRuns: [
    { n: 1_000, maxDelay: 1, runs: 3, command: true },
    { n: 10_000, maxDelay: 1, runs: 1, command: true },
    { n: 1_000, maxDelay: 0.005, runs: 10, command: false }
  ],
  virtual: { n: 1_000, maxDelay: 10, repetitions: 1 },
  testing: { runs: 20, n: 1_000, maxDelay: 1, tests: 10, testN: 100, testMaxDelay: 1, repetitions: 1 }
}

export const tiny: Profile = {
  name: "tiny",
  repetitions: 1,
  waitSizes: [{ n: 20, repetitions: 1 }],
  waitMaxDelay: 0.02,
  memN: 200,
  memRepetitions: 1,
  genItems: 1_000,
  repeatEffectItems: 100,
  runtime: { count: 2, interval: 0.01, repetitions: 1 },
  orderRuns: [{ n: 20, maxDelay: 0.01, runs: 2, command: true }],
  virtual: { n: 20, maxDelay: 1, repetitions: 1 },
  testing: { runs: 3, n: 20, maxDelay: 1, tests: 2, testN: 20, testMaxDelay: 1, repetitions: 1 }
}
