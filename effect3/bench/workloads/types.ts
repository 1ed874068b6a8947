/**
 * The shape of the benchmark: groups of rows, each row one measurement taken for several implementations in the
 * same run, alternating them.
 */

/** One JSON line printed by a benchmark command. */
export type Output = Readonly<Record<string, unknown>>

/** Sizes and repetitions of a run: `full` (`npm run bench`), `quick` (`--quick`) or `tiny` (`npm test`). */
export interface Profile {
  readonly name: "full" | "quick" | "tiny"
  /** Processes per implementation and row (each process is one repetition). */
  readonly repetitions: number
  /** `waitN(n, waitMaxDelay)` sizes for the overhead rows, with repetitions of their own for the largest. */
  readonly waitSizes: ReadonlyArray<{ readonly n: number; readonly repetitions: number }>
  readonly waitMaxDelay: number
  /** Pending waits held while measuring memory. */
  readonly memN: number
  readonly memRepetitions: number
  /** Elements of the zero-interval generator, and of the `Stream.repeatEffect` reference (much slower). */
  readonly genItems: number
  readonly repeatEffectItems: number
  /** `measureRuntime` steps: the exercise is 10 × 1 s. */
  readonly runtime: { readonly count: number; readonly interval: number; readonly repetitions: number }
  /**
   * Runs of waitN per process for the ordering rows, and the (n, maxDelay) pairs; with `command`, the row also runs
   * the bundled command's `wait-n n maxDelay` in as many cold processes, on an idle machine and under load.
   */
  readonly orderRuns: ReadonlyArray<
    { readonly n: number; readonly maxDelay: number; readonly runs: number; readonly command: boolean }
  >
  /** waitN(n, maxDelay) under virtual time vs TestClock.adjust. */
  readonly virtual: { readonly n: number; readonly maxDelay: number; readonly repetitions: number }
  /**
   * The testing tools: `runs` schedules of waitN(n, maxDelay) explored against as many plain runs, and `tests` copies
   * of one test on waitN(testN, testMaxDelay) in a child vitest, it.virtual against it.effect + TestClock.adjust.
   */
  readonly testing: {
    readonly runs: number
    readonly n: number
    readonly maxDelay: number
    readonly tests: number
    readonly testN: number
    readonly testMaxDelay: number
    readonly repetitions: number
  }
}

/** Who implements a row: a peer (what users would otherwise use), the library, or a reference point. */
export type Kind = "peer" | "ours" | "reference"

/** One way to run a command: an executable and its arguments, or the library's commands in-process (tests). */
export interface Implementation {
  readonly id: string
  readonly label: string
  readonly kind: Kind
  /** The command-line arguments after the benchmark script, e.g. `["waitn", "1000", "1"]`. */
  readonly args: ReadonlyArray<string>
  /** Node flags, e.g. `--expose-gc` for memory. */
  readonly flags?: ReadonlyArray<string> | undefined
  readonly runner:
    | "python"
    | "node"
    | "ours"
    | "ours-live-clock"
    | "ours-virtual-time"
    | "ours-package"
    | "ours-testing"
}

/** A number taken from the outputs of one implementation's processes. */
export interface Metric {
  readonly label: string
  readonly unit: string
  readonly better: "lower" | "higher"
  /** Samples from all outputs of one implementation (usually one per process). */
  readonly samples: (outputs: ReadonlyArray<Output>) => ReadonlyArray<number>
  /** How a value is printed, in `unit`. */
  readonly format: (value: number) => string
}

/**
 * A target written beside a row: what is promised and whether this run met it, judged on the medians of the first
 * metric by implementation id (`all` has the medians of every metric, in order).
 */
export interface Target {
  readonly text: string
  readonly met: (
    medians: ReadonlyMap<string, number>,
    all: ReadonlyMap<string, ReadonlyArray<number>>
  ) => boolean | undefined
}

/** One measurement for several implementations. */
export interface Row {
  readonly id: string
  readonly title: string
  readonly implementations: ReadonlyArray<Implementation>
  readonly repetitions: number
  /** The first metric is the one ratios and targets use. */
  readonly metrics: ReadonlyArray<Metric>
  readonly target?: Target | undefined
  readonly note?: string | undefined
  /** The implementation the ratio column divides by; the best peer when absent. */
  readonly baseline?: string | undefined
}

/** A workload: rows that belong together, e.g. waitN overhead at three sizes. */
export interface Group {
  readonly id: string
  readonly title: string
  readonly description: string
  readonly rows: ReadonlyArray<Row>
}

/** What the runner knows about the implementations available on this machine. */
export interface Availability {
  readonly python: boolean
  readonly liveClock: boolean
  readonly virtualTime: boolean
}

/** A workload file: builds its group for a profile, leaving out implementations that are not available. */
export type Workload = (profile: Profile, available: Availability) => Group
