import { assert, describe, it } from "@effect/vitest"
import { Deferred, Duration, Effect } from "effect"
import * as fc from "fast-check"
import { execFile } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { VirtualTime } from "../../../src/index.js"
import * as stuck from "../../../src/internal/clock/stuck.js"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..")

// the tests of fixtures/stuck.fixture.ts in a child vitest, on the Node this suite runs on
const vitest =
  `${process.execPath} node_modules/vitest/vitest.mjs run --config test/internal/clock/fixtures/vitest.config.ts`

// this process's environment without this vitest's variables (a child would think it is one of its workers)
const childEnv = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !name.startsWith("VITEST") && name !== "FORCE_COLOR")
)

/** Runs the child vitest from the repository's root and reads its JSON report. */
const childReport = (): Promise<Report> => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "stuck-")), "report.json")
  return new Promise((resolve) =>
    execFile(
      "sh",
      ["-c", `${vitest} --reporter=json --outputFile=${file}`],
      { cwd: root, env: { ...childEnv, NO_COLOR: "1" } },
      () => resolve(JSON.parse(fs.readFileSync(file, "utf8")) as Report)
    )
  )
}

/** The part of vitest's JSON report read here. */
interface Report {
  readonly testResults: ReadonlyArray<{
    readonly assertionResults: ReadonlyArray<{
      readonly fullName: string
      readonly status: string
      readonly failureMessages: ReadonlyArray<string>
    }>
  }>
}

// a deadlock at 0 ms with nothing asleep and one waiting fiber, as a run that awaits a promise reports it
const deadlock = {
  at: Duration.zero,
  sleeping: [],
  open: [],
  waiting: [{ fiber: "#3", label: undefined, span: undefined }]
}

