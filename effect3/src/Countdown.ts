/**
 * The seed texts' `async_countdown`: `from`, `from - 1`, … `1`, one number per interval, as a `Stream` driven by
 * the `Clock`.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as streamInterval from "./internal/streamInterval.js"
import * as validate from "./internal/validate.js"

/**
 * Options of {@link countdown}.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { Countdown } from "effect-asyncio"
 *
 * const fast: Countdown.CountdownOptions = { interval: "100 millis" }
 * console.log(fast.interval) // "100 millis"
 * ```
 */
export interface CountdownOptions {
  /** How long to wait before each number; 1 second by default. */
  readonly interval?: Duration.DurationInput | undefined
}

/**
 * How long {@link countdown} waits before each number by default.
 *
 * @since 0.1.0
 * @category constants
 * @example
 * ```ts
 * import { Duration } from "effect"
 * import { Countdown } from "effect-asyncio"
 *
 * console.log(Duration.format(Countdown.DefaultInterval)) // "1s"
 * ```
 */
export const DefaultInterval: Duration.Duration = Duration.seconds(1)

/**
 * Counts down from `from` to 1, waiting one interval (1 second by default) before each number, as the seed
 * texts' `while n > 0: await asyncio.sleep(1); yield n; n -= 1`.
 *
 * The waits go through the `Clock`, so under `TestClock` the number `from - k` comes at exactly `(k + 1)` intervals
 * and the stream ends with the last number. `countdown(0)` is an empty stream that ends at once. Each run counts
 * afresh; stopping early (`Stream.take`, interruption) cancels the pending wait. `from` may be any non-negative safe
 * integer (the numbers come one at a time, never all held). A negative, fractional or NaN `from`, or an interval that
 * is not a finite, non-negative duration (`-5`, `"-5 millis"` and `[-1, 0]` included, which Effect alone would read
 * as zero), is a defect (`IllegalArgumentException`); a zero interval emits every number at once.
 *
 * @since 0.1.0
 * @category constructors
 * @example
 * ```ts
 * import { Console, Effect, Stream } from "effect"
 * import { Countdown } from "effect-asyncio"
 *
 * const program = Countdown.countdown(3, { interval: "100 millis" }).pipe(
 *   Stream.runForEach((n) => Console.log(n)),
 *   Effect.zipRight(Console.log("liftoff"))
 * )
 * Effect.runPromise(program) // 3, 2, 1 (100 ms apart), then liftoff
 * ```
 */
export const countdown = (from: number, options?: CountdownOptions | undefined): Stream.Stream<number> =>
  Stream.unwrap(Effect.suspend(() =>
    validate.streamCount("Countdown.countdown", "from", from) ??
      Effect.map(
        streamInterval.decode(
          "Countdown.countdown",
          options?.interval === undefined ? DefaultInterval : options.interval
        ),
        (interval) => {
          const wait = streamInterval.wait(interval)
          return Stream.unfoldEffect(from, (n) =>
            n <= 0
              ? Effect.succeed(Option.none())
              : Effect.as(wait, Option.some([n, n - 1] as const)))
        }
      )
  ))
