import Routing

/// A uniform random sample of one stratum (a policy in a scenario) of a stream, in one pass and
/// bounded memory: each row gets a fixed pseudo-random key from its point and policy, and the
/// `capacity` rows with the smallest keys are kept (bottom-k sampling). Any prefix of the kept
/// rows in key order is itself a uniform sample, so a chart can take fewer from one stratum and
/// more from another, and the result never depends on the file's order or on the other strata.
struct StratifiedSample: Sendable {
  struct Entry: Sendable {
    var key: UInt64
    var row: ReportRow
  }

  let capacity: Int
  private(set) var entries: [Entry] = []
  /// Rows offered, kept or not.
  private(set) var seen = 0

  init(capacity: Int) { self.capacity = capacity }

  static func key(point: Int, policy: Int) -> UInt64 {
    var generator = SplitMix64(seed: SplitMix64.derive(0x5EED, UInt64(point), UInt64(policy)))
    return generator.next()
  }

  mutating func offer(_ row: ReportRow, policyIndex: Int) {
    seen += 1
    guard capacity > 0 else { return }
    entries.append(Entry(key: Self.key(point: row.point, policy: policyIndex), row: row))
    // Amortised: trim to the smallest keys once twice the capacity has piled up.
    if entries.count >= 2 * capacity { trim() }
  }

  private mutating func trim() {
    entries.sort { ($0.key, $0.row.point) < ($1.key, $1.row.point) }
    entries.removeLast(entries.count - capacity)
  }

  /// The first `count` rows in key order (a uniform sample of that size).
  func rows(_ count: Int) -> [ReportRow] {
    let sorted = entries.sorted { ($0.key, $0.row.point) < ($1.key, $1.row.point) }
    return sorted.prefix(min(count, capacity)).map(\.row)
  }

  /// Splits `budget` rows among strata with `available` rows each: every stratum with rows gets
  /// at least one, the rest is shared out evenly and what a small stratum cannot use goes to the
  /// others (water-filling), so the budget is filled whenever there are enough rows.
  static func allocate(budget: Int, available: [Int]) -> [Int] {
    var shares = available.map { min($0, 1) }
    var left = budget - shares.reduce(0, +)
    while left > 0 {
      let open = available.indices.filter { shares[$0] < available[$0] }
      guard !open.isEmpty else { break }
      let each = max(1, left / open.count)
      for index in open where left > 0 {
        let add = min(each, available[index] - shares[index], left)
        shares[index] += add
        left -= add
      }
    }
    return shares
  }
}
