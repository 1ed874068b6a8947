import { assert, describe, it } from "@effect/vitest"
import { Repr } from "effect-asyncio"

describe("Repr", () => {
  it("float prints as Python's repr of a float", () => {
    const cases: ReadonlyArray<readonly [number, string]> = [
      [0, "0.0"],
      [-0, "-0.0"],
      [10, "10.0"],
      [1.5, "1.5"],
      [9.034261504534394, "9.034261504534394"],
      [0.0001, "0.0001"],
      [0.000066, "6.6e-05"],
      [1.5e-7, "1.5e-07"],
      [123456789012345.6, "123456789012345.6"],
      [1e16, "1e+16"],
      [1.2345e100, "1.2345e+100"],
      [NaN, "nan"],
      [Infinity, "inf"],
      [-Infinity, "-inf"]
    ]
    for (const [value, expected] of cases) {
      assert.strictEqual(Repr.float(value), expected, String(value))
    }
  })

  it("floats prints as Python's repr of a list of floats", () => {
    assert.strictEqual(Repr.floats([]), "[]")
    assert.strictEqual(Repr.floats([0, 0, 0]), "[0.0, 0.0, 0.0]")
    assert.strictEqual(Repr.floats([0.969, 1.026, 10]), "[0.969, 1.026, 10.0]")
  })
})