describe("stuck", () => {
  describe("startedWork", () => {
    it("keeps what the host has pending now and had not when the run began, one entry per piece of work", () => {
      assert.deepStrictEqual(stuck.startedWork(["PipeWrap", "Timeout"], ["PipeWrap", "Timeout", "Timeout"]), [
        "Timeout"
      ])
      assert.deepStrictEqual(stuck.startedWork(["Timeout"], ["FSReqPromise", "Timeout", "Timeout", "Timeout"]), [
        "FSReqPromise",
        "Timeout",
        "Timeout"
      ])
    })

    it("leaves out what the run began with, and what ended during the run", () => {
      assert.deepStrictEqual(stuck.startedWork(["PipeWrap", "Timeout"], ["PipeWrap", "Timeout"]), [])
      assert.deepStrictEqual(stuck.startedWork(["PipeWrap", "Timeout", "Timeout"], ["Timeout"]), [])
    })

    it("is what `after` has beyond `before`, counted kind by kind", () =>
      fc.assert(fc.property(
        fc.array(fc.constantFrom("Timeout", "Immediate", "PipeWrap")),
        fc.array(fc.constantFrom("Timeout", "Immediate", "PipeWrap")),
        (before, after) => {
          const started = stuck.startedWork(before, after)
          for (const kind of ["Timeout", "Immediate", "PipeWrap"]) {
            const count = (list: ReadonlyArray<string>) => list.filter((item) => item === kind).length
            assert.strictEqual(count(started), Math.max(0, count(after) - count(before)))
          }
        }
      )))
  })

  describe("deadlockMessage", () => {
    it("sends a fiber that awaits work the run started outside Effect to the idle option", () => {
      assert.strictEqual(
        stuck.deadlockMessage({ ...deadlock, idle: Duration.zero, outside: ["Timeout"] }),
        "VirtualTime: deadlock at 0ms of virtual time: every fiber is waiting and no sleep is pending; waiting: #3; " +
          "the run started work outside Effect that is still pending (Timeout): if a fiber awaits it (a promise, " +
          "I/O, a real timer), let real time pass with the idle option, e.g. { idle: \"50 millis\" } (longer than " +
          "that work takes)"
      )
    })

    it("counts the pending work by kind, and asks for a longer idle when one is set", () => {
      assert.strictEqual(
        stuck.deadlockMessage({
          ...deadlock,
          idle: Duration.millis(20),
          outside: ["Timeout", "FSReqPromise", "Timeout"]
        }),
        "VirtualTime: deadlock at 0ms of virtual time: every fiber is waiting and no sleep is pending; waiting: #3; " +
          "the run started work outside Effect that is still pending (Timeout ×2, FSReqPromise): if a fiber awaits " +
          "it (a promise, I/O, a real timer), raise the idle option (now 20ms) above the real time that work takes"
      )
    })

    it("says the fibers wait inside the program when the run left nothing pending outside Effect", () => {
      assert.strictEqual(
        stuck.deadlockMessage({ ...deadlock, idle: Duration.zero, outside: [] }),
        "VirtualTime: deadlock at 0ms of virtual time: every fiber is waiting and no sleep is pending; waiting: #3; " +
          "nothing the run started outside Effect is pending (no timer, no I/O): the fibers wait on something only " +
          "the program can complete (a Deferred, Queue, Latch…), or on a promise nothing will settle"
      )
    })

    it("says both possibilities where the host cannot tell", () => {
      assert.strictEqual(
        stuck.deadlockMessage(deadlock),
        "VirtualTime: deadlock at 0ms of virtual time: every fiber is waiting and no sleep is pending; waiting: #3; " +
          "the host cannot tell what the fibers wait on: something outside Effect (a promise, I/O, a real timer) " +
          "needs real time, so let real time pass with the idle option, e.g. { idle: \"50 millis\" } (longer than " +
          "that work takes); something only the program can complete (a Deferred, Queue, Latch…) needs the code " +
          "that completes it"
      )
    })

    it("stays one line whatever the spans are named: a span's name is written as the timeline writes it", () => {
      assert.strictEqual(
        stuck.deadlockMessage({
          ...deadlock,
          waiting: [{ fiber: "#3", label: "fetch%20user", span: "fetch user\nagain" }],
          outside: []
        }),
        "VirtualTime: deadlock at 0ms of virtual time: every fiber is waiting and no sleep is pending; waiting: #3 " +
          "(fetch%20user) in span fetch%20user%0Aagain; nothing the run started outside Effect is pending (no timer, " +
          "no I/O): the fibers wait on something only the program can complete (a Deferred, Queue, Latch…), or on a " +
          "promise nothing will settle"
      )
    })

    it("lists the first ten sleepers, labels and fibers, then the diagnosis", () => {
      const fibers = Array.from({ length: 12 }, (_, i) => ({ fiber: `#${i}`, label: undefined, span: undefined }))
      assert.strictEqual(
        stuck.deadlockMessage({
          at: Duration.seconds(3),
          sleeping: [{ wakeAt: Duration.infinity, fiber: "#4", label: "forever" }],
          open: ["forever"],
          waiting: fibers,
          outside: []
        }),
        "VirtualTime: deadlock at 3s of virtual time: every fiber is waiting and 1 sleeping: #4 (forever) until " +
          "Infinity; open timeline labels: forever; waiting: #0, #1, #2, #3, #4, #5, #6, #7, #8, #9, …; nothing " +
          "the run started outside Effect is pending (no timer, no I/O): the fibers wait on something only the " +
          "program can complete (a Deferred, Queue, Latch…), or on a promise nothing will settle"
      )
    })
  })
})

// -------------------------------------------------------------------------------------------------------------------
// the report of a real run: VirtualTime.run, it.virtual and it.explore
// -------------------------------------------------------------------------------------------------------------------

