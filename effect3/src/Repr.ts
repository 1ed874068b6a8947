/**
 * Python's `repr` for the values the exercises print, so that our programs print what the original main files
 * print: `0.0` rather than `0`, `6.6e-05` rather than `0.000066`, `[1.5, 2.0]` rather than `[ 1.5, 2 ]`.
 *
 * @since 0.1.0
 */

/**
 * Formats a number as Python prints a `float`: the shortest digits that read back the same value, always with a
 * decimal point or an exponent, and Python's exponent thresholds and spelling.
 *
 * @since 0.1.0
 * @category formatting
 * @example
 * ```ts
 * import { Repr } from "effect-asyncio"
 *
 * console.log(Repr.float(0)) // "0.0"
 * console.log(Repr.float(1.25)) // "1.25"
 * console.log(Repr.float(0.000066)) // "6.6e-05"
 * console.log(Repr.float(1e16)) // "1e+16"
 * ```
 */
export const float = (value: number): string => {
  if (Number.isNaN(value)) return "nan"
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf"
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0"
  const magnitude = Math.abs(value)
  if (magnitude < 1e-4 || magnitude >= 1e16) {
    const exponential = value.toExponential()
    const e = exponential.indexOf("e")
    const mantissa = exponential.slice(0, e)
    const exponent = exponential.slice(e + 1)
    const sign = exponent.startsWith("-") ? "-" : "+"
    const digits = exponent.replace(/^[+-]/, "")
    return `${mantissa}e${sign}${digits.padStart(2, "0")}`
  }
  const text = String(value)
  return text.includes(".") ? text : `${text}.0`
}

/**
 * Formats an array of numbers as Python prints a `list` of floats.
 *
 * @since 0.1.0
 * @category formatting
 * @example
 * ```ts
 * import { Repr } from "effect-asyncio"
 *
 * console.log(Repr.floats([0, 0.5, 2])) // "[0.0, 0.5, 2.0]"
 * console.log(Repr.floats([])) // "[]"
 * ```
 */
export const floats = (values: ReadonlyArray<number>): string => `[${values.map((value) => float(value)).join(", ")}]`
