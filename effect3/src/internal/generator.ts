/**
 * The zero-interval path of `Comprehension.asyncGenerator`: random numbers emitted in chunks.
 *
 * `Stream.repeatEffect` pulls one single-element chunk per number, far slower than a native async generator. With
 * nothing to wait for between numbers, this path draws ONE seed from the `Random` service per run and fills chunks
 * synchronously with a xoshiro128** generator seeded from it, so chance still comes only from `Random` and a seeded
 * `Random` replays the run exactly. xoshiro128** rather than Effect's own `Utils.PCGRandom`, which is too slow to
 * keep up with a native async generator (bench/results, "Generator, zero interval"). The numbers differ from what
 * `Random.nextRange` would give one by one.
 *
 * @internal
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Random from "effect/Random"
import * as Stream from "effect/Stream"

/** @internal */
export const ChunkSize: number = Stream.DefaultChunkSize

const TwoTo32 = 2 ** 32

/**
 * A xoshiro128** generator of doubles in `[0, 1)` with 53 random bits, its state spread from `seed` by splitmix32.
 *
 * @internal
 */
export const xoshiro128 = (seed: number): () => number => {
  let x = (seed % TwoTo32) | 0
  const splitmix = (): number => {
    x = (x + 0x9e3779b9) | 0
    let z = x
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
    return (z ^ (z >>> 16)) | 0
  }
  x = (x ^ Math.floor(seed / TwoTo32)) | 0
  let a = splitmix()
  let b = splitmix()
  let c = splitmix()
  let d = splitmix()
  const next = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9)
    const t = b << 9
    c ^= a
    d ^= b
    b ^= c
    a ^= d
    c ^= t
    d = rotl(d, 11)
    return result >>> 0
  }
  return () => ((next() >>> 5) * 67108864 + (next() >>> 6)) / 9007199254740992
}

const rotl = (value: number, bits: number): number => (value << bits) | (value >>> (32 - bits))

/**
 * `count` numbers uniform in `[min, max)`, in chunks of {@link ChunkSize}, seeded once per run from `Random`.
 *
 * @internal
 */
export const instantRange = (count: number, min: number, max: number): Stream.Stream<number> =>
  Stream.unwrap(Effect.map(Random.nextInt, (seed) => {
    const next = xoshiro128(seed)
    const width = max - min
    return Stream.unfoldChunk(count, (left) => {
      if (left === 0) {
        return Option.none()
      }
      const size = Math.min(left, ChunkSize)
      const values = new Array<number>(size)
      for (let i = 0; i < size; i++) {
        values[i] = next() * width + min
      }
      return Option.some([Chunk.unsafeFromArray(values), left - size] as const)
    })
  }))
