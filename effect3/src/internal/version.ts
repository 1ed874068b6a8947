/**
 * The package's version, kept equal to `version` in package.json by `npm version` (the `version` script rewrites
 * this file) and checked by `test/package.test.ts`. A constant, not a read of package.json, so that every build
 * (the compiled library, the bundled command) carries it without touching the file system.
 *
 * @internal
 */
export const version: string = "0.1.1"