/** A message with its fiber ids written `#N`. */
const withoutIds = (message: string): string => message.replace(/#\d+/g, "#N")

/**
 * A real timer of `millis`: the runs that must deadlock wait on one of 2 s, which outlasts any stall of this process,
 * so that it is still pending when the run gives up.
 */
const realTimer = (millis: number) =>
  Effect.promise(() => new Promise<string>((resolve) => setTimeout(() => resolve("done"), millis)))
const nobodyCompletes = Effect.flatMap(Deferred.make<void>(), Deferred.await)

const sendsToIdle = "VirtualTime: deadlock at 0ms of virtual time: every fiber is waiting and no sleep is pending; " +
  "waiting: #N; the run started work outside Effect that is still pending (Timeout): if a fiber awaits it (a " +
  "promise, I/O, a real timer), let real time pass with the idle option, e.g. { idle: \"50 millis\" } (longer than " +
  "that work takes)"
// a real timer's report with its diagnosis of the host's pending work cut to "(outside work)"
const realTimerReport = "VirtualTime: deadlock at 0ms of virtual time: every fiber is waiting and no sleep is " +
  "pending; waiting: #N; (outside work)"
const inside = "VirtualTime: deadlock at 0ms of virtual time: every fiber is waiting and no sleep is pending; " +
  "waiting: #N; nothing the run started outside Effect is pending (no timer, no I/O): the fibers wait on something " +
  "only the program can complete (a Deferred, Queue, Latch…), or on a promise nothing will settle"

describe("a stuck run", () => {
  it("awaiting a real timer, deadlocks at once naming the idle option, and asks for a longer one past a short idle", async () => {
    // in a fresh process: a vitest worker's own timers come and go while a run waits, and the report counts the
    // host's pending work against what it had when the run began
    const line = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        ["--import", "tsx", path.join(root, "test/internal/clock/fixtures/stuckReport.ts")],
        { cwd: root },
        (error, stdout) => error === null ? resolve(stdout) : reject(error)
      )
    )
    assert.deepStrictEqual((JSON.parse(line) as Array<string>).map(withoutIds), [
      sendsToIdle,
      "VirtualTime: deadlock at 0ms of virtual time: every fiber is waiting and no sleep is pending; waiting: #N; " +
      "the run started work outside Effect that is still pending (Timeout): if a fiber awaits it (a promise, " +
      "I/O, a real timer), raise the idle option (now 10ms) above the real time that work takes"
    ])
  })

  it.effect("awaiting a real 50 ms timer, finishes with an idle longer than that, in no virtual time", () =>
    Effect.gen(function*() {
      const [elapsed, value] = yield* VirtualTime.timed(realTimer(50), { idle: "100 millis" })
      assert.strictEqual(value, "done")
      assert.deepStrictEqual(elapsed, Duration.zero)
    }))

  it.effect("awaiting a Deferred nobody completes, says the fibers wait inside the program", () =>
    Effect.gen(function*() {
      const error = yield* VirtualTime.run(nobodyCompletes).pipe(Effect.flip)
      assert.strictEqual(withoutIds(error.message), inside)
      if (error._tag === "DeadlockError") {
        assert.deepStrictEqual(error.outside, [])
      }
    }))

  it("says the same in it.virtual and it.explore", async () => {
    const results = (await childReport()).testResults[0]!.assertionResults
    assert.deepStrictEqual(
      results.map((result) => [
        result.fullName,
        result.status,
        // what a real timer's report says of the host's pending work is left out here, whichever way it reads: a
        // vitest worker's own timers come and go during the run, and one that ends can hide the run's own timer from
        // the count (the exact diagnosis is checked in a fresh process above); a Deferred's report keeps every word
        result.failureMessages.map((message) => {
          const first = withoutIds(message.split("\n")[0]!)
          return result.fullName.includes("a real timer")
            ? first.replace(
              / (the run started work outside Effect|nothing the run started outside Effect) .*$/,
              " (outside work)"
            )
            : first
        })
      ]),
      [
        ["a real timer", "failed", [`DeadlockError: ${realTimerReport}`]],
        ["a real timer, given real time", "passed", []],
        ["a Deferred nobody completes", "failed", [`DeadlockError: ${inside}`]],
        ["explored, a real timer", "failed", [`DeadlockError: ${realTimerReport}`]],
        ["explored, a real timer, given real time", "passed", []],
        ["explored, a Deferred nobody completes", "failed", [`DeadlockError: ${inside}`]]
      ]
    )
  }, 20_000)
})
