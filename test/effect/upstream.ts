/**
 * The Effect test files this harness runs, by reference: Effect's own suite at one pinned commit, kept out of this
 * repository (see README.md). `prepare` finds them (a directory given by `EFFECT_TESTS_DIR`, else a copy extracted
 * once from a git checkout of Effect, `EFFECT_REPO`), checks each against its SHA-256, and writes for each mode a
 * copy with the one-word change applied mechanically:
 *
 * - `effect` (the baseline): the text as it is, but for its import of `@effect/vitest`, which names the harness's
 *   module for the mode (`modes/effect.ts`: `@effect/vitest` with the expected failures marked);
 * - `virtual` and `explore`: the user's change, `@effect/vitest` → `effect-asyncio/vitest` (here its harness module,
 *   `modes/virtual.ts` or `modes/explore.ts`) and `it.effect` → `it.virtual`.
 *
 * The copies go under node_modules/.cache (neither type-checked, nor linted, nor collected by vitest's glob); the
 * runners (`*.test.ts` beside this file) import them.
 */
import { execFileSync } from "node:child_process"
import { createHash } from "node:crypto"
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"

/** Where the files come from. */
export const repository = "https://github.com/Effect-TS/effect"
/** The commit they are read at (effect 4.0.0-rc.111 of 2026-08-22: the newest commit a mirror here holds). */
export const commit = "1144032cedda7b5eacc1ebf980d06957c7a59ddf"
/** Their directory in that repository. */
export const directory = "packages/effect/test"

/** Each file (relative to `directory`) and the SHA-256 of its text at `commit`; `*.test.ts` are run, the rest helpers. */
export const files: ReadonlyArray<readonly [file: string, sha256: string]> = [
  ["Schedule.test.ts", "223bdd7dc243a34d3b8696f8683dbe4ac6b883c43f70eea4c2b99c8afbdf0218"],
  ["Cache.test.ts", "6b6d5268c9063939d35dc0c32a345e252464c8b90703a78f0a53d70266b06af0"],
  ["ScopedCache.test.ts", "216e9ecbd09e4b74a97e1a66db34456e152f45b26dc541e0ba4cc3fb21db6627"],
  ["Pool.test.ts", "b24f2790fbe6fef7f2e224603eb289f9234817cf33ff8a9ea98530c537c66ba1"],
  ["Resource.test.ts", "ed6daa807e802c3aa5293d7758de47ea50acf90203194e8360f556589e1aa3e7"],
  ["RcMap.test.ts", "16b29d73937e712d3ee52e36f5e47d06939d4bb44cc7ab4bc3542200866b3e40"],
  ["RcRef.test.ts", "4515e400f02c54e887a92bfd85d2218b70f7bd2a88121bb75c9ae937a6f856e6"],
  ["Semaphore.test.ts", "061992f336bf1236fae152b982a5f80634c76e01bb23a27ea4fc819043676d2d"],
  ["Stream.test.ts", "76f4bd12a6120cca7ce8b48379bd442ff324fb28a3b8381c5cb1afa8c3746508"],
  ["TestClock.test.ts", "6466103e2486b62b95658f91821250457ae0d7889d70152e4a9d788b3198a242"],
  ["FiberHandle.test.ts", "9280ea9da85db914535b7045c890b4f084062f0c5ea42a75ff88c91d599b30db"],
  ["FiberSet.test.ts", "0c1c1eb68dd227b4361f01073433e0694a7be9dc531bb7d7f224fcf498dfca28"],
  ["FiberMap.test.ts", "82c2779b3d5fbda09e0489b3dc7428cc3f7483dda0a39dcbdd53815c37f2be85"],
  ["LayerMap.test.ts", "47393e2ac8ad09c31472437b3603577f6ae5ec820849eaa9e39daedfb863d5a1"],
  ["Deferred.test.ts", "b033aae87d5e445e4d5c13383fdd875528a673477a082087500283d17fb51879"],
  ["Effect.test.ts", "727cc877d41cadc32df48f267508593d4d58bb58204620ef12b588c1f2d0b603"],
  ["EffectEager.test.ts", "4dc094088770d9333b9f4b391f28070463864d747646f7f49e8391135a17ef53"],
  ["Metric.test.ts", "3be27d60ab53581e86c1d5012a09aae208f8f7ca6d59fc92653ba53d452425d0"],
  ["Sink.test.ts", "80295ff417458b92e98fde36a64e5725814c3860f722f93eb1760d30ad561550"],
  ["unstable/persistence/RateLimiter.test.ts", "a58f79a9dbc0f707880265c7bdba45176a8f63f025a5260a3581f8515026a68c"],
  ["utils/assert.ts", "55bd711c54862b42c19034f481ca658abbf442367960fbb9c201e01f9591a73f"],
  ["utils/chunkCoordination.ts", "9bd66b808d44a084370fd9979e24cc701fd68d2ea9b88aa82e1026bf88855a7e"]
]

