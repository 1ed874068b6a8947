/**
 * `effect-asyncio/vitest` as its users meet it. Its testers run here, in this suite; then the fixtures of
 * test/fixtures/vitest/ (tests that pass and fail on purpose) run in a child vitest, on this process's Node, whose
 * output is read as a user reads it: each failure names its seed and the command that replays it and draws its
 * timeline, and the printed commands, run as printed, fail the same way again. Last, the recipes of docs/testing.md
 * (examples/testing-*.ts) print what the page says they print.
 */
import { Clock, Console, Context, Duration, Effect, Fiber, Layer, Option, Random, Schema } from "effect"
import { Timeline, VirtualTime, waitN } from "effect-asyncio"
import { TestSeed } from "effect-asyncio/testing"
import { assert, beforeAll, describe, it, layer } from "effect-asyncio/vitest"
import { TestClock, TestConsole } from "effect/testing"
import { execFile } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..")

describe("effect-asyncio/vitest", () => {
  it("is its own entry: no other module of the library imports it, vitest or @effect/vitest", () => {
    const kit = ["testing/Vitest.ts", path.join("testing", "internal", "vitest.ts")]
    const importers = fs.readdirSync(path.join(root, "src"), { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith(".ts") && !kit.includes(file.split(path.sep).join("/")) && !kit.includes(file))
      .filter((file) =>
        /from "(vitest|@effect\/vitest|(\.\.?\/)+(testing\/)?(internal\/)?[Vv]itest\.js)"/.test(
          fs.readFileSync(path.join(root, "src", file), "utf8")
        )
      )
    assert.deepStrictEqual(importers, [])
  })
})

describe("it.virtual", () => {
  it.virtual("runs the body on a virtual clock that starts at 0: an hour's sleep takes no real time", () =>
    Effect.gen(function*() {
      assert.isTrue(yield* VirtualTime.isActive)
      assert.strictEqual(yield* Clock.currentTimeMillis, 0)
      yield* Effect.sleep("1 hour")
      assert.strictEqual(yield* Clock.currentTimeMillis, 3_600_000)
    }))

  it.virtual(
    "seeds Random for all of the body, forked fibers included, with the seed TestSeed.current reads",
    () =>
      Effect.gen(function*() {
        const first = yield* Random.nextInt
        const second = yield* Fiber.join(yield* Effect.forkChild(Random.nextInt))
        assert.deepStrictEqual(
          [first, second],
          yield* Effect.all([Random.nextInt, Random.nextInt]).pipe(Random.withSeed(7))
        )
        assert.deepStrictEqual(yield* TestSeed.current, Option.some(7))
      }),
    { seed: 7 }
  )

  it.virtual("gives the body it.effect's TestConsole: what it prints is kept, not shown", () =>
    Effect.gen(function*() {
      yield* Console.log("quiet")
      assert.deepStrictEqual(yield* TestConsole.logLines, ["quiet"])
    }))

  let closedAt: number | undefined = undefined
  it.virtual("gives the body a Scope, closed when the body ends, on virtual time", () =>
    Effect.gen(function*() {
      yield* Effect.addFinalizer(() =>
        Effect.andThen(
          Effect.sleep("1 second"),
          Effect.flatMap(Clock.currentTimeMillis, (now) => Effect.sync(() => closedAt = now))
        )
      )
      yield* Effect.sleep("2 seconds")
      assert.isUndefined(closedAt)
    }))
  it("(the finalizer above ran 1 s after the body's 2 s)", () => {
    assert.strictEqual(closedAt, 3000)
  })

  it.virtual.each([[1, 3_600_000], [24, 86_400_000]] as const)(
    "each: %i hours are %i ms",
    ([hours, millis]) =>
      Effect.gen(function*() {
        yield* Effect.sleep(Duration.hours(hours))
        assert.strictEqual(yield* Clock.currentTimeMillis, millis)
      })
  )

  it.virtual.prop(
    "prop: a sleep of any length ends exactly on time",
    { millis: Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 1_000_000_000 })) },
    ({ millis }) =>
      Effect.gen(function*() {
        yield* Effect.sleep(millis)
        assert.strictEqual(yield* Clock.currentTimeMillis, millis)
      }),
    { arbitrary: { runs: 20 } }
  )
})

