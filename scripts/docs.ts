/**
 * `npm run docgen`: the docs check (scripts/docsCheck.ts: the house rules of the TSDoc, every `@example` and every
 * ```ts block of README.md and docs/*.md type-checked), then the API reference generated into `docs/api/` by
 * @effect/docgen, which also requires a description and `@since` on every export, class members included.
 * `npm run docgen -- --check` only checks.
 *
 * docgen runs with `DOCGEN_RUN_EXAMPLES=false`: its example step cannot check this repository's examples (0.5
 * rewrites `"effect-asyncio"` imports to `'../../src'`, relative to `docs/api/examples/`, which misses) and would run
 * them; the environment variable is the only switch that reaches it, as 0.5 takes `outDir` and the rest from
 * `docgen.json` alone. After it, three fixes to its output: the front matter its prettier pass turns into a rule and
 * a heading, `{@link x}` left as text, and the `_config.yml` links' indentation; `index.md` lists the modules with
 * their summaries.
 */
import { execFile } from "node:child_process"
import * as fs from "node:fs"
import { createRequire } from "node:module"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { check, format, moduleSummaries } from "./docsCheck.js"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")

/** `{@link x}` as code, linked to its heading when the page has one (GitHub's anchor: lowercase, no punctuation). */
const links = (page: string): string => {
  const headings = new Set([...page.matchAll(/^## (\S+)/gm)].map((match) => match[1]!))
  return page.replace(/\{@link(?:code|plain)?\s+([^}|\s]+)(?:\s*\|?\s*[^}]*)?\}/g, (_, target: string) => {
    const name = target.split(".").at(-1)!
    return headings.has(name) ? `[\`${target}\`](#${name.toLowerCase().replace(/[^\w-]/g, "")})` : `\`${target}\``
  })
}

/**
 * Runs docgen on the repository at `root`, in `cwd` (by default `root` itself; elsewhere, `cwd` gets `root`'s
 * package.json, docgen.json and tsconfig.json and a link to its `src/`, so that the reference is written there), and
 * fixes its output; returns the reference's folder.
 */
export const docgen = async (root: string, cwd: string = root): Promise<string> => {
  if (cwd !== root) {
    fs.mkdirSync(cwd, { recursive: true })
    for (const file of ["package.json", "docgen.json", "tsconfig.json"]) {
      fs.copyFileSync(path.join(root, file), path.join(cwd, file))
    }
    fs.symlinkSync(path.join(root, "src"), path.join(cwd, "src"))
  }
  const config = JSON.parse(fs.readFileSync(path.join(root, "docgen.json"), "utf8")) as { readonly outDir: string }
  const outDir = path.join(cwd, config.outDir)
  fs.rmSync(outDir, { recursive: true, force: true })
  const bin = createRequire(import.meta.url).resolve("@effect/docgen/bin.cjs")
  await promisify(execFile)(process.execPath, [bin], {
    cwd,
    env: { ...process.env, DOCGEN_RUN_EXAMPLES: "false" },
    maxBuffer: 64 * 1024 * 1024
  }).catch((error: { readonly stdout?: string; readonly stderr?: string }) => {
    throw new Error(`docgen failed:\n${error.stdout ?? ""}${error.stderr ?? String(error)}`)
  })
  const modules = path.join(outDir, "modules")
  for (const file of fs.readdirSync(modules, { recursive: true, encoding: "utf8" })) {
    if (!file.endsWith(".ts.md")) continue
    const page = path.join(modules, file)
    const text = fs.readFileSync(page, "utf8").replace(/^\*\*\*\n\n((?:[\w_]+: .*\n)+)---\n/, "---\n$1---\n")
    fs.writeFileSync(page, links(text))
  }
  const yml = path.join(outDir, "_config.yml")
  fs.writeFileSync(
    yml,
    fs.readFileSync(yml, "utf8").replace(/^aux_links:\n'(.*)':\n {2}- /m, "aux_links:\n  '$1':\n    - ")
  )
  const summaries = moduleSummaries(root)
  const srcDir = JSON.parse(fs.readFileSync(path.join(root, "docgen.json"), "utf8")).srcDir as string
  fs.writeFileSync(
    path.join(outDir, "index.md"),
    [
      "---",
      "title: Home",
      "nav_order: 1",
      "---",
      "",
      "# effect-asyncio API reference",
      "",
      "Generated from the TSDoc in `src/` by `npm run docgen`; every example on these pages type-checks in `npm test`.",
      "",
      "| Module | |",
      "| --- | --- |",
      ...summaries.map(({ file, summary }) => {
        const page = path.posix.relative(srcDir, file)
        const title = page === "index.ts" ? "effect-asyncio (index)" : page.replace(/\.ts$/, "")
        return `| [${title}](modules/${page}.md) | ${
          summary.replace(/\{@link\s+([^}\s]+)[^}]*\}/g, "`$1`").replace(/\|/g, "\\|")
        } |`
      }),
      ""
    ].join("\n")
  )
  return outDir
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const report = check({ root })
  console.log(format(report))
  if (report.tsdoc.length + report.errors.length > 0) {
    process.exit(1)
  }
  if (!process.argv.includes("--check")) {
    const outDir = await docgen(root)
    console.log(`API reference: ${path.relative(root, outDir)}/ (${moduleSummaries(root).length} modules)`)
  }
}
