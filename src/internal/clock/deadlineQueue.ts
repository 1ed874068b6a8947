/**
 * A priority queue of sleepers keyed by `(deadline, sequence)`: the earliest deadline comes out first, and entries
 * with equal deadlines come out in the order they were pushed (first in, first out).
 *
 * Entries that share a deadline share one slot: a binary min-heap, stored in an array, holds one entry per distinct
 * deadline (the first pushed of its group), and the others wait behind it in a list in push order; a map from
 * deadline to the group's first entry finds the group on push. Sleepers started together often share a deadline
 * (the clocks hold the time still while the runtime works: the children of `waitN(n, 1)` have at most 1,001
 * distinct deadlines however large n is), so a pop is then O(1) and the heap stays small enough to sit in the
 * processor's cache; a heap of one entry per sleeper cost a few cache misses per level, per pop, at a million
 * sleepers. An entry removed while alone at its deadline stays in its heap slot, marked removed (its value
 * dropped), until it comes to the top or removed ones make up half the heap, when the heap is rebuilt without them:
 * interrupting a million sleepers of distinct deadlines then costs no sift each. Costs, with d distinct deadlines
 * queued: `push` O(log d) for a new deadline and O(1) for a known one, `pop` O(1) unless it empties a deadline (then
 * O(log d)), `remove` O(1) amortized (an entry knows its place, so no search), `peek` and `size` O(1) amortized,
 * `toArray` O(n + d log d).
 *
 * Deadlines are instants of the clock core (`clockCore.Instant`: whole nanoseconds in a `bigint`), so every pair is
 * comparable and the order is exact at any distance from the origin.
 *
 * @internal
 */

/**
 * One queued sleeper. `sequence` is the push number within its queue, which breaks ties between equal deadlines.
 *
 * @internal
 */
export interface Entry<A> {
  readonly deadline: bigint
  readonly sequence: number
  readonly value: A
}

/**
 * A mutable queue of entries ordered by `(deadline, sequence)`.
 *
 * @internal
 */
export interface DeadlineQueue<A> {
  /** How many entries are queued. */
  readonly size: number
  /** The entry that comes out next, as {@link peek} gives it. */
  readonly head: Entry<A> | undefined
}

// a node's `index` when it is queued behind the first entry of its deadline, and once it has left the queue
const Behind = -2
const Left = -1

interface Node<A> extends Entry<A> {
  value: A
  /**
   * The node's slot in the heap when it comes first among its deadline's (or was removed while alone and still holds
   * the slot), else {@link Behind} or {@link Left}.
   */
  index: number
  /** The next node of the same deadline, in push order. */
  next: Node<A> | undefined
  /**
   * The previous node of the same deadline; on the first one, the last (itself when alone); `undefined` once the node
   * is out of the queue, including a removed one that still holds its heap slot.
   */
  prev: Node<A> | undefined
  readonly queue: Heap<A>
}

interface Heap<A> extends DeadlineQueue<A> {
  /** The first node of each deadline, as a heap ordered by deadline (the deadlines are distinct). */
  readonly nodes: Array<Node<A>>
  /** The first node of each deadline, by deadline. */
  readonly firsts: Map<bigint, Node<A>>
  pushed: number
  count: number
  /** Removed nodes still holding a heap slot. */
  removed: number
}

// a removed node that still holds its heap slot, or one out of the queue
const isRemoved = <A>(node: Node<A>): boolean => node.prev === undefined

const place = <A>(nodes: Array<Node<A>>, node: Node<A>, index: number): void => {
  nodes[index] = node
  node.index = index
}

const siftUp = <A>(nodes: Array<Node<A>>, node: Node<A>, start: number): void => {
  let index = start
  while (index > 0) {
    const parentIndex = (index - 1) >> 1
    const parent = nodes[parentIndex]
    if (parent === undefined || !(node.deadline < parent.deadline)) {
      break
    }
    place(nodes, parent, index)
    index = parentIndex
  }
  place(nodes, node, index)
}

const siftDown = <A>(nodes: Array<Node<A>>, node: Node<A>, start: number): void => {
  let index = start
  while (true) {
    const left = 2 * index + 1
    const leftNode = nodes[left]
    if (leftNode === undefined) {
      break
    }
    const right = left + 1
    const rightNode = nodes[right]
    let child = left
    let childNode = leftNode
    if (rightNode !== undefined && rightNode.deadline < leftNode.deadline) {
      child = right
      childNode = rightNode
    }
    if (!(childNode.deadline < node.deadline)) {
      break
    }
    place(nodes, childNode, index)
    index = child
  }
  place(nodes, node, index)
}

// takes the heap slot `index` out of the heap (its node leaves it), moving the last slot's node into its place
const removeAt = <A>(nodes: Array<Node<A>>, index: number): void => {
  const last = nodes.pop()!
  if (index < nodes.length) {
    const parent = index > 0 ? nodes[(index - 1) >> 1] : undefined
    if (parent !== undefined && last.deadline < parent.deadline) {
      siftUp(nodes, last, index)
    } else {
      siftDown(nodes, last, index)
    }
  }
}

// `first` (at its heap slot) leaves its deadline's group: the next node takes its slot, or the group leaves the heap
const unlinkFirst = <A>(self: Heap<A>, first: Node<A>): void => {
  const next = first.next
  if (next === undefined) {
    self.firsts.delete(first.deadline)
    removeAt(self.nodes, first.index)
  } else {
    // same deadline, same slot: the heap order holds as it is
    next.prev = first.prev
    place(self.nodes, next, first.index)
    self.firsts.set(first.deadline, next)
  }
  first.index = Left
  first.next = undefined
  first.prev = undefined
}

const heap = <A>(queue: DeadlineQueue<A>): Heap<A> => queue as Heap<A>

