import DesignSpace

/// The heatmap's data: for each cell of two swept axes (binned so the page stays bounded), the
/// best eligible row by the chosen metric and which policy achieved it, or why there is none:
/// every row infeasible (with the reasons) or feasible rows failing the constraints (with which).
/// One grid per combination of the scenario axes that are not on the heatmap, so a cell never
/// mixes workloads; at most `maximumGroups` of them are kept.
public struct HeatGrid: Sendable {
  public struct Bin: Sendable {
    public var label: String
    /// The axis value indices in the bin.
    public var values: Range<Int>
  }

  public struct Cell: Sendable {
    public var best: ReportRow?
    public var rows = 0
    public var feasible = 0
    public var reasons = ReasonCounts(limit: 3)
    /// Feasible rows failing each constraint of the space.
    public var failures: [Int]
  }

  public static let maximumColumns = 14
  public static let maximumRows = 24
  public static let maximumGroups = 12

  public let metric: String
  public let x: Axis
  public let y: Axis
  let xPosition: Int
  let yPosition: Int
  public let xBins: [Bin]
  public let yBins: [Bin]
  /// Scenario axes not on the heatmap: one grid per combination of their values.
  public let groupAxes: [Axis]
  let groupPositions: [Int]
  public private(set) var cells: [Cell]
  let order: RowOrder

  /// Nil when fewer than two axes are swept.
  public init?(space: Space, columns: ReportColumns) {
    // Design axes first: a scenario axis goes on the heatmap only when fewer than two design
    // axes vary; otherwise each scenario gets its own heatmap.
    let varying = space.axes.filter { $0.values.count > 1 }
    let swept =
      varying.filter { !space.scenarioKeys.contains($0.key) }
      + varying.filter { space.scenarioKeys.contains($0.key) }
    guard swept.count >= 2 else { return nil }
    let xKey = space.heatmap.x ?? swept.first { $0.key != space.heatmap.y }!.key
    let yKey = space.heatmap.y ?? swept.first { $0.key != xKey }!.key
    x = swept.first { $0.key == xKey }!
    y = swept.first { $0.key == yKey }!
    xPosition = space.axes.firstIndex { $0.key == xKey }!
    yPosition = space.axes.firstIndex { $0.key == yKey }!
    metric = space.heatmap.metric ?? space.objectives[0].metric
    xBins = Self.bins(x, count: Self.maximumColumns)
    yBins = Self.bins(y, count: Self.maximumRows)
    groupAxes = space.scenarioAxes.filter { $0.key != xKey && $0.key != yKey }
    groupPositions = groupAxes.map { axis in space.axes.firstIndex { $0.key == axis.key }! }
    let cell = Cell(failures: Array(repeating: 0, count: space.constraints.count))
    let groups = groupAxes.reduce(1) { $0 * $1.values.count }
    cells = Array(repeating: cell, count: min(Self.maximumGroups, groups) * xBins.count * yBins.count)
    order = RowOrder(first: metric, space: space, columns: columns)
  }

  /// Combinations of the group axes' values (some may not be kept).
  public var groupTotal: Int { groupAxes.reduce(1) { $0 * $1.values.count } }
  public var groupCount: Int { min(Self.maximumGroups, groupTotal) }

  /// Contiguous runs of an axis's values, at most `count` of them, labelled by their ends.
  static func bins(_ axis: Axis, count: Int) -> [Bin] {
    let n = axis.values.count
    let binCount = min(n, count)
    return (0..<binCount).map { bin in
      let range =
        firstValue(
          ofBin: bin, values: n, bins: binCount)..<firstValue(ofBin: bin + 1, values: n, bins: binCount)
      let first = NumberFormat.setting(axis.values[range.lowerBound])
      let last = NumberFormat.setting(axis.values[range.upperBound - 1])
      return Bin(label: range.count == 1 ? first : "\(first)–\(last)", values: range)
    }
  }

  /// The first value index of bin `bin` when `values` values are split into `bins` runs.
  static func firstValue(ofBin bin: Int, values: Int, bins: Int) -> Int { bin * values / bins }

  /// The bin holding value index `value`: the last bin starting at or before it (the inverse of
  /// `firstValue`, so a row always lands in the bin its label names).
  static func bin(ofValue value: Int, values: Int, bins: Int) -> Int { ((value + 1) * bins - 1) / values }

  public func groupLabel(_ group: Int) -> String {
    var remainder = group
    var parts: [String] = []
    for axis in groupAxes.reversed() {
      parts.append(
        "\(NumberFormat.title(axis.key, withUnit: false)) \(NumberFormat.setting(axis.values[remainder % axis.values.count]))"
      )
      remainder /= axis.values.count
    }
    return parts.reversed().joined(separator: ", ")
  }

  public func cell(group: Int, column: Int, row: Int) -> Cell {
    cells[(group * yBins.count + row) * xBins.count + column]
  }

  /// Counts a design row at the axis value `choices` of its point; `eligible` rows compete for
  /// the cell. The oracle is a bound, not a design: it is not counted.
  mutating func add(
    _ row: ReportRow, choices: [Int], feasible: Bool, eligible: Bool, reason: String?, failed: [Int]
  ) {
    guard row.policy != .oracle else { return }
    var group = 0
    for (axis, position) in zip(groupAxes, groupPositions) {
      group = group * axis.values.count + choices[position]
    }
    guard group < groupCount else { return }
    let column = Self.bin(ofValue: choices[xPosition], values: x.values.count, bins: xBins.count)
    let line = Self.bin(ofValue: choices[yPosition], values: y.values.count, bins: yBins.count)
    let index = (group * yBins.count + line) * xBins.count + column
    cells[index].rows += 1
    if !feasible {
      cells[index].reasons.add(reason ?? "infeasible")
      return
    }
    cells[index].feasible += 1
    for constraint in failed { cells[index].failures[constraint] += 1 }
    guard eligible else { return }
    if cells[index].best.map({ order.better(row, than: $0) }) ?? true { cells[index].best = row }
  }
}
