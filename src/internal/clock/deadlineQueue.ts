/**
 * A priority queue of sleepers keyed by `(deadline, sequence)`: the earliest deadline comes out first, and entries
 * with equal deadlines come out in the order they were pushed (first in, first out).
 *
 * Entries that share a deadline share one slot: a binary min-heap, stored in an array, holds the first entry of each
 * group, and the others wait behind it in a list in push order. Sleepers started together often share a deadline
 * (the clocks hold the time still while the runtime works: the children of `waitN(n, 1)` have at most 1,001
 * distinct deadlines however large n is), so a pop is then O(1) and the heap stays small enough to sit in the
 * processor's cache; a heap of one entry per sleeper cost a few cache misses per level, per pop, at a million
 * sleepers.
 *
 * A push finds its deadline's group through a bounded map from deadline to the group's first entry ({@link Groups}
 * deadlines at most; when full it is emptied and starts over), so sleepers of all-distinct deadlines pay for a small,
 * cache-resident map and not a map of every sleeper. A deadline the map has forgotten starts a second group of that
 * deadline; every entry of the older group was pushed before it, and the heap orders its slots by the first entry's
 * `(deadline, sequence)`, so the order stays first in, first out. Costs, with h heap slots (at most one per sleeper):
 * `push` O(log h) for a new group and O(1) for a known one, `pop` and `remove` O(1) unless they empty a group (then
 * O(log h)), `removeAll` of k entries O(k + h), `peek` and `size` O(1), `toArray` O(n + h log h).
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

/**
 * The most deadlines the map from deadline to group remembers (a few hundred kilobytes when full).
 *
 * @internal
 */
export const Groups = 65_536

// a node's `index` when it is queued behind the first entry of its group, and once it has left the queue
const Behind = -2
const Left = -1

interface Node<A> extends Entry<A> {
  /** The node's slot in the heap when it is the first of its group, else {@link Behind} or {@link Left}. */
  index: number
  /** The next node of the group in push order; on the last, the first (a ring: itself when alone). */
  next: Node<A> | undefined
  /** The previous node of the group; on the first, the last. */
  prev: Node<A> | undefined
  readonly queue: Heap<A>
}

