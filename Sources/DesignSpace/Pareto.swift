/// Pareto fronts for minimisation (negate an objective to maximise it).
///
/// `a` dominates `b` when it is no worse in every objective and better in at least one; equal
/// vectors do not dominate each other, so duplicates share a front.
public enum Pareto {
  @inlinable
  public static func dominates(_ a: [Double], _ b: [Double]) -> Bool {
    var better = false
    for i in a.indices {
      if a[i] > b[i] { return false }
      if a[i] < b[i] { better = true }
    }
    return better
  }

  /// Front ranks (1 = non-dominated, 2 = non-dominated once front 1 is removed, ...) of every
  /// point, up to `maxRank`; 0 for points beyond it.
  public static func ranks(_ points: [[Double]], maxRank: Int = 3) -> [Int] {
    let dimensions = points.first?.count ?? 0
    var flat: [Double] = []
    flat.reserveCapacity(points.count * dimensions)
    for point in points { flat.append(contentsOf: point) }
    return ranks(flat: flat, dimensions: dimensions, maxRank: maxRank)
  }

  /// The same over points stored row by row in one array (`dimensions` values each).
  ///
  /// Points are visited in lexicographic order, so a point can only be dominated by one visited
  /// before it, and (by transitivity) then by a member of the front being built: each front costs
  /// O(n log n + n * front size). Two objectives need only the running minimum of the second.
  /// - Complexity: O(n log n + n * F * maxRank) for fronts of size F.
  public static func ranks(flat: [Double], dimensions d: Int, maxRank: Int = 3) -> [Int] {
    let n = d == 0 ? 0 : flat.count / d
    var rank = [Int](repeating: 0, count: n)
    guard n > 0 else { return rank }
    return flat.withUnsafeBufferPointer { values -> [Int] in
      let v = values.baseAddress!
      @inline(__always) func less(_ a: Int32, _ b: Int32) -> Bool {
        let x = v + Int(a) * d
        let y = v + Int(b) * d
        for i in 0..<d where x[i] != y[i] { return x[i] < y[i] }
        return a < b
      }
      @inline(__always) func dominates(_ a: Int32, _ b: Int32) -> Bool {
        let x = v + Int(a) * d
        let y = v + Int(b) * d
        var better = false
        for i in 0..<d {
          if x[i] > y[i] { return false }
          if x[i] < y[i] { better = true }
        }
        return better
      }
      // Order by the first objective (a plain key sort), then lexicographically within ties:
      // that is all the argument above needs, since a dominator is lexicographically smaller.
      var keyed = (0..<n).map { (v[$0 * d], Int32($0)) }
      keyed.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
      var remaining = keyed.map(\.1)
      keyed = []
      var start = 0
      while start < n {
        var end = start + 1
        let key = v[Int(remaining[start]) * d]
        while end < n && v[Int(remaining[end]) * d] == key { end += 1 }
        if end - start > 1 { remaining[start..<end].sort(by: less) }
        start = end
      }
      var front: [Int32] = []
      var rest: [Int32] = []
      rest.reserveCapacity(n)
      for current in 1...max(1, maxRank) where !remaining.isEmpty {
        front.removeAll(keepingCapacity: true)
        rest.removeAll(keepingCapacity: true)
        if d == 2 {
          // Lexicographic order: non-dominated iff the second objective beats every earlier
          // front member's, or the point equals the last member (duplicates share a front).
          var bestSecond = Double.infinity
          for index in remaining {
            let p = v + Int(index) * 2
            let duplicate =
              front.last.map { last in
                let q = v + Int(last) * 2
                return q[0] == p[0] && q[1] == p[1]
              } ?? false
            if p[1] < bestSecond || duplicate {
              bestSecond = min(bestSecond, p[1])
              front.append(index)
              rank[Int(index)] = current
            } else {
              rest.append(index)
            }
          }
        } else {
          // The member that dominated the previous point often dominates the next: try it first.
          var lastDominator = -1
          for index in remaining {
            var dominated = lastDominator >= 0 && dominates(front[lastDominator], index)
            if !dominated {
              for (position, member) in front.enumerated() where dominates(member, index) {
                dominated = true
                lastDominator = position
                break
              }
            }
            if dominated {
              rest.append(index)
            } else {
              front.append(index)
              rank[Int(index)] = current
            }
          }
        }
        swap(&remaining, &rest)
      }
      return rank
    }
  }

  static func lexicographicallyLess(_ a: [Double], _ b: [Double]) -> Bool {
    for i in a.indices where a[i] != b[i] { return a[i] < b[i] }
    return false
  }
}

/// Fronts 1...maxRank of a stream of points, kept incrementally in memory bounded by the fronts'
/// sizes: a sweep of any length inserts rows one by one.
///
/// A point dominated by a member of front r moves on to front r + 1; a point entering front r
/// pushes the members it dominates to front r + 1. By transitivity this keeps each front equal to
/// the non-dominated set of everything not in an earlier front.
public struct ParetoArchive<Payload: Sendable>: Sendable {
  public struct Entry: Sendable {
    public var values: [Double]
    public var payload: Payload
  }

  public let maxRank: Int
  public private(set) var fronts: [[Entry]]

  public init(maxRank: Int = 3) {
    self.maxRank = maxRank
    fronts = Array(repeating: [], count: maxRank)
  }

  public mutating func insert(_ values: [Double], _ payload: Payload) {
    insert(Entry(values: values, payload: payload), rank: 0)
  }

  private mutating func insert(_ entry: Entry, rank: Int) {
    guard rank < maxRank else { return }
    if fronts[rank].contains(where: { Pareto.dominates($0.values, entry.values) }) {
      insert(entry, rank: rank + 1)
      return
    }
    var kept: [Entry] = []
    var pushed: [Entry] = []
    for member in fronts[rank] {
      if Pareto.dominates(entry.values, member.values) { pushed.append(member) } else { kept.append(member) }
    }
    kept.append(entry)
    fronts[rank] = kept
    for member in pushed { insert(member, rank: rank + 1) }
  }
}
