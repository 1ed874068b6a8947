/**
 * `npm run build` (and `prepack`, so `npm pack` always ships a fresh build): the library and the `cli` entry
 * compiled by `tsc -p tsconfig.build.json` to ESM with `.d.ts`, declaration maps and source maps in `dist/`, then
 * the `effect-asyncio` command bundled by esbuild into one file, `dist/bin/effect-asyncio.js`.
 *
 * Why two tools: `tsc` keeps one output file per module, so an application's bundler drops what it does not import,
 * and the declaration maps lead "go to definition" to `src/`. The command is bundled because loading one file
 * instead of some 700 modules of Effect, @effect/cli and @effect/platform-node is what brings its start-up close to
 * a bare `import("effect")` (the start-up row of `npm run bench`); it also means the command needs none of them
 * installed, so `@effect/cli` is only an optional peer, for the `cli` entry.
 */
import * as esbuild from "esbuild"
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import { createRequire } from "node:module"
import * as path from "node:path"
import { fileURLToPath } from "node:url"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")

/** Bundles the command (`src/bin.ts`) into one ES module at `outfile`, runnable with plain `node`. */
export const bundleCommand = (outfile: string): Promise<esbuild.BuildResult> =>
  esbuild.build({
    entryPoints: [path.join(root, "src/bin.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    minify: true,
    legalComments: "none",
    // `ws` (the WebSocket client) asks for these optional native add-ons inside a try; without them it uses plain JS.
    external: ["bufferutil", "utf-8-validate"],
    // The bundled CommonJS packages (`ws`) call `require` for Node's built-ins, which ES modules do not define.
    banner: {
      js:
        "import { createRequire as __createRequire } from \"node:module\";const require = __createRequire(import.meta.url);"
    },
    logLevel: "warning"
  })

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dist = path.join(root, "dist")
  fs.rmSync(dist, { recursive: true, force: true })
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc")
  execFileSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.build.json")], { stdio: "inherit" })
  await bundleCommand(path.join(dist, "bin/effect-asyncio.js"))
}
