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
  ///
  /// Points are visited in lexicographic order, so a point can only be dominated by one visited
  /// before it, and (by transitivity) then by a member of the front being built: each front costs
  /// O(n log n + n * front size). Two objectives need only the running minimum of the second.
  public static func ranks(_ points: [[Double]], maxRank: Int = 3) -> [Int] {
    var rank = [Int](repeating: 0, count: points.count)
    var remaining = points.indices.sorted { lexicographicallyLess(points[$0], points[$1]) }
    let dimensions = points.first?.count ?? 0
    for current in 1...max(1, maxRank) where !remaining.isEmpty {
      var front: [Int] = []
      var rest: [Int] = []
      rest.reserveCapacity(remaining.count)
      if dimensions == 2 {
        var bestSecond = Double.infinity
        var previous: [Double]? = nil
        for index in remaining {
          let point = points[index]
          if point[1] < bestSecond || (previous == point && rank[front.last ?? index] == current) {
            if point[1] < bestSecond { bestSecond = point[1] }
            front.append(index)
            rank[index] = current
            previous = point
          } else {
            rest.append(index)
          }
        }
      } else {
        for index in remaining {
          let point = points[index]
          if front.contains(where: { dominates(points[$0], point) }) {
            rest.append(index)
          } else {
            front.append(index)
            rank[index] = current
          }
        }
      }
      remaining = rest
    }
    return rank
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