interface Heap<A> extends DeadlineQueue<A> {
  /** The first node of each group, as a heap ordered by `(deadline, sequence)`. */
  readonly nodes: Array<Node<A>>
  /** The first node of the latest group of a deadline, for the deadlines remembered (at most {@link Groups}). */
  readonly firsts: Map<bigint, Node<A>>
  pushed: number
  count: number
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

// `first` (at its heap slot) leaves its group: the next node takes its slot, or the group leaves the heap
const unlinkFirst = <A>(self: Heap<A>, first: Node<A>): void => {
  const nodes = self.nodes
  const next = first.next!
  const remembered = self.firsts.get(first.deadline) === first
  if (next === first) {
    if (remembered) {
      self.firsts.delete(first.deadline)
    }
    const last = nodes.pop()!
    if (last !== first) {
      const index = first.index
      const parent = index > 0 ? nodes[(index - 1) >> 1] : undefined
      if (parent !== undefined && before(last, parent)) {
        siftUp(nodes, last, index)
      } else {
        siftDown(nodes, last, index)
      }
    }
  } else {
    // same deadline, a later push: it comes after the slot's parent still, and before any later group of its
    // deadline below it (all of whose entries were pushed after every entry of this group)
    const last = first.prev!
    next.prev = last
    last.next = next
    siftDown(nodes, next, first.index)
    if (remembered) {
      self.firsts.set(first.deadline, next)
    }
  }
  first.index = Left
  first.next = undefined
  first.prev = undefined
}

const heap = <A>(queue: DeadlineQueue<A>): Heap<A> => queue as Heap<A>

/**
 * Makes an empty queue.
 *
 * @internal
 */
export const make = <A>(): DeadlineQueue<A> => {
  const nodes: Array<Node<A>> = []
  const self: Heap<A> = {
    nodes,
    firsts: new Map(),
    pushed: 0,
    count: 0,
    get size() {
      return self.count
    },
    get head() {
      return nodes[0]
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
  const firsts = self.firsts
  const first = firsts.get(deadline)
  if (first !== undefined) {
    // behind the last of its group, sharing the first's bigint (the caller's may then be collected)
    const last = first.prev!
    const node: Node<A> = {
      deadline: first.deadline,
      sequence: self.pushed++,
      value,
      index: Behind,
      next: first,
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
  node.next = node
  if (firsts.size >= Groups) {
    firsts.clear()
  }
  firsts.set(deadline, node)
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
  const self = heap(queue)
  const first = self.nodes[0]
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
  if (node.queue !== self || node.index === Left) {
    return false
  }
  self.count--
  if (node.index >= 0) {
    unlinkFirst(self, node)
    return true
  }
  // behind the first of its group: unlink it from the ring (if it was the last, the first now points at the one
  // before it)
  const prev = node.prev!
  const next = node.next!
  prev.next = next
  next.prev = prev
  node.index = Left
  node.next = undefined
  node.prev = undefined
  return true
}

/**
 * Removes every entry of `entries` still in the queue (the others are skipped, as {@link remove} skips them). Many at
 * once cost one pass and one rebuild of the heap, O(k + h) for k entries and h heap slots, where removing them one by
 * one sifts the heap for each group that empties, O(k log h) with a cache miss or more per level: a cancelled million
 * sleeps of distinct deadlines took half a second that way. Few entries among many slots are removed one by one.
 *
 * @internal
 */
export const removeAll = <A>(queue: DeadlineQueue<A>, entries: ReadonlyArray<Entry<A>>): void => {
  const self = heap(queue)
  const nodes = self.nodes
  if (entries.length < 64 || entries.length * 16 < nodes.length) {
    for (const entry of entries) {
      remove(queue, entry)
    }
    return
  }
  // the map forgets every deadline rather than look each one up (a forgotten deadline only starts a new group)
  self.firsts.clear()
  let emptied = 0
  for (const entry of entries) {
    const node = entry as Node<A>
    if (node.queue !== self || node.index === Left) {
      continue
    }
    self.count--
    const next = node.next!
    const prev = node.prev!
    if (node.index >= 0) {
      // the first of its group: the next in push order takes its slot (the heap is rebuilt below), or the slot empties
      if (next === node) {
        nodes[node.index] = undefined as unknown as Node<A>
        emptied++
      } else {
        next.prev = prev
        prev.next = next
        place(nodes, next, node.index)
      }
    } else {
      prev.next = next
      next.prev = prev
    }
    node.index = Left
    node.next = undefined
    node.prev = undefined
  }
  if (emptied > 0) {
    let length = 0
    for (const node of nodes) {
      if (node !== undefined) {
        place(nodes, node, length++)
      }
    }
    nodes.length = length
  }
  // Floyd's heap construction: every slot with children, from the last to the root
  for (let index = (nodes.length >> 1) - 1; index >= 0; index--) {
    siftDown(nodes, nodes[index]!, index)
  }
}

/**
 * Whether `entry` is still queued in `queue`.
 *
 * @internal
 */
export const has = <A>(queue: DeadlineQueue<A>, entry: Entry<A>): boolean => {
  const node = entry as Node<A>
  return node.queue === heap(queue) && node.index !== Left
}

/**
 * A snapshot of the queued entries in the order they would come out; the queue is unchanged.
 *
 * @internal
 */
export const toArray = <A>(queue: DeadlineQueue<A>): Array<Entry<A>> => {
  const firsts = heap(queue).nodes.slice().sort((a, b) => before(a, b) ? -1 : before(b, a) ? 1 : 0)
  const out: Array<Entry<A>> = []
  for (const first of firsts) {
    let node = first
    do {
      out.push(node)
      node = node.next!
    } while (node !== first)
  }
  return out
}
