/**
 * Workload 6b (issue 19): Effect's own time-dependent test files (the test kit's harness in `test/effect/`, which
 * fetches them from a checkout of Effect at a pinned commit) run unchanged under `it.effect`, and with the one-word
 * change under `it.virtual`, each in a child vitest: the wall time of all the tests, as vitest's JSON reporter gives
 * it. Left out, with a line that says so, while the harness is not in the repository.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { count, field, millis } from "./common.js"
import type { Group, Implementation, Workload } from "./types.js"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..")

/** The harness's runners, one per mode (the test kit's files: `bench/ours/testing.ts vendored` runs them). */
const runners = ["test/effect/effect.test.ts", "test/effect/virtual.test.ts"]

/** Whether the harness is in the repository. */
export const harnessPresent = (): boolean => runners.every((file) => fs.existsSync(path.join(root, file)))

const mode = (id: string, label: string, kind: Implementation["kind"], args: ReadonlyArray<string>) => ({
  id,
  label,
  kind,
  args,
  runner: "ours-testing" as const,
  // the Effect 3 edition has no such harness
  effect3: false
})

export const effectTests: Workload = (profile): Group => {
  const { pattern, repetitions } = profile.vendored
  const args = (name: string) => ["vendored", name, ...(pattern === undefined ? [] : [pattern])]
  const present = harnessPresent()
  return {
    id: "effect-tests",
    title: "Effect's own tests, it.effect against it.virtual",
    description: present
      ? "The time-dependent test files of Effect's own suite (`test/effect/`: Schedule, Cache, Pool, Stream, " +
        "RateLimiter, TestClock and others, fetched at a pinned commit), in a child vitest on the repository's " +
        "config: unchanged under `it.effect` (`test/effect/effect.test.ts`), and with the one-word change under " +
        "`it.virtual` (`test/effect/virtual.test.ts`); the known failures of each mode are registered as the harness " +
        "says (`test/effect/expectations.ts`: an expected failure as `.fails`, which vitest counts as passed; a " +
        "hang as skipped), so \"failed\" counts only surprises. Wall time " +
        "= the sum of the tests' durations as vitest's JSON reporter gives them (start-up and imports left out; " +
        "the child's whole wall time beside it)." +
        (pattern === undefined ? "" : ` SHORTENED: only the tests matching \`-t ${pattern}\`.`) +
        " Ratio: ÷ it.effect."
      : "Left out: the harness of Effect's own tests (test/effect/effect.test.ts, virtual.test.ts) is not in " +
        "the repository.",
    rows: present
      ? [{
        id: "effect-tests",
        title: "Effect's time-dependent test files, all tests",
        implementations: [
          mode("it-effect", "@effect/vitest it.effect (unchanged)", "reference", args("effect")),
          mode("it-virtual", "effect-asyncio it.virtual (one word changed)", "ours", args("virtual"))
        ],
        repetitions,
        metrics: [
          { label: "wall time of the tests", unit: "s", better: "lower", samples: field("wall_s"), format: millis },
          { label: "child vitest, whole", unit: "s", better: "lower", samples: field("process_s"), format: millis },
          { label: "passed", unit: "", better: "higher", samples: field("passed"), format: count },
          { label: "failed", unit: "", better: "lower", samples: field("failed"), format: count },
          { label: "skipped", unit: "", better: "lower", samples: field("skipped"), format: count }
        ],
        baseline: "it-effect"
      }]
      : []
  }
}
