/**
 * `npm version <new>` runs this (the `version` script) after it has written the new version to package.json:
 * it rewrites the constant in `src/internal/version.ts`, which `Cli.Version` and `--version` report.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const { version } = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version: string }
const file = path.join(root, "src/internal/version.ts")
const source = fs.readFileSync(file, "utf8").replace(
  /version: string = ".*"/,
  `version: string = ${JSON.stringify(version)}`
)
fs.writeFileSync(file, source)
