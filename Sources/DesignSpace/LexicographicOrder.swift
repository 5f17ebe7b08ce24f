/// The order that sorts points lexicographically (ties by index).
///
/// The first objective's doubles map to integers that sort the same way; a radix sort on the
/// top 32 bits of those orders almost everything, and comparison sorts finish the runs that share
/// them (equal or very close first values).
enum LexicographicOrder {
  static func of(values: UnsafePointer<Double>, count: Int, dimensions: Int) -> [Int32] {
    var keys = [UInt64](repeating: 0, count: count)
    for i in 0..<count { keys[i] = sortKey(values[i * dimensions]) }
    var order = (0..<Int32(count)).map { $0 }
    radixSortHighHalf(keys: &keys, order: &order)
    var start = 0
    while start < count {
      var end = start + 1
      while end < count && keys[end] >> 32 == keys[start] >> 32 { end += 1 }
      if end - start > 1 {
        sortRun(start..<end, keys: &keys, order: &order, values: values, dimensions: dimensions)
      }
      start = end
    }
    return order
  }

  /// An integer that orders as `value` does (-0 and +0 alike).
  static func sortKey(_ value: Double) -> UInt64 {
    let bits = (value == 0 ? 0 : value).bitPattern
    return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
  }

  /// Sorts one run of equal high halves by the whole key, then the other objectives, then index.
  static func sortRun(
    _ run: Range<Int>, keys: inout [UInt64], order: inout [Int32], values: UnsafePointer<Double>,
    dimensions d: Int
  ) {
    var pairs = run.map { RunEntry(key: keys[$0], index: order[$0]) }
    pairs.sort { a, b in
      if a.key != b.key { return a.key < b.key }
      let x = values + Int(a.index) * d
      let y = values + Int(b.index) * d
      for i in 1..<max(1, d) where x[i] != y[i] { return x[i] < y[i] }
      return a.index < b.index
    }
    for (offset, pair) in pairs.enumerated() {
      keys[run.lowerBound + offset] = pair.key
      order[run.lowerBound + offset] = pair.index
    }
  }

  /// Stable least-significant-digit radix sort of `keys` by their top 32 bits, 16 bits a pass,
  /// carrying `order`; a pass where every key has the same digit is skipped.
  static func radixSortHighHalf(keys: inout [UInt64], order: inout [Int32]) {
    let n = keys.count
    var keysOut = [UInt64](repeating: 0, count: n)
    var orderOut = [Int32](repeating: 0, count: n)
    var counts = [Int](repeating: 0, count: 1 << 16)
    for shift: UInt64 in [32, 48] {
      for i in counts.indices { counts[i] = 0 }
      for key in keys { counts[Int((key >> shift) & 0xFFFF)] += 1 }
      if counts.contains(n) { continue }
      var total = 0
      for i in counts.indices {
        let c = counts[i]
        counts[i] = total
        total += c
      }
      for i in 0..<n {
        let digit = Int((keys[i] >> shift) & 0xFFFF)
        keysOut[counts[digit]] = keys[i]
        orderOut[counts[digit]] = order[i]
        counts[digit] += 1
      }
      swap(&keys, &keysOut)
      swap(&order, &orderOut)
    }
  }
}

/// A key and the point it belongs to, inside a run being sorted.
private struct RunEntry {
  let key: UInt64
  let index: Int32
}
