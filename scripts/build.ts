/**
 * `npm run build` (and `prepack`, so `npm pack` always ships a fresh build): the library, the test kit and the `cli`
 * entry compiled by `tsc -p tsconfig.build.json` to ESM with `.d.ts`, declaration maps and source maps in `dist/`,
 * then the `effect-asyncio` command bundled by esbuild into one executable file, `dist/bin/effect-asyncio.js`.
 * `@internal` stays in the `.d.ts` (no `stripInternal`: it emptied internal modules whose own comment says
 * `@internal`, and the public types re-bound from them pointed at nothing); `exports` seals `internal/` instead.
 *
 * Why two tools: `tsc` keeps one output file per module, so an application's bundler drops what it does not import,
 * and the declaration maps lead "go to definition" to `src/`. The command is bundled so that it starts from one file
 * instead of some hundreds of modules of Effect and @effect/platform-node (its start-up is a row of `npm run bench`)
 * and needs nothing installed beside it: `npx effect-asyncio` works in an empty folder.
 */
import * as esbuild from "esbuild"
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import { createRequire } from "node:module"
import * as path from "node:path"
import { fileURLToPath } from "node:url"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")

/** Bundles the command (`src/cli/bin.ts`) into one executable ES module at `outfile`, runnable with plain `node`. */
export const bundleCommand = async (outfile: string): Promise<esbuild.BuildResult> => {
  const result = await esbuild.build({
    entryPoints: [path.join(root, "src/cli/bin.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    // the lowest Node that `engines` admits; esbuild keeps the entry's `#!/usr/bin/env node` line
    target: "node22.19",
    minify: true,
    // names as in the sources: the tour prints a task's class name, as Python's 3-main.py prints `<class 'Task'>`
    keepNames: true,
    legalComments: "none",
    // `ws` asks for these optional native add-ons inside a try; without them it uses plain JS
    external: ["bufferutil", "utf-8-validate"],
    // bundled CommonJS packages call `require` for Node's built-ins, which ES modules do not define
    banner: {
      js: "import { createRequire as __createRequire } from \"node:module\";" +
        "const require = __createRequire(import.meta.url);"
    },
    logLevel: "warning"
  })
  fs.chmodSync(outfile, 0o755)
  return result
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dist = path.join(root, "dist")
  fs.rmSync(dist, { recursive: true, force: true })
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc")
  execFileSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.build.json")], { stdio: "inherit" })
  await bundleCommand(path.join(dist, "bin/effect-asyncio.js"))
}
