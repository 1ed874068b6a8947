/**
 * One runner of Effect's own time-dependent tests (upstream.ts: which, from where) in a mode: each file is a suite,
 * its tests registered as expectations.ts says; a listed test that no longer exists fails the last test. Without
 * Effect's files, one skipped test says how to get them.
 */
import { assert, describe, it } from "@effect/vitest"
import { expectations } from "./expectations.js"
import { registered } from "./harness.js"
import * as upstream from "./upstream.js"

export const suite = (mode: upstream.Mode): void => {
  const prepared = upstream.prepare(mode)
  it.skipIf(prepared === undefined)(
    prepared === undefined
      ? `Effect's test files are not here: git clone ${upstream.repository} && git -C effect checkout ` +
        `${upstream.commit}, then EFFECT_REPO=<that clone> npm run vitest -- test/effect/ (or EFFECT_TESTS_DIR=<a ` +
        `copy of its ${upstream.directory}>); see test/effect/README.md`
      : `Effect's test files are here (${prepared.length} files, at ${upstream.commit})`,
    () => {
      assert.isTrue(prepared !== undefined && prepared.length > 0)
    }
  )
  if (prepared !== undefined) {
    for (const file of prepared) {
      describe(file.name, async () => {
        await import(file.path)
      })
    }
    it(`every test expectations.ts lists for "${mode}" is one of the files'`, () => {
      assert.deepStrictEqual(Object.keys(expectations[mode]).filter((key) => !registered.has(key)), [])
    })
  }
}
