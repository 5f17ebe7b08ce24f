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

  /// The same over points stored row by row in one array (`dimensions` values each)
  /// (`FrontSorter`). A point with a NaN objective is not comparable: it gets rank 0.
  public static func ranks(flat: [Double], dimensions d: Int, maxRank: Int = 3) -> [Int] {
    let n = d == 0 ? 0 : flat.count / d
    guard n > 0 else { return [] }
    if flat.contains(where: \.isNaN) { return ranksSkippingNaN(flat: flat, dimensions: d, maxRank: maxRank) }
    return flat.withUnsafeBufferPointer { values in
      let sorter = FrontSorter(values: values.baseAddress!, count: n, dimensions: d)
      return sorter.ranks(maxRank: maxRank)
    }
  }

  private static func ranksSkippingNaN(flat: [Double], dimensions d: Int, maxRank: Int) -> [Int] {
    let n = flat.count / d
    let comparable = (0..<n).filter { i in !flat[i * d..<(i + 1) * d].contains(where: \.isNaN) }
    var subset: [Double] = []
    subset.reserveCapacity(comparable.count * d)
    for i in comparable { subset.append(contentsOf: flat[i * d..<(i + 1) * d]) }
    var rank = [Int](repeating: 0, count: n)
    for (position, r) in ranks(flat: subset, dimensions: d, maxRank: maxRank).enumerated() {
      rank[comparable[position]] = r
    }
    return rank
  }

  static func lexicographicallyLess(_ a: [Double], _ b: [Double]) -> Bool {
    for i in a.indices where a[i] != b[i] { return a[i] < b[i] }
    return false
  }
}

/// Fronts 1...maxRank of a stream of points, kept incrementally in memory bounded by the fronts'
/// distinct vectors: a sweep of any length inserts rows one by one.
///
/// A point dominated by a member of front r moves on to front r + 1; a point entering front r
/// pushes the members it dominates to front r + 1. By transitivity this keeps each front equal to
/// the non-dominated set of everything not in an earlier front. A point equal to a member (the same
/// configuration met again, or another with the same figures) is not kept: the first stands for it.
///
/// Each front keeps its members' values in one flat array, so the dominance scans that every
/// arrival pays touch plain numbers only (no per-member reference counting).
/// - Complexity: O(F) per arrival for fronts of size F, usually O(1) for a dominated one.
public struct ParetoArchive<Payload: Sendable>: Sendable {
  public struct Entry: Sendable {
    public var values: [Double]
    public var payload: Payload

    @inlinable public init(values: [Double], payload: Payload) {
      self.values = values
      self.payload = payload
    }
  }

  /// One front: member i has values[i*d ..< (i+1)*d] and payloads[i].
  @usableFromInline struct Front: Sendable {
    @usableFromInline var values: [Double] = []
    @usableFromInline var payloads: [Payload] = []
    /// The member that last dominated an arrival: streams of similar rows are mostly dominated
    /// by the same few members, so it is asked first.
    @usableFromInline var lastDominator = 0

    @usableFromInline init() {}
  }

  public let maxRank: Int
  @usableFromInline var storage: [Front]
  @usableFromInline var dimensions = 0

  public init(maxRank: Int = 3) {
    self.maxRank = maxRank
    storage = Array(repeating: Front(), count: maxRank)
  }

  /// The fronts, best first, each in insertion order of its current members.
  public var fronts: [[Entry]] {
    let d = dimensions
    return storage.map { front in
      front.payloads.indices.map { i in
        Entry(values: Array(front.values[(i * d)..<((i + 1) * d)]), payload: front.payloads[i])
      }
    }
  }

  @inlinable
  public mutating func insert(_ values: [Double], _ payload: Payload) {
    if dimensions == 0 { dimensions = values.count }
    precondition(values.count == dimensions, "every point of an archive has the same objectives")
    insert(values, payload, rank: 0)
  }

  @inlinable
  mutating func insert(_ values: [Double], _ payload: Payload, rank: Int) {
    guard rank < maxRank else { return }
    switch verdict(on: values, in: storage[rank]) {
    case .dominatedBy(let member):
      storage[rank].lastDominator = member
      insert(values, payload, rank: rank + 1)
      return
    case .equalTo:
      return
    case .nonDominated:
      break
    }
    let pushed = removeDominated(by: values, from: rank)
    storage[rank].values += values
    storage[rank].payloads.append(payload)
    for member in pushed { insert(member.values, member.payload, rank: rank + 1) }
  }

  /// How an arrival stands against a front.
  @usableFromInline enum Verdict {
    case dominatedBy(Int)
    case equalTo(Int)
    case nonDominated
  }

  /// Whether a member of `front` dominates `values` (the last dominator asked first) or equals it.
  @inlinable
  func verdict(on values: [Double], in front: Front) -> Verdict {
    let d = dimensions
    let count = front.payloads.count
    return front.values.withUnsafeBufferPointer { members in
      values.withUnsafeBufferPointer { point -> Verdict in
        /// 1: the member dominates, 0: it equals, -1: neither.
        func compare(_ member: Int) -> Int {
          var better = false
          for k in 0..<d {
            let m = members[member * d + k]
            if m > point[k] { return -1 }
            if m < point[k] { better = true }
          }
          return better ? 1 : 0
        }
        if front.lastDominator < count && compare(front.lastDominator) == 1 {
          return .dominatedBy(front.lastDominator)
        }
        for member in 0..<count {
          switch compare(member) {
          case 1: return .dominatedBy(member)
          case 0: return .equalTo(member)
          default: continue
          }
        }
        return .nonDominated
      }
    }
  }

  /// Takes the members of front `rank` that `values` dominates out of it, in order.
  @inlinable
  mutating func removeDominated(by values: [Double], from rank: Int) -> [Entry] {
    let d = dimensions
    let count = storage[rank].payloads.count
    let dominated = storage[rank].values.withUnsafeBufferPointer { members in
      values.withUnsafeBufferPointer { point in
        (0..<count).filter { member in
          var better = false
          for k in 0..<d {
            let m = members[member * d + k]
            if point[k] > m { return false }
            if point[k] < m { better = true }
          }
          return better
        }
      }
    }
    guard !dominated.isEmpty else { return [] }
    let front = storage[rank]
    var kept = Front()
    var pushed: [Entry] = []
    var next = 0
    for member in 0..<count {
      let memberValues = Array(front.values[(member * d)..<((member + 1) * d)])
      if next < dominated.count && dominated[next] == member {
        pushed.append(Entry(values: memberValues, payload: front.payloads[member]))
        next += 1
      } else {
        kept.values += memberValues
        kept.payloads.append(front.payloads[member])
      }
    }
    storage[rank] = kept
    return pushed
  }
}
