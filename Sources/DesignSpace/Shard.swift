import Basics
import NDPModel

/// Which slice of the points a process evaluates: shard `index` of `count` (`--shard I/N`).
public struct Shard: Sendable, Equatable, CustomStringConvertible {
  public var index: Int
  public var count: Int

  public init(index: Int, count: Int) {
    self.index = index
    self.count = count
  }

  public static let whole = Shard(index: 0, count: 1)

  /// Parses `I/N` with 0 <= I < N.
  public static func parse(_ text: String) throws(InputError) -> Shard {
    let parts = text.split(separator: "/")
    guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1,
      index >= 0, index < count
    else { throw InputError("--shard expects I/N with 0 <= I < N, got '\(text)'") }
    return Shard(index: index, count: count)
  }

  public var description: String { "\(index)/\(count)" }
}

/// Which shard evaluates each point, balanced by cost: a point's cost follows its workload (batch,
/// prompt and output tokens, model), so the points of each workload are dealt round-robin over
/// the shards, each workload starting at its own shard. Every shard then gets within one point of
/// its share of every workload, whatever the axes' order (assigning i mod N put all of
/// edge-sizing's batch-16 points in one shard). Deterministic: every process derives the same
/// plan from the space alone, and merge interleaves the shards by it.
public struct ShardPlan: Sendable {
  public let count: Int
  private let expansion: SpaceExpansion
  /// Positions in `space.axes` of the swept workload axes, and their value counts.
  private let workloadAxes: [Int]
  private let radices: [Int]

  public init(space: Space, count: Int) {
    self.count = max(1, count)
    expansion = SpaceExpansion(space: space)
    let swept = space.axes.indices.filter {
      Space.isWorkloadKey(space.axes[$0].key) && space.axes[$0].values.count > 1
    }
    workloadAxes = swept
    radices = swept.map { space.axes[$0].values.count }
  }

  /// Calls `body(point, shard)` for every point in order.
  public func forEach(_ body: (Int, Int) throws -> Void) rethrows {
    let points = expansion.count
    guard count > 1 else {
      for point in 0..<points { try body(point, 0) }
      return
    }
    // Dealt per workload: the k-th point of workload w goes to shard (k + offset(w)) mod count.
    var dealt: [Int: Int] = [:]
    for point in 0..<points {
      let workload = self.workload(of: point)
      let k = dealt[workload, default: 0]
      dealt[workload] = k + 1
      try body(point, (k + Self.offset(workload, count: count)) % count)
    }
  }

  /// The points of `shard`, in order.
  public func points(of shard: Int) -> ShardPoints {
    guard count > 1 else { return ShardPoints(list: nil, count: expansion.count) }
    var result: [Int] = []
    forEach { point, owner in if owner == shard { result.append(point) } }
    return ShardPoints(list: result, count: result.count)
  }

  private func workload(of point: Int) -> Int {
    guard !workloadAxes.isEmpty else { return 0 }
    let choices = expansion.choices(point)
    var index = 0
    for (axis, radix) in zip(workloadAxes, radices) { index = index * radix + choices[axis] }
    return index
  }

  /// Where workload `w` starts dealing: spread, so the extra points of small workloads do not all
  /// land on shard 0.
  private static func offset(_ workload: Int, count: Int) -> Int {
    var mix = UInt64(truncatingIfNeeded: workload) &* 0x9E37_79B9_7F4A_7C15
    mix ^= mix >> 29
    return Int(mix % UInt64(count))
  }
}

/// The points one shard evaluates, in order: all of them (nothing stored), or a list.
public struct ShardPoints: Sendable {
  let list: [Int]?
  public let count: Int

  public subscript(position: Int) -> Int { list?[position] ?? position }
}
