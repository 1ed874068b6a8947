/**
 * The package as users install it. `npm pack` (which builds through `prepack`), then the tarball installed from
 * npm's cache where it can be into fresh projects outside the repository: a plain Node app on the lowest Effect the
 * peer ranges allow, the README's install lines run word for word in an empty project, a TypeScript app made with
 * `tsc --init`, `bundler` and `node10` resolution, the installed command, Node 22 and 24, an app on Effect 4
 * (refused at install) and `npm exec` in an empty folder.
 */
import { afterAll, describe, expect, it } from "@effect/vitest"
import { Effect, Random } from "effect"
import { Timeline, VirtualTime, waitN } from "effect-asyncio"
import { execFile } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
  readonly version: string
  readonly peerDependencies: Readonly<Record<string, string>>
}
const bin = (name: string) => path.join(root, "node_modules", ".bin", name)
const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc")

/** The environment of a child, without the `npm_*` settings of the `npm test` that runs this file. */
const env = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith("npm_"))
) as NodeJS.ProcessEnv

interface Result {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** Runs a command to its end; never rejects, so that a test can assert on a failure. */
const run = async (command: string, args: ReadonlyArray<string>, cwd: string): Promise<Result> => {
  try {
    const { stderr, stdout } = await promisify(execFile)(command, [...args], {
      cwd,
      env: { ...env, NO_COLOR: "1", FORCE_COLOR: "0" },
      maxBuffer: 64 * 1024 * 1024,
      timeout: 240_000
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string }
    return {
      code: typeof failed.code === "number" ? failed.code : -1,
      stdout: failed.stdout ?? "",
      stderr: failed.stderr ?? String(error)
    }
  }
}

/** Runs a command that must succeed, and returns its standard output. */
const ok = async (command: string, args: ReadonlyArray<string>, cwd: string): Promise<string> => {
  const result = await run(command, args, cwd)
  if (result.code !== 0) {
    throw new Error(`${command} ${args.join(" ")} exited with ${result.code}:\n${result.stderr}\n${result.stdout}`)
  }
  return result.stdout
}

const npm = (args: ReadonlyArray<string>, cwd: string) =>
  run("npm", ["--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", ...args], cwd)

/** A fresh project folder with a package.json. */
const project = (name: string, pkg: Record<string, unknown> = {}): string => {
  const dir = path.join(work, name)
  fs.mkdirSync(dir, { recursive: true })
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, private: true, ...pkg }, null, 2))
  return dir
}

/** The library's module entries, from the sources (`effect-asyncio/<Module>`); the command and test entries aside. */
const modules = fs.readdirSync(path.join(root, "src"))
  .filter((file) => /^[A-Z]\w*\.ts$/.test(file) && file !== "Cli.ts" && file !== "Vitest.ts")
  .map((file) => file.slice(0, -3))
  .sort()

/** The lines of the README's install block, as a user copies them. */
const readmeInstall = (): Array<string> => {
  const readme = fs.readFileSync(path.join(root, "README.md"), "utf8")
  const block = /^## Install\n[\s\S]*?^```sh\n([\s\S]*?)^```/m.exec(readme)
  return block === null ? [] : block[1]!.trim().split("\n")
}

/** The environment of a child vitest: without the variables of the vitest that runs this file. */
const vitestEnv = Object.fromEntries(
  Object.entries(env).filter(([key]) => !key.startsWith("VITEST") && key !== "EFFECT_ASYNCIO_SEED")
) as NodeJS.ProcessEnv

/** The lowest versions the peer ranges allow, e.g. "^3.22.0" -> "3.22.0": the app is on the oldest we promise. */
const lowest = (name: string): string => manifest.peerDependencies[name]!.replace(/^\^/, "")

/**
 * What the installed package must print: the same seeded runs of the sources in this process, one plain and one
 * under a seeded schedule (which records its timeline through the fiber internals `Timeline`'s labels use).
 */
const plainRun = await Effect.runPromise(VirtualTime.run(waitN(5, 1)).pipe(Effect.withRandom(Random.make(1))))
const [recordedRun] = await Effect.runPromise(
  VirtualTime.run(Timeline.record(waitN(5, 1)), { schedule: 1 }).pipe(Effect.withRandom(Random.make(1)))
)
const expected = `${JSON.stringify(plainRun)}\n${Timeline.toNotation(recordedRun)}`

let work = ""
let tarball = ""
let app = ""

