/**
 * `npm version <new>` runs this (the `version` script) after it has written the new version to package.json: it
 * rewrites the constant in `src/cli/internal/version.ts`, which the command's `--version` reports.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const { version } = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version: string }
const file = path.join(root, "src/cli/internal/version.ts")
const source = fs.readFileSync(file, "utf8")
const updated = source.replace(/version: string = ".*"/, `version: string = ${JSON.stringify(version)}`)
if (updated === source && !source.includes(`version: string = ${JSON.stringify(version)}`)) {
  throw new Error(`${file} has no \`version: string = "…"\` to rewrite`)
}
fs.writeFileSync(file, updated)
