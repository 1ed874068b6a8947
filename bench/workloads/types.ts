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
  readonly waitSizes: ReadonlyArray<Size>
  readonly waitMaxDelay: number
  /** Pending waits held while measuring memory, one row per size. */
  readonly memSizes: ReadonlyArray<Size>
  /** `waitN(n, 100000)` with every wait pending, then interrupted: one row per size. */
  readonly interrupt: ReadonlyArray<Size>
  /**
   * The command (`effect-asyncio`, bundled as `npm run build` bundles it): `runs` are whole runs timed with their
   * peak RSS (e.g. `wait-n 1000000 1 --clock virtual`); `sigint` is the count of live waits pending when Ctrl-C
   * (SIGINT) arrives.
   */
  readonly command: {
    readonly runs: ReadonlyArray<{ readonly args: ReadonlyArray<string>; readonly repetitions: number }>
    readonly sigint: Size
  }
  /** Elements of the zero-interval generator, and of the `Stream.fromEffectRepeat` reference (much slower). */
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
   * `VirtualTime.run(waitN(n, maxDelay))` at each size, smallest first: is virtual time linear in n? Each process
   * times `calls` calls after a warm-up (the same number at every size, so that the sizes compare).
   */
  readonly virtualScaling: {
    readonly sizes: ReadonlyArray<{ readonly n: number; readonly effect3?: boolean | undefined }>
    readonly maxDelay: number
    readonly calls: number
    readonly repetitions: number
  }
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
  /**
   * Issue 19's row: Effect's own time-dependent test files (vendored under `test/effect/`) under `it.effect` against
   * `it.virtual`, in a child vitest each; left out while the harness is not in the repository.
   */
  readonly vendored: {
    readonly repetitions: number
    /** vitest's `-t`: only the tests it matches (the smoke test runs one file's). */
    readonly pattern?: string | undefined
  }
}

/**
 * One size of a row: n and processes per implementation; `false` leaves out of this size the Effect 3 edition (a size
 * it cannot hold, or not in reasonable time), Python (its million waits take minutes), the library on Effect's
 * default clock (where the row's target judges LiveClock), or the row's reference implementations. Everything runs
 * by default.
 */
export interface Size {
  readonly n: number
  readonly repetitions: number
  readonly effect3?: boolean | undefined
  readonly python?: boolean | undefined
  readonly defaultClock?: boolean | undefined
  readonly references?: boolean | undefined
}

/** Who implements a row: a peer (what users would otherwise use), the library, or a reference point. */
export type Kind = "peer" | "ours" | "reference"

/** The benchmark commands of the library: one file each under `bench/ours/` (in both editions). */
export type OursRunner = "ours" | "ours-live-clock" | "ours-virtual-time" | "ours-package" | "ours-testing"

/** Which program runs an implementation: a peer's, or one of the library's benchmark commands. */
export type Runner = "python" | "node" | OursRunner

/**
 * Which line of the library a library command runs against: the main line (Effect 4, this repository), or the
 * Effect 3 edition (`effect3/`, its own project, its own `bench/ours/` commands and `node_modules`).
 */
export type Edition = "main" | "effect3"

/** One way to run a command: an executable and its arguments, or the library's commands in-process (tests). */
export interface Implementation {
  readonly id: string
  readonly label: string
  readonly kind: Kind
  /** The command-line arguments after the benchmark script, e.g. `["waitn", "1000", "1"]`. */
  readonly args: ReadonlyArray<string>
  /** Node flags, e.g. `--expose-gc` for memory. */
  readonly flags?: ReadonlyArray<string> | undefined
  readonly runner: Runner
  /** The library's line, for the library's runners: the main line when absent. */
  readonly edition?: Edition | undefined
  /**
   * For the main line's library commands: `false` keeps the Effect 3 edition out of this row even where its bench
   * has the command (a size it cannot hold, say). By default every library command of a row also runs on the
   * Effect 3 edition when that edition is present and its bench has the command.
   */
  readonly effect3?: boolean | undefined
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

/** The Effect 3 edition as the runner found it: where it is, and which commands its bench has. */
export interface Effect3 {
  /** Its project folder (absolute): `effect3/`, or `EFFECT_ASYNCIO_V3_DIR`. */
  readonly dir: string
  /** The `effect` installed in its `node_modules`. */
  readonly effect: string
  /** The commands of each of its benchmark files (`bench/ours/*.ts`), by runner. */
  readonly commands: ReadonlyMap<OursRunner, ReadonlySet<string>>
}

/** What the runner knows about the implementations available on this machine. */
export interface Availability {
  readonly python: boolean
  /** The Effect 3 edition, when present and installed; its rows are left out otherwise. */
  readonly effect3: Effect3 | undefined
}

/** A workload file: builds its group for a profile, leaving out implementations that are not available. */
export type Workload = (profile: Profile, available: Availability) => Group