describe("package", { timeout: 300_000 }, () => {
  it("packs the build, the sources its maps point to, README and LICENSE, and nothing else", async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "effect-asyncio-package-"))
    const packed = JSON.parse(await ok("npm", ["pack", "--json", "--pack-destination", work], root)) as ReadonlyArray<{
      readonly filename: string
      readonly files: ReadonlyArray<{ readonly path: string }>
    }>
    tarball = path.join(work, packed[0]!.filename)
    const files = packed[0]!.files.map((file) => file.path)
    expect(files).toContain("LICENSE")
    expect(files).toContain("README.md")
    expect(files).toContain("dist/bin/effect-asyncio.js")
    for (const module of ["index", "Cli", "Vitest", ...modules]) {
      expect(files).toContain(`dist/${module}.js`)
      expect(files).toContain(`dist/${module}.d.ts`)
      expect(files).toContain(`dist/${module}.d.ts.map`)
      expect(files).toContain(`dist/${module}.js.map`)
      expect(files).toContain(`src/${module}.ts`)
    }
    expect(files.filter((file) => !/^(dist|src)\//.test(file)).sort()).toEqual(["LICENSE", "README.md", "package.json"])
  })

  it("publint --strict and arethetypeswrong (ESM-only profile) find no problem in any entry", async () => {
    const publint = await run(bin("publint"), ["--strict", tarball], root)
    expect(publint.code, publint.stdout + publint.stderr).toBe(0)
    expect(publint.stdout).toContain("All good!")
    const entries = [".", "./cli", "./vitest", "./package.json", ...modules.map((module) => `./${module}`)]
    // Into a file: attw exits before a large write to a pipe has drained.
    const json = path.join(work, "attw.json")
    await run("sh", [
      "-c",
      `"$0" "$@" > "${json}"`,
      bin("attw"),
      tarball,
      "--format",
      "json",
      "--entrypoints",
      ...entries
    ], root)
    const report = JSON.parse(fs.readFileSync(json, "utf8")) as {
      readonly problems: Readonly<Record<string, ReadonlyArray<{ entrypoint: string; resolutionKind: string }>>>
    }
    const problems = Object.entries(report.problems).flatMap(([kind, found]) =>
      found.map((problem) => `${kind} ${problem.resolutionKind} ${problem.entrypoint}`)
    )
    // ESM only, by choice: Node ≥ 20.19 `require`s it, TypeScript's CommonJS mode asks for `import()`; the old node10
    // resolution finds the root entry through `types` and no subpath. Nothing else may be reported.
    expect(problems.filter((problem) => !/ (node10|node16-cjs) /.test(problem))).toEqual([])
    expect(problems.filter((problem) => problem.includes(" node10 ")).sort()).toEqual(
      entries.filter((entry) => entry !== "." && entry !== "./package.json").map((entry) =>
        `NoResolution node10 ${entry}`
      )
        .sort()
    )
  })

  it("installs next to an app's own Effect 3 with one copy of effect, and plain Node runs every entry", async () => {
    app = project("app", { type: "module" })
    const installed = await npm(
      ["install", tarball, `effect@${lowest("effect")}`, `@effect/platform@${lowest("@effect/platform")}`],
      app
    )
    expect(installed.code, installed.stderr).toBe(0)
    const copies = await ok("npm", ["ls", "effect", "--all", "--parseable"], app)
    expect(copies.trim().split("\n")).toEqual([path.join(app, "node_modules", "effect")])
    fs.writeFileSync(
      path.join(app, "main.js"),
      [
        `import { Effect, Random } from "effect"`,
        `import { Timeline, VirtualTime, waitN } from "effect-asyncio"`,
        `const delays = await Effect.runPromise(VirtualTime.run(waitN(5, 1)).pipe(Effect.withRandom(Random.make(1))))`,
        `console.log(JSON.stringify(delays))`,
        `const recorded = VirtualTime.run(Timeline.record(waitN(5, 1)), { schedule: 1 })`,
        `const [timeline] = await Effect.runPromise(recorded.pipe(Effect.withRandom(Random.make(1))))`,
        `console.log(Timeline.toNotation(timeline))`,
        `for (const entry of ${JSON.stringify(modules)}) await import("effect-asyncio/" + entry)`,
        `const optional = (entry) => import(entry).then(() => "loaded", (e) => e.code)`,
        `const [cli, vitest] = [await optional("effect-asyncio/cli"), await optional("effect-asyncio/vitest")]`,
        `console.log(Object.keys(await import("effect-asyncio")).length > 10, cli, vitest)`
      ].join("\n")
    )
    // `@effect/cli` and vitest are optional peers, needed by the `cli` and `vitest` entries only: without them those
    // entries fail to load with Node's "Cannot find package", and the library does not need them.
    expect(await ok(process.execPath, ["main.js"], app)).toBe(
      `${expected}\ntrue ERR_MODULE_NOT_FOUND ERR_MODULE_NOT_FOUND\n`
    )
    const required = await ok(
      process.execPath,
      ["-e", `const m = require("effect-asyncio"); console.log(typeof m.waitN, typeof m.VirtualTime.run)`],
      app
    )
    expect(required).toBe("function function\n")
  })

  it("the README's install lines, word for word, install quietly in an empty project; waitN and it.virtual run", async () => {
    const lines = readmeInstall()
    expect(lines).toEqual([
      "npm install effect-asyncio@0 effect@3 @effect/platform@0.97 @effect/platform-node@0.108",
      "npm install -D vitest@3 @effect/vitest@0.30"
    ])
    const empty = path.join(work, "readme")
    fs.mkdirSync(empty)
    await ok("npm", ["init", "-y"], empty)
    for (const line of lines) {
      // the tarball stands in for the published effect-asyncio@0
      const installed = await run("sh", ["-c", line.replace("effect-asyncio@0", tarball)], empty)
      expect(installed.code, installed.stderr).toBe(0)
      // no ERESOLVE and no peer warning: npm 11 only notes the packages whose install scripts it did not run
      // (msgpackr-extract and @parcel/watcher, from @effect/platform-node's and vitest's dependencies)
      const warnings = installed.stderr.split("\n").filter((text) => /^npm (warn|err)/i.test(text))
      expect(warnings.filter((text) => !text.startsWith("npm warn install-scripts")), installed.stderr).toEqual([])
    }
    fs.writeFileSync(
      path.join(empty, "main.mjs"),
      [
        `import { Effect } from "effect"`,
        `import { LiveClock, waitN } from "effect-asyncio"`,
        `const delays = await Effect.runPromise(waitN(100, 0.05).pipe(LiveClock.provide()))`,
        `console.log(delays.length, delays.every((delay, i) => i === 0 || delays[i - 1] <= delay))`
      ].join("\n")
    )
    expect(await ok(process.execPath, ["main.mjs"], empty)).toBe("100 true\n")
    fs.mkdirSync(path.join(empty, "test"))
    fs.writeFileSync(
      path.join(empty, "test", "waitN.test.mjs"),
      [
        `import { Effect } from "effect"`,
        `import { waitN } from "effect-asyncio"`,
        `import { assert, it } from "effect-asyncio/vitest"`,
        `it.virtual("waitN(5, 5) returns its delays in the order they ended", () =>`,
        `  Effect.gen(function*() {`,
        `    const delays = yield* waitN(5, 5)`,
        `    assert.deepStrictEqual(delays, [...delays].sort((a, b) => a - b))`,
        `  }))`
      ].join("\n")
    )
    const tested = await promisify(execFile)(path.join(empty, "node_modules", ".bin", "vitest"), ["run"], {
      cwd: empty,
      env: { ...vitestEnv, NO_COLOR: "1", FORCE_COLOR: "0" },
      timeout: 240_000
    })
    expect(tested.stdout).toMatch(/Tests {2}1 passed \(1\)/)
  })

  it("type-checks an app made with tsc --init that uses every public module, and under bundler and node10", async () => {
    await ok(process.execPath, [tsc, "--init"], app)
    const imports = modules.map((module) => `import * as ${module} from "effect-asyncio/${module}"`)
    fs.writeFileSync(
      path.join(app, "app.ts"),
      [
        `import { Effect, Random, Stream } from "effect"`,
        `import { asyncComprehension, measureTime, VirtualTime as Virtual, waitN, Wait as Waits } from "effect-asyncio"`,
        ...imports,
        `const program = Effect.gen(function*() {`,
        `  const delays: Array<number> = yield* waitN(3, 1)`,
        `  const first: number | undefined = delays[0]`,
        `  const mean: number = yield* measureTime(3, 1)`,
        `  const numbers: Array<number> = yield* asyncComprehension()`,
        `  const range = yield* Stream.runCollect(Range.range(0, 3))`,
        `  return { first, mean, numbers, range, max: Waits.DefaultMaxDelay }`,
        `})`,
        `export const main = Virtual.run(program).pipe(Effect.withRandom(Random.make(1)))`,
        `export const all = [${modules.join(", ")}]`
      ].join("\n")
    )
    const checked = await run(process.execPath, [tsc, "-p", "tsconfig.json", "--noEmit"], app)
    expect(checked.stdout + checked.stderr).toBe("")
    const variant = (name: string, options: Record<string, string>, source: ReadonlyArray<string>) => {
      fs.writeFileSync(path.join(app, `${name}.ts`), source.join("\n"))
      fs.writeFileSync(
        path.join(app, `tsconfig.${name}.json`),
        JSON.stringify({
          compilerOptions: { strict: true, noEmit: true, target: "es2022", ...options },
          files: [`${name}.ts`]
        })
      )
      return run(process.execPath, [tsc, "-p", `tsconfig.${name}.json`], app)
    }
    const bundler = await variant("bundler", { module: "esnext", moduleResolution: "bundler" }, [
      ...imports,
      `export const all = [${modules.join(", ")}]`
    ])
    expect(bundler.stdout + bundler.stderr).toBe("")
    // node10 (TypeScript's old "node" resolution) reads `types`, so the root entry resolves; subpaths need exports.
    const node10 = await variant("node10", {
      module: "commonjs",
      moduleResolution: "node10",
      ignoreDeprecations: "5.0"
    }, [
      `import { waitN, VirtualTime } from "effect-asyncio"`,
      `export const program = VirtualTime.run(waitN(3, 1))`
    ])
    expect(node10.stdout + node10.stderr).toBe("")
  })

  it("the installed command runs with plain node: --help, --version, and a virtual-time run", async () => {
    const command = path.join(app, "node_modules", ".bin", "effect-asyncio")
    const help = await run(command, ["--help"], app)
    expect(help.code).toBe(0)
    expect(help.stdout).toContain("wait-n")
    expect((await ok(command, ["--version"], app)).trim()).toBe(manifest.version)
    expect(await ok(command, ["wait-n", "5", "1", "--clock", "virtual", "--seed", "1"], app)).toMatch(
      /^\[(\d\.\d+, ){4}\d\.\d+\]\n$/
    )
  })

  // The npm registry carries Node's Linux builds as packages; `bin/node` needs no install script.
  it.skipIf(process.platform !== "linux")(
    "Node 22 and 24 run the plain-Node program and the installed command",
    async () => {
      for (const major of [22, 24]) {
        const prefix = path.join(root, "node_modules", ".cache", "effect-asyncio", `node-${major}`)
        const node = path.join(prefix, "node_modules", `node-linux-${process.arch}`, "bin", "node")
        if (!fs.existsSync(node)) {
          const fetched = await npm(
            ["install", "--prefix", prefix, "--no-save", `node-linux-${process.arch}@${major}`],
            root
          )
          expect(fetched.code, fetched.stderr).toBe(0)
        }
        expect(await ok(node, ["--version"], app)).toMatch(new RegExp(`^v${major}\\.`))
        expect(await ok(node, ["main.js"], app)).toBe(`${expected}\ntrue ERR_MODULE_NOT_FOUND ERR_MODULE_NOT_FOUND\n`)
        const command = path.join(app, "node_modules", "effect-asyncio", "dist", "bin", "effect-asyncio.js")
        expect(await ok(node, [command, "wait-n", "5", "1", "--clock", "virtual", "--seed", "1"], app)).toMatch(
          /^\[(\d\.\d+, ){4}\d\.\d+\]\n$/
        )
      }
    }
  )

  it("an app on Effect 4 is refused at install, naming the peer range", async () => {
    const effect4 = project("effect4", { type: "module" })
    const refused = await npm(["install", "--package-lock-only", "effect@4", tarball], effect4)
    expect(refused.code).not.toBe(0)
    expect(refused.stderr).toContain("ERESOLVE")
    expect(refused.stderr).toContain(
      `peer effect@"${manifest.peerDependencies.effect}" from effect-asyncio@${manifest.version}`
    )
  })

  it("npm exec in an empty folder installs the command with its peers and runs it", async () => {
    const empty = project("empty")
    const result = await npm(
      ["exec", "--yes", `--package=${tarball}`, "--", "effect-asyncio", "wait-n", "3", "1", "--clock", "virtual"],
      empty
    )
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/^\[(\d\.\d+, ){2}\d\.\d+\]\n$/)
  })

  afterAll(() => {
    if (work !== "") fs.rmSync(work, { recursive: true, force: true })
  }, 120_000)
})
