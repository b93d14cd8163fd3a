/** Index of the last element ≤ value in an ascending array whose first element is ≤ value. */
export function lastAtOrBefore(sorted: readonly number[], value: number): number {
  let low = 0
  let high = sorted.length - 1
  while (low < high) {
    const mid = (low + high + 1) >> 1
    if (sorted[mid]! <= value) low = mid
    else high = mid - 1
  }
  return low
}
