/**
 * The package as users install it, proved from the outside. `npm pack` (which builds through `prepack`), then the
 * tarball in fresh projects outside the repository, on every Node that `engines` admits, from the registry
 * (scripts/node.ts: Node 22, 24 and 26, each with the npm it ships with, run as the user would: `node`, `npm` and
 * `npx` first on `PATH`):
 * - the README's "Install" and "Test it" sections run word for word (every line of their ```sh blocks through `sh`,
 *   every ```ts block named by a `// file` first line written to that file), in an empty project and in an app that
 *   first installed `effect @effect/platform-node vitest @effect/vitest`, with no ERESOLVE and no warning from npm;
 * - the installed command; a plain Node program on every entry, `require()`, one copy of `effect`, the sealed
 *   subpaths; `it.virtual` and `it.explore` under vitest; an app on Effect 3 refused at install;
 * - once, as the types do not depend on the Node that runs them: a `tsc --init` app with the TypeScript npm installs
 *   today, `moduleResolution: "bundler"`, publint and arethetypeswrong;
 * - the Effect 3 edition (`effect3/`), with its own README's lines.
 *
 * The Nodes run side by side, each in its own projects; npm's cache is shared (`--prefer-offline`), and each npm
 * gets an empty user config, so that this machine's `~/.npmrc` cannot warn or answer for it.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Effect, Random } from "effect"
import { VirtualTime, waitN } from "effect-asyncio"
import { execFile } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { toolchain } from "../scripts/node.js"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
  readonly name: string
  readonly version: string
  readonly peerDependencies: Readonly<Record<string, string>>
}
const majors = [22, 24, 26] as const
const effect3 = path.join(root, "effect3")
const hasEffect3 = fs.existsSync(path.join(effect3, "package.json"))
const minutes = (n: number) => n * 60_000

/** The library's module entries, `effect-asyncio/<Module>`, from the sources. */
const modules = fs.readdirSync(path.join(root, "src")).filter((file) => /^[A-Z]\w*\.ts$/.test(file))
  .map((file) => file.slice(0, -3)).sort()

const work = fs.mkdtempSync(path.join(os.tmpdir(), "effect-asyncio-package-"))
const npmrc = path.join(work, "npmrc")
fs.writeFileSync(npmrc, "")

/** The environment of every child: no `npm_*` of the `npm test` running this, an empty npm user config, no colour. */
const baseEnv: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith("npm_"))),
  npm_config_userconfig: npmrc,
  npm_config_prefer_offline: "true",
  npm_config_audit: "false",
  npm_config_fund: "false",
  npm_config_update_notifier: "false",
  NO_COLOR: "1",
  FORCE_COLOR: "0",
  CI: "true"
}

