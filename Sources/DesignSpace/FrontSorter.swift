import Basics

/// The exact non-dominated sort behind `Pareto.ranks(flat:)`, over points stored row by row.
///
/// Points are visited in lexicographic order, so a point can only be dominated by one visited
/// before it, and (by transitivity) then by a member of the front being built. Each front is one
/// pass over the points not yet ranked:
/// - two objectives: the running minimum of the second;
/// - three: a staircase of the front's (second, third) projections, searched by bisection
///   (`Staircase`): O(n log F) per front;
/// - more: each point against the front's members, O(n F).
/// Equal points are adjacent in that order and always share a front.
struct FrontSorter {
  let count: Int
  let dimensions: Int
  /// The points' indices in lexicographic order, and the points copied in that order (so each
  /// front's pass reads memory in sequence).
  let order: [Int32]
  private let sorted: RawStorage<Double>

  init(values: UnsafePointer<Double>, count: Int, dimensions: Int) {
    self.count = count
    self.dimensions = dimensions
    let order = LexicographicOrder.of(values: values, count: count, dimensions: dimensions)
    let sorted = RawStorage<Double>(repeating: 0, count: count * dimensions)
    for (position, index) in order.enumerated() {
      for i in 0..<dimensions { sorted[position * dimensions + i] = values[Int(index) * dimensions + i] }
    }
    self.order = order
    self.sorted = sorted
  }

  /// The point at `position` in lexicographic order.
  @inline(__always) func point(_ position: Int32) -> UnsafePointer<Double> {
    UnsafePointer(sorted.pointer + Int(position) * dimensions)
  }

  /// The smallest and largest value of objective `i` (a unit range when there are no points).
  func range(of i: Int) -> ClosedRange<Double> {
    guard i < dimensions, count > 0 else { return 0...1 }
    var low = Double.infinity
    var high = -Double.infinity
    for position in 0..<Int32(count) {
      low = Swift.min(low, point(position)[i])
      high = Swift.max(high, point(position)[i])
    }
    return low <= high ? low...high : 0...1
  }

  func equal(_ a: Int32, _ b: Int32) -> Bool {
    let x = point(a)
    let y = point(b)
    for i in 0..<dimensions where x[i] != y[i] { return false }
    return true
  }

  /// Ranks 1...maxRank of every point (by original index), 0 beyond.
  func ranks(maxRank: Int) -> [Int] {
    var byPosition = [Int](repeating: 0, count: count)
    var remaining = (0..<Int32(count)).map { $0 }
    var rest: [Int32] = []
    rest.reserveCapacity(count)
    var staircase = Staircase(yRange: range(of: 1))
    var front: [Int32] = []
    for current in 1...max(1, maxRank) where !remaining.isEmpty {
      rest.removeAll(keepingCapacity: true)
      switch dimensions {
      case 2: frontOfTwo(remaining, rank: current, into: &byPosition, rest: &rest)
      case 3: frontOfThree(remaining, rank: current, into: &byPosition, rest: &rest, staircase: &staircase)
      default: frontOfMany(remaining, rank: current, into: &byPosition, rest: &rest, front: &front)
      }
      swap(&remaining, &rest)
    }
    var rank = [Int](repeating: 0, count: count)
    for (position, index) in order.enumerated() { rank[Int(index)] = byPosition[position] }
    return rank
  }

  /// One front of two objectives: non-dominated iff the second beats every earlier member's,
  /// or the point equals the member before it.
  func frontOfTwo(_ remaining: [Int32], rank current: Int, into rank: inout [Int], rest: inout [Int32]) {
    // NaN until the first member: it beats nothing, so even an infinite second value gets in.
    var bestSecond = Double.nan
    var last: Int32 = -1
    for index in remaining {
      let p = point(index)
      if !(bestSecond <= p[1]) || (last >= 0 && equal(last, index)) {
        if !(bestSecond <= p[1]) { bestSecond = p[1] }
        last = index
        rank[Int(index)] = current
      } else {
        rest.append(index)
      }
    }
  }

  /// One front of three objectives: a point is dominated iff an earlier member's (second, third)
  /// are both no larger; equal points follow the one before them.
  func frontOfThree(
    _ remaining: [Int32], rank current: Int, into rank: inout [Int], rest: inout [Int32],
    staircase: inout Staircase
  ) {
    staircase.removeAll()
    var previous: Int32 = -1
    var previousInFront = false
    for index in remaining {
      let p = point(index)
      let inFront: Bool
      if previous >= 0 && equal(previous, index) {
        inFront = previousInFront
      } else {
        inFront = !staircase.covers(p[1], p[2])
        if inFront { staircase.insert(p[1], p[2]) }
      }
      if inFront { rank[Int(index)] = current } else { rest.append(index) }
      previous = index
      previousInFront = inFront
    }
  }

  /// One front of four or more objectives: each point against the members found so far (the
  /// member that dominated the previous point first, as it often dominates the next).
  func frontOfMany(
    _ remaining: [Int32], rank current: Int, into rank: inout [Int], rest: inout [Int32], front: inout [Int32]
  ) {
    front.removeAll(keepingCapacity: true)
    var lastDominator = -1
    for index in remaining {
      var dominated = lastDominator >= 0 && dominates(front[lastDominator], index)
      if !dominated, let position = front.firstIndex(where: { dominates($0, index) }) {
        dominated = true
        lastDominator = position
      }
      if dominated {
        rest.append(index)
      } else {
        front.append(index)
        rank[Int(index)] = current
      }
    }
  }

  func dominates(_ a: Int32, _ b: Int32) -> Bool {
    let x = point(a)
    let y = point(b)
    var better = false
    for i in 0..<dimensions {
      if x[i] > y[i] { return false }
      if x[i] < y[i] { better = true }
    }
    return better
  }
}