// a removed node leaves its heap slot and the map for good
const release = <A>(self: Heap<A>, node: Node<A>): void => {
  if (self.firsts.get(node.deadline) === node) {
    self.firsts.delete(node.deadline)
  }
  node.index = Left
  self.removed--
}

// the first live node of the heap, once the removed ones above it have left
const top = <A>(self: Heap<A>): Node<A> | undefined => {
  const nodes = self.nodes
  let first = nodes[0]
  while (first !== undefined && isRemoved(first)) {
    removeAt(nodes, 0)
    release(self, first)
    first = nodes[0]
  }
  return first
}

// rebuilds the heap without its removed nodes (in place: the array is the heap's own)
const compact = <A>(self: Heap<A>): void => {
  const nodes = self.nodes
  let kept = 0
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!
    if (isRemoved(node)) {
      release(self, node)
    } else {
      place(nodes, node, kept++)
    }
  }
  nodes.length = kept
  for (let i = (kept >> 1) - 1; i >= 0; i--) {
    siftDown(nodes, nodes[i]!, i)
  }
}

/**
 * Makes an empty queue.
 *
 * @internal
 */
export const make = <A>(): DeadlineQueue<A> => {
  const self: Heap<A> = {
    nodes: [],
    firsts: new Map(),
    pushed: 0,
    count: 0,
    removed: 0,
    get size() {
      return self.count
    },
    get head() {
      return top(self)
    }
  }
  return self
}

/**
 * Queues `value` at `deadline` and returns its entry (keep it to `remove` the entry later). An entry pushed with the
 * same deadline as earlier ones comes out after them.
 *
 * @internal
 */
export const push = <A>(queue: DeadlineQueue<A>, deadline: bigint, value: A): Entry<A> => {
  const self = heap(queue)
  self.count++
  const first = self.firsts.get(deadline)
  if (first !== undefined && isRemoved(first)) {
    // the deadline's slot is held by a removed node: take it over (same deadline, so the heap order holds)
    const node: Node<A> = {
      deadline,
      sequence: self.pushed++,
      value,
      index: Left,
      next: undefined,
      prev: undefined,
      queue: self
    }
    node.prev = node
    place(self.nodes, node, first.index)
    release(self, first)
    self.firsts.set(deadline, node)
    return node
  }
  if (first !== undefined) {
    // behind the last of its deadline, sharing the first's bigint (the caller's may then be collected)
    const last = first.prev!
    const node: Node<A> = {
      deadline: first.deadline,
      sequence: self.pushed++,
      value,
      index: Behind,
      next: undefined,
      prev: last,
      queue: self
    }
    last.next = node
    first.prev = node
    return node
  }
  const node: Node<A> = {
    deadline,
    sequence: self.pushed++,
    value,
    index: Left,
    next: undefined,
    prev: undefined,
    queue: self
  }
  node.prev = node
  self.firsts.set(deadline, node)
  siftUp(self.nodes, node, self.nodes.length)
  return node
}

/**
 * The entry that would come out next (earliest deadline, first pushed among equals), without removing it.
 *
 * @internal
 */
export const peek = <A>(queue: DeadlineQueue<A>): Entry<A> | undefined => top(heap(queue))

/**
 * Removes and returns the entry that comes out next, or `undefined` when the queue is empty.
 *
 * @internal
 */
export const pop = <A>(queue: DeadlineQueue<A>): Entry<A> | undefined => {
  const self = heap(queue)
  const first = top(self)
  if (first === undefined) {
    return undefined
  }
  self.count--
  unlinkFirst(self, first)
  return first
}

/**
 * Removes `entry` wherever it is in the queue. Returns `false` (and does nothing) if the entry has already left the
 * queue (popped or removed) or belongs to another queue.
 *
 * @internal
 */
export const remove = <A>(queue: DeadlineQueue<A>, entry: Entry<A>): boolean => {
  const self = heap(queue)
  const node = entry as Node<A>
  if (node.queue !== self || isRemoved(node)) {
    return false
  }
  self.count--
  if (node.index >= 0) {
    if (node.next !== undefined) {
      unlinkFirst(self, node)
      return true
    }
    // alone at its deadline: it keeps its slot, marked removed, until it comes to the top or the heap is rebuilt
    node.prev = undefined
    node.value = undefined as A
    self.removed++
    if (self.removed > 1024 && self.removed * 2 > self.nodes.length) {
      compact(self)
    }
    return true
  }
  // behind the first of its deadline: unlink it from the list
  const prev = node.prev!
  const next = node.next
  prev.next = next
  if (next === undefined) {
    // it was the last: the first now points at the one before it
    self.firsts.get(node.deadline)!.prev = prev
  } else {
    next.prev = prev
  }
  node.index = Left
  node.next = undefined
  node.prev = undefined
  return true
}

/**
 * Whether `entry` is still queued in `queue`.
 *
 * @internal
 */
export const has = <A>(queue: DeadlineQueue<A>, entry: Entry<A>): boolean => {
  const node = entry as Node<A>
  return node.queue === heap(queue) && !isRemoved(node)
}

/**
 * A snapshot of the queued entries in the order they would come out; the queue is unchanged.
 *
 * @internal
 */
export const toArray = <A>(queue: DeadlineQueue<A>): Array<Entry<A>> => {
  const firsts = heap(queue).nodes.filter((node) => !isRemoved(node)).sort((a, b) =>
    a.deadline < b.deadline ? -1 : a.deadline > b.deadline ? 1 : 0
  )
  const out: Array<Entry<A>> = []
  for (const first of firsts) {
    for (let node: Node<A> | undefined = first; node !== undefined; node = node.next) {
      out.push(node)
    }
  }
  return out
}