describe("it.virtual takes it.effect's call shapes", () => {
  it.virtual("a timeout in milliseconds as the third argument", () => Effect.sleep("1 day"), 5_000)

  it.virtual(
    "vitest's options beside the run's in one object",
    () =>
      Effect.map(Random.nextInt, (n) => assert.strictEqual(n, Effect.runSync(Random.nextInt.pipe(Random.withSeed(3))))),
    { timeout: 5_000, retry: 0, seed: 3 }
  )

  it.virtual.fails("fails: passes when the body fails", () =>
    Effect.andThen(Effect.sleep("1 hour"), Effect.fail("boom")))

  it.virtual.fails("fails: a deadlock is a failure too", () => Effect.never)

  const ran: Array<string> = []
  it.virtual.skipIf(true)("skipIf(true): skipped", () => Effect.sync(() => ran.push("skipIf(true)")))
  it.virtual.skipIf(false)("skipIf(false): runs", () => Effect.sync(() => ran.push("skipIf(false)")))
  it.virtual.runIf(false)("runIf(false): skipped", () => Effect.sync(() => ran.push("runIf(false)")))
  it.virtual.runIf(true)("runIf(true): runs", () => Effect.sync(() => ran.push("runIf(true)")))
  it("(of the four above, the two that run ran, in order)", () => {
    assert.deepStrictEqual(ran, ["skipIf(false)", "runIf(true)"])
  })

  it.virtual.each([1, 2])("each takes a timeout too: case %i", (n) => Effect.sleep(Duration.hours(n)), 5_000)

  it.virtual("start: virtual time starts at the given instant (epoch milliseconds)", () =>
    Effect.gen(function*() {
      assert.strictEqual(yield* Clock.currentTimeMillis, Date.UTC(2026, 11, 6))
      yield* Effect.sleep("1 day")
      assert.strictEqual(yield* Clock.currentTimeMillis, Date.UTC(2026, 11, 7))
    }), { start: Date.UTC(2026, 11, 6) })

  it.virtual(
    "start: a Date too",
    () => Effect.map(Clock.currentTimeMillis, (now) => assert.strictEqual(now, Date.UTC(2000, 0, 1))),
    {
      start: new Date(Date.UTC(2000, 0, 1))
    }
  )

  it.virtual("TestClock.adjust in the body moves the virtual clock, after the sleepers due by then have run", () =>
    Effect.gen(function*() {
      const woke: Array<number> = []
      yield* Effect.forkChild(
        Effect.andThen(
          Effect.sleep("1 second"),
          Effect.flatMap(Clock.currentTimeMillis, (now) => Effect.sync(() => woke.push(now)))
        )
      )
      yield* TestClock.adjust("1 second")
      assert.deepStrictEqual(woke, [1000])
      assert.strictEqual(yield* Clock.currentTimeMillis, 1000)
    }))
})

class Started extends Context.Service<Started, { readonly at: number }>()("test/Started") {}
class Doubled extends Context.Service<Doubled, { readonly at: number }>()("test/Doubled") {}

const startedLayer = Layer.effect(Started, Effect.map(Clock.currentTimeMillis, (at) => ({ at })))