/** How the files run: `it.effect` (unchanged), `it.virtual`, or `it.explore` (20 schedules a test). */
export type Mode = "effect" | "virtual" | "explore"

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(here, "../..")
const cache = path.join(root, "node_modules", ".cache", "effect-asyncio", "effect-tests", commit)
/** Where this machine keeps a checkout of Effect when `EFFECT_REPO` names none (a bare mirror works too). */
const defaultRepository = "/work/.mirror/Effect-TS+effect/repo"

const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex")

const complete = (dir: string): boolean => files.every(([file]) => fs.existsSync(path.join(dir, file)))

// The pristine files: from EFFECT_TESTS_DIR, else from the cache, else extracted into the cache from a checkout.
const pristine = (): string | undefined => {
  const given = process.env["EFFECT_TESTS_DIR"]
  if (given !== undefined && given !== "") {
    return given
  }
  const dir = path.join(cache, "pristine")
  if (complete(dir)) {
    return dir
  }
  const repo = process.env["EFFECT_REPO"] ?? defaultRepository
  if (!fs.existsSync(repo)) {
    return undefined
  }
  for (const [file] of files) {
    const text = execFileSync("git", ["-C", repo, "show", `${commit}:${directory}/${file}`], {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024
    })
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
    fs.writeFileSync(path.join(dir, file), text)
  }
  return dir
}

/** The harness module that stands for `@effect/vitest` (or `effect-asyncio/vitest`) in a mode's copies. */
export const modeModule = (mode: Mode): string => path.join(here, "modes", `${mode}.ts`)

/**
 * Modules the pinned commit imports that effect 4.1.5 (installed here) names otherwise: renamed in every mode alike,
 * the one change to the files besides the mode's. (`effect/testing/FastCheck` re-exported fast-check.)
 */
export const renamed: ReadonlyArray<readonly [before: string, after: string]> = [
  ["effect/unstable/persistence", "effect/persistence"],
  ["effect/testing/FastCheck", "fast-check"]
]

/** The one-word change, applied to a file's text for a mode (the import names the mode's harness module). */
export const transform = (text: string, mode: Mode): string => {
  const current = renamed.reduce(
    (text, [before, after]) => text.replaceAll(`from "${before}"`, `from "${after}"`),
    text
  )
  const imported = current.replace(/from "@effect\/vitest"/g, `from ${JSON.stringify(modeModule(mode))}`)
  return mode === "effect" ? imported : imported.replace(/\bit\.effect\b/g, "it.virtual")
}

/** A test file ready to import: its name (relative to `directory`) and the path of its copy for the mode. */
export interface Prepared {
  readonly name: string
  readonly path: string
}

/**
 * The test files for a mode, written with the change applied; `undefined` when the pristine files are not here
 * (no `EFFECT_TESTS_DIR`, no checkout). A file whose text is not the pinned one is a defect.
 */
export const prepare = (mode: Mode): ReadonlyArray<Prepared> | undefined => {
  const source = pristine()
  if (source === undefined) {
    return undefined
  }
  const out = path.join(cache, mode)
  return files.flatMap(([file, expected]) => {
    const text = fs.readFileSync(path.join(source, file), "utf8")
    const actual = sha256(text)
    if (actual !== expected) {
      throw new Error(`test/effect: ${file} is not the text of ${commit} (sha256 ${actual}, expected ${expected})`)
    }
    const target = path.join(out, file)
    const changed = transform(text, mode)
    fs.mkdirSync(path.dirname(target), { recursive: true })
    if (!fs.existsSync(target) || fs.readFileSync(target, "utf8") !== changed) {
      fs.writeFileSync(target, changed)
    }
    return file.endsWith(".test.ts") ? [{ name: file, path: target }] : []
  })
}
