import { assert, describe, it } from "@effect/vitest"
import { Duration } from "effect"
import * as fc from "fast-check"
import * as stuck from "../../../src/internal/clock/stuck.js"

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