layer(startedLayer)("layer(...)'s block: it.virtual and it.explore get the block's services", (it) => {
  it.virtual("built inside the run, on its virtual time, from its start", () =>
    Effect.gen(function*() {
      yield* Effect.sleep("1 hour")
      assert.strictEqual((yield* Started).at, Date.UTC(2026, 0, 1))
      assert.strictEqual(yield* Clock.currentTimeMillis, Date.UTC(2026, 0, 1) + 3_600_000)
    }), { start: Date.UTC(2026, 0, 1) })

  it.explore(
    "it.explore too, in every run, from its start",
    () => Effect.map(Effect.service(Started), ({ at }) => assert.strictEqual(at, 5_000)),
    { runs: 3, start: 5_000 }
  )

  it.effect("it.effect is @effect/vitest's, the layer built once on the TestClock", () =>
    Effect.map(Effect.service(Started), ({ at }) => assert.strictEqual(at, 0)))

  it.layer(Layer.effect(Doubled, Effect.map(Effect.service(Started), ({ at }) => ({ at: at * 2 }))))("nested", (it) => {
    it.virtual("a nested block's it.virtual gets both layers", () =>
      Effect.gen(function*() {
        assert.strictEqual((yield* Doubled).at, 2 * (yield* Started).at)
        assert.strictEqual((yield* Started).at, 500)
      }), { start: 500 })
  })
})

describe("tied instants under it.virtual (docs/testing.md, Moving an existing suite)", () => {
  it.virtual("a sleep registered before a forked fiber's, due at the same instant, wakes first", () =>
    Effect.gen(function*() {
      const refilled: Array<number> = []
      yield* Effect.forkChild(Effect.andThen(Effect.sleep("1 second"), Effect.sync(() => refilled.push(1))))
      yield* Effect.sleep("1 second") // registered first: the child has not started yet
      assert.deepStrictEqual(refilled, [])
      yield* Effect.sleep("1 nano") // one more instant: everything due at 1 s has run
      assert.deepStrictEqual(refilled, [1])
    }))

  it.virtual("TestClock.adjust(d) returns after every fiber due by then has run", () =>
    Effect.gen(function*() {
      const refilled: Array<number> = []
      yield* Effect.forkChild(Effect.andThen(Effect.sleep("1 second"), Effect.sync(() => refilled.push(1))))
      yield* TestClock.adjust("1 second")
      assert.deepStrictEqual(refilled, [1])
      assert.strictEqual(yield* Clock.currentTimeMillis, 1000)
    }))
})

describe("it.explore takes the same modifiers", () => {
  it.explore.fails(
    "fails: passes when some schedule fails",
    () =>
      Effect.gen(function*() {
        const order: Array<string> = []
        yield* Effect.all([
          Effect.sync(() => order.push("a")),
          Effect.andThen(Effect.yieldNow, Effect.sync(() => order.push("b")))
        ], { concurrency: "unbounded" })
        yield* Effect.all([
          Effect.andThen(Effect.yieldNow, Effect.sync(() => order.push("c"))),
          Effect.andThen(Effect.yieldNow, Effect.sync(() => order.push("d")))
        ], { concurrency: "unbounded" })
        assert.deepStrictEqual(order, ["a", "b", "c", "d"])
      }),
    { runs: 50, seed: 1 }
  )

  const explored: Array<number> = []
  it.explore.each([10, 20])(
    "each: case %i explored under its runs",
    (n) => Effect.sync(() => explored.push(n)),
    { runs: 3, seed: 5 }
  )
  it.explore.skipIf(true)("skipIf(true): skipped", () => Effect.sync(() => explored.push(0)), { runs: 3 })
  it.explore.runIf(true)("runIf(true): runs", () => Effect.sync(() => explored.push(1)), { runs: 2 })
  it.explore(
    "start applies to every run",
    () => Effect.map(Clock.currentTimeMillis, (now) => assert.strictEqual(now, 86_400_000)),
    { runs: 3, start: 86_400_000 }
  )
  it("(each case ran 3 times, the runIf test twice, the skipped one never)", () => {
    assert.deepStrictEqual(explored, [10, 10, 10, 20, 20, 20, 1, 1])
  })
})

