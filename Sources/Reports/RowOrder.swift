import DesignSpace
import Simulation

/// How one metric is judged: lower or higher is better (objectives say; otherwise by meaning).
public enum MetricDirection {
  public static func better(_ metric: String, space: Space) -> ChartAxis.Better {
    if let objective = space.objectives.first(where: { $0.metric == metric }) {
      return objective.maximize ? .higher : .lower
    }
    return MetricSense.higherIsBetter.contains(metric) ? .higher : .lower
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
