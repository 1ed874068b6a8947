// Pairs i < j with values[i] > values[j], by merge sort: O(n log n).
export const inversions = (values) => {
  let count = 0
  const sort = (xs) => {
    if (xs.length <= 1) return xs
    const mid = xs.length >> 1
    const left = sort(xs.slice(0, mid))
    const right = sort(xs.slice(mid))
    const merged = []
    let i = 0
    let j = 0
    while (i < left.length && j < right.length) {
      if (left[i] <= right[j]) merged.push(left[i++])
      else {
        merged.push(right[j++])
        count += left.length - i
      }
    }
    while (i < left.length) merged.push(left[i++])
    while (j < right.length) merged.push(right[j++])
    return merged
  }
  sort(values)
  return count
}