describe("it.explore", () => {
  const seen: Array<number> = []
  it.explore(
    "runs the body `runs` times",
    () => Effect.flatMap(Random.nextInt, (n) => Effect.sync(() => seen.push(n))),
    { runs: 25 }
  )
  it("(each of the 25 runs above had its own seed)", () => {
    assert.strictEqual(seen.length, 25)
    assert.strictEqual(new Set(seen).size, 25)
  })

  const again: Array<number> = []
  it.explore(
    "with a seed, the same runs again",
    () => Effect.flatMap(Random.nextInt, (n) => Effect.sync(() => again.push(n))),
    { runs: 25, seed: 11 }
  )
  const andAgain: Array<number> = []
  it.explore(
    "with the same seed",
    () => Effect.flatMap(Random.nextInt, (n) => Effect.sync(() => andAgain.push(n))),
    { runs: 25, seed: 11 }
  )
  it("(the two explorations above, of one seed, drew the same values)", () => {
    assert.strictEqual(again.length, 25)
    assert.deepStrictEqual(again, andAgain)
  })
})

// -------------------------------------------------------------------------------------------------------------------
// the fixtures, in a child vitest
// -------------------------------------------------------------------------------------------------------------------

// vitest on the Node this suite runs on (vitest 5 needs Node 22 or later)
const vitest = `${process.execPath} node_modules/vitest/vitest.mjs run --config test/fixtures/vitest/vitest.config.ts`

// This process's environment without this vitest's variables (a child would think it is one of its workers), a
// seed, or colours.
const childEnv = Object.fromEntries(
  Object.entries(process.env).filter(([name]) =>
    !name.startsWith("VITEST") && name !== TestSeed.EnvironmentVariable && name !== "FORCE_COLOR"
  )
)

/** Runs a shell command from the repository's root: what it printed, its standard output then its error output. */
const sh = (command: string): Promise<string> =>
  new Promise((resolve) =>
    execFile(
      "sh",
      ["-c", command],
      { cwd: root, env: { ...childEnv, NO_COLOR: "1" }, maxBuffer: 16 * 1024 * 1024 },
      (_error, stdout, stderr) => resolve(`${stdout}\n${stderr}`)
    )
  )

/** The failure vitest reports for a test (its suites and name, joined by " > "), up to the rule that closes it. */
const failure = (output: string, file: string, name: string): string => {
  const header = ` FAIL  test/fixtures/vitest/${file} > ${name}\n`
  const start = output.indexOf(header)
  assert.isAtLeast(start, 0, `no failure of "${name}" in:\n${output}`)
  const rest = output.slice(start + header.length)
  return rest.slice(0, rest.search(/^⎯/m)).trimEnd()
}

/** The replay command a failure prints. */
const replayOf = (block: string): string => /^replay: (.*)$/m.exec(block)?.[1] ?? ""

/** A printed command, to be run as printed, with the child's vitest in place of `npx vitest run`. */
const asPrinted = (command: string): string => command.replace(" npx vitest run ", ` ${vitest} `)

const seedOf = (block: string): number => Number(/seed (\d+)/.exec(block)?.[1])

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

const randomTest = "failing > the longest of waitN(3, 1)'s delays is 0 (it isn't: they're random)"
const propertyTest = "failing > no sleep outlasts a second"
const exploreTest = "explore > two withdrawals both count"