interface Result {
  readonly command: string
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** Runs a shell line in `cwd` with `env`; never rejects, so that a test can assert on a failure. */
const sh = (line: string, cwd: string, env: NodeJS.ProcessEnv): Promise<Result> =>
  new Promise((resolve) => {
    execFile(
      "sh",
      ["-c", line],
      { cwd, env, maxBuffer: 64 * 1024 * 1024, timeout: minutes(6) },
      (error, stdout, stderr) =>
        resolve({
          command: line,
          code: error === null ? 0 : typeof error.code === "number" ? error.code : -1,
          stdout,
          stderr: error !== null && typeof error.code !== "number" ? `${stderr}\n${error.message}` : stderr
        })
    )
  })

const show = (result: Result) => `$ ${result.command}\nexit ${result.code}\n${result.stdout}\n${result.stderr}`

/** Asserts a command succeeded and returns its standard output. */
const ok = (result: Result): string => {
  assert.strictEqual(result.code, 0, show(result))
  return result.stdout
}

/**
 * npm's warnings and errors, but two that are not about the package: the move of vitest from `dependencies` to
 * `devDependencies` when an app that installed it as a dependency runs the README's `npm install -D`; and npm 11.19's
 * list of install scripts it did not run, when it names only scripts that nothing needs: those of `msgpackr-extract`
 * (an optional native speed-up that the Effect 3 edition's `@effect/platform` pulls in; msgpackr falls back to JS),
 * `@parcel/watcher` (the Effect 3 edition's `@effect/platform-node`'s; its script builds from source only when
 * `npm_config_build_from_source` is true, and otherwise does nothing: npm installs the prebuilt binary as an optional
 * dependency) and `esbuild` (vitest 3's; its postinstall only checks the binary that npm installs as an optional
 * dependency).
 */
const npmWarnings = (result: Result): Array<string> => {
  const lines = `${result.stdout}\n${result.stderr}`.split("\n").filter((line) =>
    /^npm (warn|WARN|error|ERR)/.test(line)
  )
  const scripts = lines.flatMap((line) => /^npm warn install-scripts\s+(\S+)@\S+ \(/.exec(line)?.[1] ?? [])
  const skippedScripts = scripts.length > 0 &&
    scripts.every((name) => name === "msgpackr-extract" || name === "@parcel/watcher" || name === "esbuild")
  return lines
    .filter((line) => !/^npm warn idealTree Removing dependencies\.(\S+) in favor of devDependencies\.\1$/.test(line))
    .filter((line) => !(skippedScripts && line.startsWith("npm warn install-scripts")))
}

/** A fresh project folder. */
const project = (name: string): string => {
  const dir = path.join(work, name)
  fs.mkdirSync(dir, { recursive: true })
  return dir
}

// -------------------------------------------------------------------------------------------------------------------
// a README, as steps
// -------------------------------------------------------------------------------------------------------------------

type Step =
  | { readonly kind: "run"; readonly line: string }
  | { readonly kind: "file"; readonly name: string; readonly code: string }

/**
 * The steps of the named `## ` sections of a README, in order: every line of a ```sh block (a `#` comment aside), and
 * every ```ts block whose first line is `// <file>` (written to that file); a test block (one that imports vitest)
 * without a name is written to `readme-<line>.test.ts`.
 */
const readmeSteps = (markdown: string, sections: ReadonlyArray<string>): Array<Step> => {
  const steps: Array<Step> = []
  let section = ""
  const lines = markdown.split("\n")
  for (let i = 0; i < lines.length; i++) {
    const heading = /^## (.*)$/.exec(lines[i]!)
    if (heading !== null) section = heading[1]!.trim()
    const open = /^```(\w+)/.exec(lines[i]!)
    if (open === null) continue
    const end = lines.findIndex((line, at) => at > i && /^```\s*$/.test(line))
    const body = lines.slice(i + 1, end)
    if (sections.includes(section)) {
      if (open[1] === "sh") {
        body.map((line) => line.replace(/\s+#.*$/, "").trim()).filter((line) => line !== "" && !line.startsWith("#"))
          .forEach((line) => steps.push({ kind: "run", line }))
      } else if (open[1] === "ts") {
        const name = /^\/\/ (\S+\.[cm]?tsx?)\b/.exec(body[0] ?? "")?.[1] ??
          (body.some((line) => /from "(@effect\/vitest|effect-asyncio\/vitest|vitest)"/.test(line))
            ? `readme-${i + 2}.test.ts`
            : undefined)
        if (name !== undefined) steps.push({ kind: "file", name, code: body.join("\n") + "\n" })
      }
    }
    i = end
  }
  return steps
}

/** An `npm install` line with the package's own name (`effect-asyncio`, `effect-asyncio@0`) swapped for a tarball. */
const withTarball = (line: string, tarball: string): string =>
  /^npm (install|i|add)\b/.test(line)
    ? line.split(/\s+/).map((word) => /^effect-asyncio(@\S+)?$/.test(word) ? tarball : word).join(" ")
    : line

/** Runs the steps in `dir` on a toolchain's `PATH`; every result, in order. */
const runSteps = async (steps: ReadonlyArray<Step>, dir: string, env: NodeJS.ProcessEnv, tarball: string) => {
  const results: Array<Result> = []
  for (const step of steps) {
    if (step.kind === "file") {
      fs.writeFileSync(path.join(dir, step.name), step.code)
    } else {
      results.push(await sh(withTarball(step.line, tarball), dir, env))
    }
  }
  return results
}

/** Every README line ran: each exited 0, and npm said nothing worth a warning (no ERESOLVE, no peer, no engine). */
const assertClean = (results: ReadonlyArray<Result>) => {
  for (const result of results) {
    ok(result)
    if (/^np[mx] /.test(result.command)) {
      assert.deepStrictEqual(npmWarnings(result), [], show(result))
    }
  }
}

// -------------------------------------------------------------------------------------------------------------------
// what is shared: the tarball, each Node's projects, made once and asserted on by several tests
// -------------------------------------------------------------------------------------------------------------------

const once = <A>(make: () => Promise<A>): () => Promise<A> => {
  let made: Promise<A> | undefined
  return () => made ??= make()
}

const pack = (dir: string, destination: string) =>
  sh(`npm pack --json --pack-destination "${destination}"`, dir, { ...baseEnv, PATH: process.env.PATH })

const packed = once(async () => {
  const result = await pack(root, work)
  const json = JSON.parse(ok(result)) as ReadonlyArray<{
    readonly filename: string
    readonly files: ReadonlyArray<{ readonly path: string; readonly mode: number }>
  }>
  return { tarball: path.join(work, json[0]!.filename), files: json[0]!.files }
})

const readme = fs.readFileSync(path.join(root, "README.md"), "utf8")
const install = readmeSteps(readme, ["Install"])
const testIt = readmeSteps(readme, ["Test it"])

/** The seeded run the installed package must print: the same run of the sources, in this process. */
const seededRun = JSON.stringify(
  await Effect.runPromise(VirtualTime.run(waitN(5, 1)).pipe(Random.withSeed(1)))
)

const kitTest = `import { Effect, Ref } from "effect"
import { waitN } from "effect-asyncio"
import { assert, it } from "effect-asyncio/vitest"

it.virtual("waitN(5, 5) ends in the order of its delays", () =>
  Effect.gen(function*() {
    const delays = yield* waitN(5, 5)
    assert.deepStrictEqual(delays, [...delays].sort((a, b) => a - b))
  }))

it.explore("two deposits both count", () =>
  Effect.gen(function*() {
    const balance = yield* Ref.make(0)
    yield* Effect.all([Ref.update(balance, (n) => n + 10), Ref.update(balance, (n) => n + 10)], { concurrency: 2 })
    assert.strictEqual(yield* Ref.get(balance), 20)
  }), { runs: 20 })
`

const plainProgram = `import { Effect, Random } from "effect"
import { VirtualTime, waitN } from "effect-asyncio"
const run = VirtualTime.run(waitN(5, 1)).pipe(Random.withSeed(1))
console.log(JSON.stringify(await Effect.runPromise(run)))
for (const entry of ${JSON.stringify(modules)}) await import("effect-asyncio/" + entry)
await import("effect-asyncio/testing")
const sealed = ["internal/validate", "internal/clock/core", "testing/TestSeed", "cli/internal/args", "bin"]
for (const entry of sealed) {
  await import("effect-asyncio/" + entry).then(() => console.log("loaded " + entry), (e) => console.log(e.code))
}
`

const requireProgram = `const library = require("effect-asyncio")
const VirtualTime = require("effect-asyncio/VirtualTime")
console.log(typeof library.waitN, typeof VirtualTime.run, typeof require("effect-asyncio/testing").TestSeed)
`

/** One Node's two projects, side by side: the README after `npm init -y`, and the same in an app that has Effect first. */
const onNode = (major: number) =>
  once(async () => {
    const chain = await toolchain(major)
    const env = chain.env(baseEnv)
    const { tarball } = await packed()
    const empty = project(`node-${major}/empty`)
    const app = project(`node-${major}/app`)
    const [emptyRun, appRun] = await Promise.all([
      (async () => {
        const init = await sh("npm init -y", empty, env)
        const readmeResults = await runSteps([...install, ...testIt], empty, env, tarball)
        return { init, readmeResults }
      })(),
      (async () => {
        const init = await sh("npm init -y", app, env)
        const first = await sh("npm install effect @effect/platform-node vitest @effect/vitest", app, env)
        const readmeResults = await runSteps([...install, ...testIt], app, env, tarball)
        return { init, first, readmeResults }
      })()
    ])
    return { chain, env, empty, app, emptyRun, appRun, tarball }
  })

const nodes = new Map(majors.map((major) => [major, onNode(major)]))

// -------------------------------------------------------------------------------------------------------------------
// the tests
// -------------------------------------------------------------------------------------------------------------------

// Every Node's projects (and the Effect 3 edition's tarball) start at once, not when a test first asks: vitest runs
// at most five tests of a file at a time, which would otherwise leave the later Nodes waiting for slots.
beforeAll(() => {
  const started: Array<Promise<unknown>> = [...nodes.values()].map((node) => node())
  if (hasEffect3) started.push(effect3Tarball())
  started.forEach((promise) => promise.catch(() => {})) // each test that needs one reports its failure
})

describe.concurrent("package", { timeout: minutes(15) }, () => {
  it("the README gives the lines the test runs: an install, a quick start with its run command, the test set-up", () => {
    const runs = (steps: ReadonlyArray<Step>) => steps.flatMap((step) => step.kind === "run" ? [step.line] : [])
    assert.isTrue(runs(install).some((line) => /^npm install effect-asyncio\b/.test(line)), runs(install).join("\n"))
    assert.isTrue(install.some((step) => step.kind === "file"), "a quick start named by a // <file> first line")
    assert.isTrue(runs(install).some((line) => /^node \S+\.[cm]?ts\b/.test(line)), "a run command: node <file>")
    assert.isTrue(runs(testIt).some((line) => /^npm install -D .*vitest/.test(line)), runs(testIt).join("\n"))
    assert.isTrue(runs(testIt).some((line) => /^npx vitest run\b/.test(line)), "npx vitest run")
    // the README sends an app on Effect 3 to the edition that serves it
    assert.match(readme, /effect3\//)
  })

  it("packs the build, its sources, README and LICENSE; the command is one executable file", async () => {
    const { files } = await packed()
    const paths = files.map((file) => file.path)
    const entries = ["index", "testing/index", "testing/Vitest", "cli/Cli", ...modules]
    for (const entry of entries) {
      for (const suffix of [".js", ".d.ts", ".js.map", ".d.ts.map"]) assert.include(paths, `dist/${entry}${suffix}`)
      assert.include(paths, `src/${entry}.ts`)
    }
    const bin = files.find((file) => file.path === "dist/bin/effect-asyncio.js")
    assert.isDefined(bin)
    assert.strictEqual(bin!.mode & 0o111, 0o111, "dist/bin/effect-asyncio.js is executable")
    assert.deepStrictEqual(paths.filter((file) => !/^(dist|src)\//.test(file)).sort(), [
      "LICENSE",
      "README.md",
      "package.json"
    ])
  })

  it("publint --strict and arethetypeswrong find nothing but the ESM-only kinds", async () => {
    const { tarball } = await packed()
    const env = (await toolchain(24)).env(baseEnv)
    const bin = (name: string) => path.join(root, "node_modules", ".bin", name)
    const publint = await sh(`"${bin("publint")}" --strict "${tarball}"`, root, env)
    assert.include(ok(publint), "All good!", show(publint))
    const entries = [".", "./testing", "./vitest", "./cli", "./package.json", ...modules.map((m) => `./${m}`)]
    const json = path.join(work, "attw.json")
    // into a file: attw exits before a large write to a pipe has drained
    await sh(`"${bin("attw")}" "${tarball}" --format json --entrypoints ${entries.join(" ")} > "${json}"`, root, env)
    const report = JSON.parse(fs.readFileSync(json, "utf8")) as {
      readonly problems?: Readonly<Record<string, ReadonlyArray<{ entrypoint: string; resolutionKind: string }>>>
    }
    const problems = Object.entries(report.problems ?? {}).flatMap(([kind, found]) =>
      found.map((problem) => `${kind} ${problem.resolutionKind} ${problem.entrypoint}`)
    )
    // ESM only, by choice: Node's require() loads it (tested below), TypeScript's node16 CommonJS mode asks for
    // import(); the old node10 resolution reads `types` for the root entry and knows no subpath
    assert.deepStrictEqual(problems.filter((problem) => !/ (node10|node16-cjs) /.test(problem)), [])
    assert.deepStrictEqual(
      problems.filter((problem) => problem.includes(" node10 ")).sort(),
      entries.filter((entry) => entry !== "." && entry !== "./package.json").map((e) => `NoResolution node10 ${e}`)
        .sort()
    )
  })

  for (const major of majors) {
    const node = nodes.get(major)!

    it(`Node ${major}: the README's lines word for word in an empty project (npm init -y), no ERESOLVE, no npm warning`, async () => {
      const { chain, emptyRun } = await node()
      assert.match(ok(await sh("node --version", work, chain.env(baseEnv))), new RegExp(`^v${major}\\.`))
      assertClean([emptyRun.init, ...emptyRun.readmeResults])
      // the quick start printed what it computes, the tests ran and passed
      const quickStart = emptyRun.readmeResults.find((result) => /^node /.test(result.command))!
      assert.match(quickStart.stdout + quickStart.stderr, /\S/)
      const vitest = emptyRun.readmeResults.find((result) => /^npx vitest run/.test(result.command))!
      assert.match(vitest.stdout, /Tests\s+\d+ passed/)
      assert.notMatch(vitest.stdout, /failed|skipped/)
    })

    it(`Node ${major}: the same in an app that installed effect, @effect/platform-node, vitest and @effect/vitest first`, async () => {
      const { appRun } = await node()
      assertClean([appRun.init, appRun.first, ...appRun.readmeResults])
      const vitest = appRun.readmeResults.find((result) => /^npx vitest run/.test(result.command))!
      assert.match(vitest.stdout, /Tests\s+\d+ passed/)
    })

    it(`Node ${major}: one copy of effect; plain Node runs every entry, require() loads it, the subpaths stay sealed`, async () => {
      const { app, empty, env } = await node()
      for (const dir of [empty, app]) {
        const copies = ok(await sh("npm ls effect --all --parseable", dir, env)).trim().split("\n")
        assert.deepStrictEqual(copies, [path.join(dir, "node_modules", "effect")])
      }
      fs.writeFileSync(path.join(empty, "main.mjs"), plainProgram)
      fs.writeFileSync(path.join(empty, "main.cjs"), requireProgram)
      assert.strictEqual(
        ok(await sh("node main.mjs", empty, env)),
        `${seededRun}\n${Array(5).fill("ERR_PACKAGE_PATH_NOT_EXPORTED").join("\n")}\n`
      )
      assert.strictEqual(ok(await sh("node main.cjs", empty, env)), "function function object\n")
      // the command's entry needs @effect/platform-node, which the app has
      const cli = await sh(`node -e 'import("effect-asyncio/cli").then((m) => console.log(typeof m.run))'`, app, env)
      assert.strictEqual(ok(cli), "function\n")
    })

    it(`Node ${major}: it.virtual and it.explore run under vitest 5`, async () => {
      const { empty, env } = await node()
      fs.writeFileSync(path.join(empty, "kit.test.ts"), kitTest)
      const result = await sh("npx vitest run kit.test.ts", empty, env)
      assert.match(ok(result), /Tests\s+2 passed \(2\)/, show(result))
    })

    it(`Node ${major}: the installed command runs --help, --version, wait-n 5 1 --clock virtual and the tour`, async () => {
      const { empty, env } = await node()
      const help = ok(await sh("npx effect-asyncio --help", empty, env))
      assert.include(help, "wait-n")
      const version = ok(await sh("npx effect-asyncio --version", empty, env)).trim()
      assert.match(version, new RegExp(`(^|[\\sv])${manifest.version.replace(/\./g, "\\.")}$`))
      assert.match(
        ok(await sh("npx effect-asyncio wait-n 5 1 --clock virtual", empty, env)),
        /^\[(\d\.\d+, ){4}\d\.\d+\]\n$/
      )
      const tour = ok(await sh("npx effect-asyncio tour --clock virtual", empty, env))
      for (const main of ["function/0", "function/1", "function/2", "function/3", "function/4", "comprehension/2"]) {
        assert.include(tour, `python_async_${main}-main.py`)
      }
    })

    it(`Node ${major}: an app on Effect 3 is refused at install, with ERESOLVE naming effect`, async () => {
      const { env, tarball } = await node()
      const dir = project(`node-${major}/effect3-app`)
      // npm decides from the declared tree, before it writes node_modules: the lockfile is enough
      ok(await sh("npm init -y && npm install --package-lock-only effect@3", dir, env))
      const refused = await sh(`npm install --package-lock-only "${tarball}"`, dir, env)
      assert.notStrictEqual(refused.code, 0, show(refused))
      assert.include(refused.stderr, "ERESOLVE")
      assert.include(
        refused.stderr,
        `peer effect@"${manifest.peerDependencies.effect}" from effect-asyncio@${manifest.version}`
      )
    })
  }

  it("a tsc --init app with today's TypeScript type-checks the quick start and every public module, and so does bundler resolution", async () => {
    const { tarball } = await packed()
    const env = (await toolchain(24)).env(baseEnv)
    const dir = project("typescript")
    ok(await sh("npm init -y", dir, env))
    assertClean(
      await runSteps(install.filter((step) => step.kind === "run" && step.line.startsWith("npm ")), dir, env, tarball)
    )
    ok(await sh("npm install -D typescript @types/node", dir, env))
    ok(await sh("npx tsc --init", dir, env))
    for (const step of install) if (step.kind === "file") fs.writeFileSync(path.join(dir, step.name), step.code)
    const all = [
      ...modules.map((module) => `import * as ${module} from "effect-asyncio/${module}"`),
      `import { TestSeed } from "effect-asyncio/testing"`,
      `import { Effect } from "effect"`,
      `import { waitN } from "effect-asyncio"`,
      `export const delays: Effect.Effect<Array<number>> = waitN(3, 1)`,
      `export const all = [${modules.join(", ")}, TestSeed]`
    ]
    fs.writeFileSync(path.join(dir, "all.mts"), all.join("\n") + "\n")
    // the public types re-bound from internal modules have their fields, and are not `any` (which would let a field
    // no type has pass, and its @ts-expect-error fail)
    const types = ["VirtualTime.PendingSleep", "VirtualTime.WaitingFiber", "Timeline.Span", "Timeline.SpanEvent"]
    fs.writeFileSync(
      path.join(dir, "fields.mts"),
      [
        `import type { Timeline, VirtualTime } from "effect-asyncio"`,
        `export const sleep = (s: VirtualTime.PendingSleep) => [s.wakeAt, s.fiber, s.label]`,
        `export const waiting = (w: VirtualTime.WaitingFiber) => [w.fiber, w.label, w.span]`,
        `export const span = (s: Timeline.Span) => [s.label, s.start, s.end, s.outcome]`,
        `export const event = (e: Timeline.SpanEvent) => [e.id, e.parent, e.depth, e.name, e.label]`,
        `export const spans = (t: Timeline.Timeline): number => t.spans.length`,
        ...types.flatMap((type, i) => [
          `export const notAny${i} = (x: ${type}) => [`,
          `  // @ts-expect-error no such field`,
          `  x.nonsense`,
          `]`
        ])
      ].join("\n") + "\n"
    )
    const checked = await sh("npx tsc --noEmit", dir, env)
    assert.strictEqual(checked.stdout + checked.stderr, "", show(checked))
    // tsc --init skips the checks of .d.ts files: ours must pass them all the same
    const libraries = await sh("npx tsc --noEmit --skipLibCheck false", dir, env)
    const ours = (libraries.stdout + libraries.stderr).split("\n").filter((line) => line.includes("effect-asyncio/"))
    assert.deepStrictEqual(ours, [], show(libraries))
    fs.writeFileSync(path.join(dir, "bundler.ts"), all.join("\n") + "\n")
    fs.writeFileSync(
      path.join(dir, "tsconfig.bundler.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: "es2022",
          module: "esnext",
          moduleResolution: "bundler"
        },
        files: ["bundler.ts"]
      })
    )
    const bundler = await sh("npx tsc -p tsconfig.bundler.json", dir, env)
    assert.strictEqual(bundler.stdout + bundler.stderr, "", show(bundler))
  })

  for (const major of majors) {
    it.skipIf(!hasEffect3)(
      `Node ${major}: the Effect 3 edition installs into an empty project with its README's lines and runs waitN and it.virtual`,
      async () => {
        const tarball = await effect3Tarball()
        const env = (await toolchain(major)).env(baseEnv)
        const dir = project(`node-${major}/effect3-edition`)
        const markdown = fs.readFileSync(path.join(effect3, "README.md"), "utf8")
        ok(await sh("npm init -y", dir, env))
        const steps = readmeSteps(markdown, ["Install", "Test it"])
          .filter((step) => step.kind === "file" || /^np[mx] /.test(step.line))
        assertClean(await runSteps(steps, dir, env, tarball))
        fs.writeFileSync(
          path.join(dir, "wait.mjs"),
          `import { Effect } from "effect"\nimport { VirtualTime, waitN } from "effect-asyncio"\n` +
            `console.log((await Effect.runPromise(VirtualTime.run(waitN(5, 1)))).length)\n`
        )
        assert.strictEqual(ok(await sh("node wait.mjs", dir, env)), "5\n")
        fs.writeFileSync(
          path.join(dir, "virtual.test.ts"),
          `import { Effect } from "effect"\nimport { waitN } from "effect-asyncio"\n` +
            `import { assert, it } from "effect-asyncio/vitest"\n` +
            `it.virtual("waitN", () => Effect.map(waitN(5, 5), (delays) => assert.strictEqual(delays.length, 5)))\n`
        )
        assert.match(ok(await sh("npx vitest run virtual.test.ts", dir, env)), /Tests\s+1 passed \(1\)/)
      }
    )
  }
})

/** The Effect 3 edition's tarball: its own project, installed first if a clean clone has not done so yet. */
const effect3Tarball = once(async () => {
  const env = { ...baseEnv, PATH: process.env.PATH }
  if (!fs.existsSync(path.join(effect3, "node_modules"))) ok(await sh("npm install", effect3, env))
  const json = JSON.parse(ok(await pack(effect3, work))) as ReadonlyArray<{ readonly filename: string }>
  return path.join(work, json[0]!.filename)
})

afterAll(() => fs.promises.rm(work, { recursive: true, force: true }), minutes(10))
