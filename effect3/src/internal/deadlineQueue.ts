/**
 * A priority queue of sleepers keyed by `(deadline, sequence)`: the earliest deadline comes out first, and entries
 * with equal deadlines come out in the order they were pushed (first in, first out).
 *
 * It is a binary min-heap stored in an array. Each entry remembers its slot, so an entry can be removed (a sleeper
 * that was interrupted) in O(log n) without a search. Costs: `push`, `pop` and `remove` are O(log n), `peek` and
 * `size` are O(1), `toArray` is O(n log n).
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

interface Node<A> extends Entry<A> {
  /** The node's slot in the heap, or -1 once it has left the queue. */
  index: number
  readonly queue: Heap<A>
}

interface Heap<A> extends DeadlineQueue<A> {
  readonly nodes: Array<Node<A>>
  pushed: number
}

const before = <A>(a: Node<A>, b: Node<A>): boolean =>
  a.deadline < b.deadline || (a.deadline === b.deadline && a.sequence < b.sequence)

const place = <A>(nodes: Array<Node<A>>, node: Node<A>, index: number): void => {
  nodes[index] = node
  node.index = index
}

const siftUp = <A>(nodes: Array<Node<A>>, node: Node<A>, start: number): void => {
  let index = start
  while (index > 0) {
    const parentIndex = (index - 1) >> 1
    const parent = nodes[parentIndex]
    if (parent === undefined || !before(node, parent)) {
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
    if (rightNode !== undefined && before(rightNode, leftNode)) {
      child = right
      childNode = rightNode
    }
    if (!before(childNode, node)) {
      break
    }
    place(nodes, childNode, index)
    index = child
  }
  place(nodes, node, index)
}

const heap = <A>(queue: DeadlineQueue<A>): Heap<A> => queue as Heap<A>

/**
 * Makes an empty queue.
 *
 * @internal
 */
export const make = <A>(): DeadlineQueue<A> => {
  const nodes: Array<Node<A>> = []
  return {
    nodes,
    pushed: 0,
    get size() {
      return nodes.length
    },
    get head() {
      return nodes[0]
    }
  } as Heap<A>
}

/**
 * Queues `value` at `deadline` and returns its entry (keep it to `remove` the entry later). An entry pushed with the
 * same deadline as earlier ones comes out after them.
 *
 * @internal
 */
export const push = <A>(queue: DeadlineQueue<A>, deadline: bigint, value: A): Entry<A> => {
  const self = heap(queue)
  const node: Node<A> = { deadline, sequence: self.pushed++, value, index: -1, queue: self }
  siftUp(self.nodes, node, self.nodes.length)
  return node
}

/**
 * The entry that would come out next (earliest deadline, first pushed among equals), without removing it.
 *
 * @internal
 */
export const peek = <A>(queue: DeadlineQueue<A>): Entry<A> | undefined => heap(queue).nodes[0]

/**
 * Removes and returns the entry that comes out next, or `undefined` when the queue is empty.
 *
 * @internal
 */
export const pop = <A>(queue: DeadlineQueue<A>): Entry<A> | undefined => {
  const nodes = heap(queue).nodes
  const first = nodes[0]
  if (first === undefined) {
    return undefined
  }
  const last = nodes.pop()!
  if (last !== first) {
    siftDown(nodes, last, 0)
  }
  first.index = -1
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
  const index = node.index
  if (node.queue !== self || index < 0) {
    return false
  }
  const nodes = self.nodes
  const last = nodes.pop()!
  node.index = -1
  if (last !== node) {
    const parent = index > 0 ? nodes[(index - 1) >> 1] : undefined
    if (parent !== undefined && before(last, parent)) {
      siftUp(nodes, last, index)
    } else {
      siftDown(nodes, last, index)
    }
  }
  return true
}

/**
 * Whether `entry` is still queued in `queue`.
 *
 * @internal
 */
export const has = <A>(queue: DeadlineQueue<A>, entry: Entry<A>): boolean => {
  const node = entry as Node<A>
  return node.queue === heap(queue) && node.index >= 0
}

/**
 * A snapshot of the queued entries in the order they would come out; the queue is unchanged.
 *
 * @internal
 */
export const toArray = <A>(queue: DeadlineQueue<A>): Array<Entry<A>> =>
  heap(queue).nodes.slice().sort((a, b) => before(a, b) ? -1 : before(b, a) ? 1 : 0)