describe("in a child vitest", () => {
  let output = ""
  let virtualReplay = ""
  let exploreReplay = ""
  let propertyReplay = ""
  beforeAll(async () => {
    output = await sh(vitest)
    ;[virtualReplay, exploreReplay, propertyReplay] = await Promise.all([
      sh(asPrinted(replayOf(failure(output, "virtual.fixture.ts", randomTest)))),
      sh(asPrinted(replayOf(failure(output, "explore.fixture.ts", exploreTest)))),
      sh(asPrinted(replayOf(failure(output, "virtual.fixture.ts", propertyTest))))
    ])
  }, 120_000)

  it("the passing fixtures pass, the skipped one is skipped, the others fail", () => {
    assert.include(output, "Tests  9 failed | 6 passed | 1 skipped (16)")
    for (
      const passed of [
        "an hour passes in no real time",
        "1 hours pass",
        "2 hours pass",
        "any sleep ends on time",
        "a fixed seed is the seed of Random and of TestSeed.current",
        "two locked withdrawals both count"
      ]
    ) {
      assert.match(output, new RegExp(`^ +✓ ${escape(passed)} \\d+ms$`, "m"))
    }
    assert.match(output, /^ +↓ is skipped$/m)
  })

  it.effect("a failure keeps its error and adds its seed, its virtual time, the replay command and its timeline", () =>
    Effect.gen(function*() {
      const block = failure(output, "virtual.fixture.ts", randomTest)
      const seed = seedOf(block)
      // what the body did under that seed
      const [elapsed, [timeline, delays]] = yield* VirtualTime.timed(Timeline.record(waitN(3, 1))).pipe(
        TestSeed.seeded({ seed })
      )
      assert.isTrue(
        block.startsWith([
          `AssertionError: expected ${Math.max(...delays)} to equal +0`,
          "",
          `it.virtual: seed ${seed}, failed at ${Duration.format(elapsed)} of virtual time`,
          // the full name, as a regular expression, in single quotes with each ' written '\''
          `replay: EFFECT_ASYNCIO_SEED=${seed} npx vitest run test/fixtures/vitest/virtual.fixture.ts -t ` +
          `'^failing > the longest of waitN\\(3, 1\\)'\\''s delays is 0 \\(it isn'\\''t: they'\\''re random\\)$'`,
          "timeline up to the failure:",
          Timeline.toChart(timeline),
          "",
          "- Expected"
        ].join("\n")),
        block
      )
    }))

  it("a deadlock and a limit are reported so too, the spans they cut short drawn interrupted at that instant", () => {
    const deadlock = failure(output, "virtual.fixture.ts", "failing > a reply nobody sends")
    const deadlockSeed = seedOf(deadlock)
    assert.match(deadlock, /^DeadlockError: VirtualTime: deadlock at 2s of virtual time: every fiber is waiting/)
    assert.include(
      deadlock,
      [
        "",
        `it.virtual: seed ${deadlockSeed}, failed at 2s of virtual time`,
        `replay: EFFECT_ASYNCIO_SEED=${deadlockSeed} npx vitest run test/fixtures/vitest/virtual.fixture.ts -t ` +
        `"^failing > a reply nobody sends$"`,
        "timeline up to the failure:",
        Timeline.toChart({
          spans: [
            { label: "request", start: 0, end: 2000, outcome: "success" },
            { label: "await-reply", start: 2000, end: 2000, outcome: "interrupted" }
          ]
        })
      ].join("\n")
    )
    const limit = failure(output, "virtual.fixture.ts", "failing > a heartbeat past the limit")
    const limitSeed = seedOf(limit)
    assert.match(limit, /^TimeLimitError: VirtualTime: limit of 5s reached/)
    assert.include(
      limit,
      [
        "",
        `it.virtual: seed ${limitSeed}, failed at 5s of virtual time`,
        `replay: EFFECT_ASYNCIO_SEED=${limitSeed} npx vitest run test/fixtures/vitest/virtual.fixture.ts -t ` +
        `"^failing > a heartbeat past the limit$"`,
        "timeline up to the failure:",
        Timeline.toChart({
          spans: [
            ...[0, 1, 2, 3, 4].map((i) => ({
              label: "beat",
              start: i * 1000,
              end: (i + 1) * 1000,
              outcome: "success" as const
            })),
            { label: "beat", start: 5000, end: 5000, outcome: "interrupted" }
          ]
        })
      ].join("\n")
    )
  })

  it("a failing property names the seed that drew it, which seeded the check too, and the shrunk sample", () => {
    const block = failure(output, "virtual.fixture.ts", propertyTest)
    const seed = seedOf(block)
    assert.isTrue(
      block.startsWith([
        "AssertionError: expected 1001 to be at most 1000",
        "",
        `it.virtual: seed ${seed}, failed at 1s 1ms of virtual time`,
        /^property: falsified after \d+ run\(s\) and \d+ shrink\(s\); shrunk input: \[1001\]$/m.exec(block)?.[0],
        `replay: EFFECT_ASYNCIO_SEED=${seed} npx vitest run test/fixtures/vitest/virtual.fixture.ts -t ` +
        `"^failing > no sleep outlasts a second$"`,
        "timeline up to the failure:",
        Timeline.toChart({ spans: [{ label: "nap", start: 0, end: 1001, outcome: "success" }] })
      ].join("\n")),
      block
    )
  })

  it("timeline: false draws no timeline; a bad option is a defect naming the tester, with no report", () => {
    const boom = failure(output, "virtual.fixture.ts", "failing > fails without a timeline")
    const seed = seedOf(boom)
    assert.strictEqual(
      boom.split("\n").slice(0, 4).join("\n"),
      [
        "Error: boom",
        "",
        `it.virtual: seed ${seed}, failed at 10ms of virtual time`,
        `replay: EFFECT_ASYNCIO_SEED=${seed} npx vitest run test/fixtures/vitest/virtual.fixture.ts -t ` +
        `"^failing > fails without a timeline$"`
      ].join("\n")
    )
    assert.notInclude(boom, "timeline up to the failure")
    assert.match(
      failure(output, "virtual.fixture.ts", "failing > a negative limit"),
      /^IllegalArgumentError: it\.virtual: limit must be a non-negative duration, got "-1 second"\n ❯ /
    )
    assert.match(
      failure(output, "explore.fixture.ts", "explore options > no runs"),
      /^IllegalArgumentError: it\.explore: runs must be a positive integer, got 0\n ❯ /
    )
  })

  it("a body stopped by vitest's timeout prints its seed, replay command and timeline to its error output", () => {
    assert.match(
      failure(output, "virtual.fixture.ts", "failing > a busy loop stopped by the timeout"),
      /^TestTimeoutError: Test timed out in 1000ms\./
    )
    const stderr = "stderr | test/fixtures/vitest/virtual.fixture.ts > failing > a busy loop stopped by the timeout\n"
    const printed = output.slice(output.indexOf(stderr) + stderr.length)
    const seed = seedOf(printed)
    assert.isTrue(
      printed.startsWith([
        `it.virtual: seed ${seed}, stopped before it ended (by vitest's timeout?)`,
        `replay: EFFECT_ASYNCIO_SEED=${seed} npx vitest run test/fixtures/vitest/virtual.fixture.ts -t ` +
        `"^failing > a busy loop stopped by the timeout$"`,
        "timeline up to the failure:",
        Timeline.toChart({
          spans: [
            { label: "warm-up", start: 0, end: 3000, outcome: "success" },
            { label: "spin", start: 3000, end: 3000, outcome: "interrupted" }
          ]
        })
      ].join("\n")),
      printed
    )
  })

  it("an exploration fails with its first failing run: run number, schedule seed, the failure, its timeline", () => {
    const block = failure(output, "explore.fixture.ts", exploreTest)
    const match = new RegExp(
      "^AssertionError: expected (50|70) to equal 20\n\n" +
        "it\\.explore: run (\\d+) of 100 failed, schedule seed (\\d+) \\(exploration seed 2024\\), " +
        "failed at \\d+ms of virtual time\n" +
        "replay: EFFECT_ASYNCIO_SEED=\\3 npx vitest run test/fixtures/vitest/explore\\.fixture\\.ts " +
        "-t \"\\^explore > two withdrawals both count\\$\"\n" +
        "timeline up to the failure:\n"
    ).exec(block)
    assert.isNotNull(match, block)
    assert.isAtLeast(Number(match![2]), 1)
    // the two withdrawals overlap (each ends after the other began), which the replay below draws the same
    assert.match(block, /^withdraw-30 .* \d+ms$/m)
    assert.match(block, /^withdraw-50 .* \d+ms$/m)
  })

  it("the printed command replays the failure: the same error, seed and timeline, that test alone", () => {
    assert.include(virtualReplay, "Tests  1 failed | 12 skipped (13)")
    const block = failure(output, "virtual.fixture.ts", randomTest)
    assert.strictEqual(failure(virtualReplay, "virtual.fixture.ts", randomTest), block)
  })

  it("a property's printed command draws the same samples again: the same runs, shrinks and failure", () => {
    assert.include(propertyReplay, "Tests  1 failed | 12 skipped (13)")
    assert.strictEqual(
      failure(propertyReplay, "virtual.fixture.ts", propertyTest),
      failure(output, "virtual.fixture.ts", propertyTest)
    )
  })

  it("an exploration's printed command replays its failing schedule alone", () => {
    assert.include(exploreReplay, "Tests  1 failed | 2 skipped (3)")
    const explored = failure(output, "explore.fixture.ts", exploreTest).split("\n")
    const replayed = failure(exploreReplay, "explore.fixture.ts", exploreTest).split("\n")
    const seed = seedOf(explored[2]!)
    assert.match(
      replayed[2]!,
      new RegExp(`^it\\.explore: replayed schedule seed ${seed} \\(from EFFECT_ASYNCIO_SEED\\), failed at \\d+ms of `)
    )
    assert.deepStrictEqual([...replayed.slice(0, 2), ...replayed.slice(3)], [
      ...explored.slice(0, 2),
      ...explored.slice(3)
    ])
  })
})

