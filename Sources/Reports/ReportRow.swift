import DesignSpace
import NDPModel
import Simulation

/// One results.csv row as a report keeps it: the point, the policy and the numeric columns the
/// page uses (`ReportColumns`), NaN where a cell is empty. Axis values are not stored: the
/// space's expansion gives them back from the point number.
public struct ReportRow: Sendable {
  public var point: Int
  public var policy: PolicyName
  var values: [Double]
}

/// Which numeric columns of results.csv a report keeps, and where they are in the file.
public struct ReportColumns: Sendable {
  public let names: [String]
  let csvIndex: [Int]
  private let position: [String: Int]

  /// The metrics, `cost_usd`, the breakdown, and any parameter the space's constraints,
  /// objectives or heatmap name.
  public init(space: Space, header: [String]) {
    var names = PolicyResult.metricKeys + ["cost_usd"] + ResultsTable.breakdownColumns
    let named =
      space.constraints.compactMap(\.metric) + space.objectives.map(\.metric)
      + [space.heatmap.metric].compactMap { $0 }
    for name in named where !names.contains(name) { names.append(name) }
    let headerIndex = Dictionary(uniqueKeysWithValues: header.enumerated().map { ($1, $0) })
    self.names = names.filter { headerIndex[$0] != nil }
    csvIndex = self.names.map { headerIndex[$0]! }
    position = Dictionary(uniqueKeysWithValues: self.names.enumerated().map { ($1, $0) })
  }

  /// The value of column `name` in `row`, or nil when the cell is empty or the column not kept.
  public func value(_ row: ReportRow, _ name: String) -> Double? {
    guard let index = position[name] else { return nil }
    let value = row.values[index]
    return value.isNaN ? nil : value
  }

  /// Reads the kept columns of a record.
  func values(of record: CSVRecord) -> [Double] {
    csvIndex.map { record.double($0) ?? .nan }
  }
}

/// How one metric is judged: lower or higher is better (objectives say; otherwise by meaning).
public enum MetricDirection {
  public static func better(_ metric: String, space: Space) -> ChartAxis.Better {
    if let objective = space.objectives.first(where: { $0.metric == metric }) {
      return objective.maximize ? .higher : .lower
    }
    let higher = [
      "tokens_per_s", "decode_tokens_per_s", "speedup", "prefetch_hit_rate", "cache_hit_rate",
      "gpu_expert_util",
    ]
    return higher.contains(metric) ? .higher : .lower
  }
}

/// Orders rows for "best": by a metric in its better direction, ties broken by the space's
/// objectives in order, then by point and policy, so the choice never depends on file order.
public struct RowOrder: Sendable {
  let keys: [(name: String, better: ChartAxis.Better)]
  let columns: ReportColumns

  public init(first metric: String, space: Space, columns: ReportColumns) {
    var keys = [(metric, MetricDirection.better(metric, space: space))]
    for objective in space.objectives where objective.metric != metric {
      keys.append((objective.metric, objective.maximize ? .higher : .lower))
    }
    self.keys = keys
    self.columns = columns
  }

  /// Whether `a` is better than `b`; a missing value is worse than any.
  public func better(_ a: ReportRow, than b: ReportRow) -> Bool {
    for key in keys {
      let x = columns.value(a, key.name)
      let y = columns.value(b, key.name)
      switch (x, y) {
      case (nil, nil): continue
      case (nil, _): return false
      case (_, nil): return true
      case (let x?, let y?):
        if x != y { return key.better == .lower ? x < y : x > y }
      }
    }
    return (a.point, a.policy) < (b.point, b.policy)
  }
}
