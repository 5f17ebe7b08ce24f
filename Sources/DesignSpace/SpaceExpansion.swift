import Basics
import NDPModel
import Routing
import Simulation

/// Turns a space into numbered points. Point `i` is the same whatever the shard, job count or
/// resume position: grid points by mixed-radix counting (first axis slowest), random and
/// latin-hypercube points from streams seeded by (space seed, point, axis).
public struct SpaceExpansion: Sendable {
  public let space: Space
  /// Latin hypercube: per axis, the stratum of each point (a seeded permutation).
  private let strata: [[Int32]]
  /// Random sampling: point i is configuration `distinct.map(i)` of the grid, so no configuration
  /// is drawn twice (nil when the grid is too large to number, where repeats are negligible).
  private let distinct: IndexPermutation?

  public init(space: Space) {
    self.space = space
    if space.strategy == .latinHypercube {
      strata = space.axes.indices.map { axis in
        var rng = SplitMix64(seed: SplitMix64.derive(space.seed, 101, UInt64(axis)))
        var order = (0..<space.samples).map { Int32($0) }
        order.shuffle(using: &rng)
        return order
      }
    } else {
      strata = []
    }
    let combinations = space.axes.reduce(1.0) { $0 * Double($1.values.count) }
    distinct =
      space.strategy == .random && combinations <= Double(1 << 62)
      ? IndexPermutation(count: UInt64(combinations), seed: SplitMix64.derive(space.seed, 102)) : nil
  }

  public var count: Int { space.pointCount }

  /// The value index of each axis at point `index`.
  public func choices(_ index: Int) -> [Int] {
    let axes = space.axes
    switch space.strategy {
    case .grid:
      return Self.decode(UInt64(index), axes: axes)
    case .random:
      if let distinct { return Self.decode(distinct.map(UInt64(index)), axes: axes) }
      return axes.indices.map { axis in
        var rng = SplitMix64(seed: SplitMix64.derive(space.seed, 102, UInt64(index), UInt64(axis)))
        return Int(rng.nextUnit() * Double(axes[axis].values.count))
      }
    case .latinHypercube:
      return axes.indices.map { axis in
        var rng = SplitMix64(seed: SplitMix64.derive(space.seed, 103, UInt64(index), UInt64(axis)))
        let u = (Double(strata[axis][index]) + rng.nextUnit()) / Double(space.samples)
        return min(axes[axis].values.count - 1, Int(u * Double(axes[axis].values.count)))
      }
    }
  }

  /// The value index of each axis in grid configuration `index` (first axis slowest).
  static func decode(_ index: UInt64, axes: [Axis]) -> [Int] {
    var remainder = index
    var result = [Int](repeating: 0, count: axes.count)
    for axis in axes.indices.reversed() {
      let size = UInt64(axes[axis].values.count)
      result[axis] = Int(remainder % size)
      remainder /= size
    }
    return result
  }

  /// Settings of point `index`: fixed ones, then one value per axis.
  public func settings(_ index: Int) -> [(key: String, value: SettingValue)] {
    let picks = choices(index)
    return space.fixed + space.axes.indices.map { (space.axes[$0].key, space.axes[$0].values[picks[$0]]) }
  }

  /// The design point of `index`: presets first (defaults where the space names none), then
  /// parameter values in order. The routing seed is the space's unless `workload.seed` is set.
  public func point(_ index: Int) throws(InputError) -> DesignPoint {
    try point(settings: settings(index))
  }

  /// The design point of already expanded settings of this space.
  public func point(settings: [(key: String, value: SettingValue)]) throws(InputError) -> DesignPoint {
    try Self.point(
      settings: settings, calibrations: space.calibration.map { [$0] } ?? [], seed: space.seed,
      origin: "set in space '\(space.name)'", catalog: space.catalog)
  }

  /// A point from settings: the named presets (defaults for the others), the calibrations that
  /// apply to them, then the parameter values in order, each recorded as set by `origin`.
  public static func point(
    settings: [(key: String, value: SettingValue)], calibrations: [Calibration] = [], seed: UInt64? = nil,
    origin: String, catalog: PresetCatalog = .shipped
  ) throws(InputError) -> DesignPoint {
    var selection = PresetSelection()
    for (key, value) in settings {
      if case .preset(let name) = value, let kind = PresetKind(rawValue: key) { selection[kind] = name }
    }
    var point = try DesignPoint.from(selection, catalog: catalog)
    for calibration in calibrations { try calibration.apply(to: &point) }
    if let seed { point.workload.seed = seed }
    for (key, value) in settings {
      guard case .number(let number) = value else { continue }
      try ParameterRegistry.parameter(named: key).apply(number, to: &point)
      point.sources[key] = Source(.user, origin)
    }
    return point
  }
}