// -------------------------------------------------------------------------------------------------------------------
// the recipes
// -------------------------------------------------------------------------------------------------------------------

const page = fs.readFileSync(path.join(root, "docs/testing.md"), "utf8")

/** The ```text block docs/testing.md shows after it names `examples/<file>`: what the page says the program prints. */
const printedOnPage = (file: string): Array<string> => {
  const mention = page.indexOf(`\`npx tsx examples/${file}\``)
  assert.isAtLeast(mention, 0, `docs/testing.md does not name examples/${file}`)
  const block = /```text\n([\s\S]*?)\n```/.exec(page.slice(mention))
  return block?.[1]?.split("\n") ?? []
}

describe("the recipes of docs/testing.md", () => {
  // imported by each test, so that a recipe that does not load fails its own test only
  const recipes: Record<string, () => Promise<{ readonly program?: unknown }>> = {
    "testing-timeout.ts": () => import("../../examples/testing-timeout.js"),
    "testing-debounce.ts": () => import("../../examples/testing-debounce.js"),
    "testing-rate-limiter.ts": () => import("../../examples/testing-rate-limiter.js"),
    "testing-cache-ttl.ts": () => import("../../examples/testing-cache-ttl.js"),
    "testing-heartbeat.ts": () => import("../../examples/testing-heartbeat.js")
  }
  for (const [file, load] of Object.entries(recipes)) {
    it.effect(`examples/${file} runs its checks and prints what the page shows`, () =>
      Effect.gen(function*() {
        const { program } = yield* Effect.promise(() => load())
        assert.isTrue(Effect.isEffect(program), `examples/${file} exports no program`)
        yield* program as Effect.Effect<unknown, unknown>
        const printed = yield* TestConsole.logLines
        assert.deepStrictEqual(printed, printedOnPage(file))
        assert.isTrue(printed.every((line) => typeof line === "string" && line.startsWith("✓ ")))
      }))
  }
})
