/**
 * Effect's own time-dependent tests (upstream.ts: which, from where) under the mode "effect": each file is a suite here,
 * its tests registered as expectations.ts says; a listed test that no longer exists fails the last test.
 */
import { assert, describe, it } from "@effect/vitest"
import { expectations } from "./expectations.js"
import { registered } from "./harness.js"
import * as upstream from "./upstream.js"

const prepared = upstream.prepare("effect")

if (prepared === undefined) {
  it.skip(
    `Effect's test files are not here: git clone ${upstream.repository} && git -C effect checkout ${upstream.commit}, ` +
      `then EFFECT_REPO=<that clone> npm run vitest -- test/effect/ (or EFFECT_TESTS_DIR=<a copy of its ` +
      `${upstream.directory}>); see test/effect/README.md`
  )
} else {
  for (const file of prepared) {
    describe(file.name, async () => {
      await import(file.path)
    })
  }
  it("every test expectations.ts lists for \"effect\" is one of the files'", () => {
    assert.deepStrictEqual(Object.keys(expectations.effect).filter((key) => !registered.has(key)), [])
  })
}
