// The exercises in plain Node: Promises, setTimeout, async generators, and the hand-made async
// iterator class of the seed text. As close to the textbook versions as possible; the generator's
// count and interval are parameters (defaults 10 and 1 s), and a zero interval skips the sleep, as the
// library does (setTimeout(0) is clamped to 1 ms in Node).

const sleep = (seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000))

/** Waits a random delay between 0 and maxDelay seconds and returns it. */
export const waitRandom = async (maxDelay = 10) => {
  const delay = Math.random() * maxDelay
  await sleep(delay)
  return delay
}

/** Runs waitRandom n times at once; the delays in completion order (each pushed as its promise settles). */
export const waitN = async (n, maxDelay) => {
  const delays = []
  await Promise.all(Array.from({ length: n }, () => waitRandom(maxDelay).then((delay) => delays.push(delay))))
  return delays
}

/** A "task": the promise of a waitRandom that has already started. */
export const taskWaitRandom = (maxDelay) => waitRandom(maxDelay)

/** waitN built on taskWaitRandom. */
export const taskWaitN = async (n, maxDelay) => {
  const tasks = Array.from({ length: n }, () => taskWaitRandom(maxDelay))
  const delays = []
  await Promise.all(tasks.map((task) => task.then((delay) => delays.push(delay))))
  return delays
}

/** Loops count times: sleeps interval seconds, then yields a random number in [0, 10). */
export async function* asyncGenerator(count = 10, interval = 1) {
  for (let i = 0; i < count; i++) {
    if (interval) await sleep(interval)
    yield Math.random() * 10
  }
}

/** Collects asyncGenerator: the async comprehension. */
export const asyncComprehension = async (count = 10, interval = 1) => {
  const values = []
  for await (const value of asyncGenerator(count, interval)) values.push(value)
  return values
}

/** Four asyncComprehension at once (Promise.all); the elapsed seconds. */
export const measureRuntime = async (count = 10, interval = 1) => {
  const start = performance.now()
  await Promise.all(Array.from({ length: 4 }, () => asyncComprehension(count, interval)))
  return (performance.now() - start) / 1000
}

/** The hand-made async iterator class: the same numbers as asyncGenerator. */
export class RandomNumbers {
  constructor(count = 10, interval = 1) {
    this.count = count
    this.interval = interval
    this.emitted = 0
  }

  [Symbol.asyncIterator]() {
    return this
  }

  async next() {
    if (this.emitted >= this.count) return { done: true, value: undefined }
    this.emitted++
    if (this.interval) await sleep(this.interval)
    return { done: false, value: Math.random() * 10 }
  }
}
