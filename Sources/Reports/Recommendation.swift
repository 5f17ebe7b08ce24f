import Basics
import DesignSpace
import Foundation
import Simulation

/// What a scenario's page recommends: the best design under the constraints for each objective
/// (ties broken by the other objectives), and the knee of the Pareto front, each with the
/// numbers that decide it.
public struct Recommendation {
  public struct Pick {
    /// "lowest time per output token", "knee of the front".
    public var goal: String
    public var row: ReportRow
    /// One line of why: the deciding numbers.
    public var why: String
  }

  public var picks: [Pick] = []

  public init(scenario: ScenarioData, data: SweepData) {
    let space = data.space
    let columns = data.columns
    for (index, objective) in space.objectives.enumerated() {
      guard let row = scenario.best[index] else { continue }
      let value = columns.value(row, objective.metric)
      var why = value.map { NumberFormat.metric(objective.metric, $0) } ?? "n/a"
      why +=
        scenario.eligible == 1
        ? ", the only eligible row"
        : ", the \(objective.maximize ? "highest" : "lowest") of \(scenario.eligible) eligible rows"
      let others = space.objectives.filter { $0.metric != objective.metric }.compactMap { other in
        columns.value(row, other.metric).map { NumberFormat.metric(other.metric, $0) }
      }
      if !others.isEmpty { why += "; " + others.joined(separator: ", ") }
      let word = objective.maximize ? "highest" : "lowest"
      picks.append(
        Pick(goal: "\(word) \(NumberFormat.title(objective.metric, withUnit: false))", row: row, why: why))
    }
    if space.objectives.count > 1, let knee = Self.knee(scenario.frontRows, data: data) {
      picks.append(Pick(goal: "knee of the front (balanced)", row: knee, why: kneeWhy(knee, scenario, data)))
    }
    // One design best at everything is one line, not one per objective.
    if picks.count > 1, let first = picks.first,
      picks.allSatisfy({ ($0.row.point, $0.row.policy) == (first.row.point, first.row.policy) })
    {
      let values = space.objectives.compactMap { objective in
        columns.value(first.row, objective.metric).map { NumberFormat.metric(objective.metric, $0) }
      }
      picks = [
        Pick(
          goal: "every objective", row: first.row,
          why: values.joined(separator: ", ")
            + ": the best of \(Counted.text(scenario.eligible, "eligible row")) for each objective")
      ]
    }
  }

  /// The front's design closest to the ideal point once each objective is scaled to [0, 1] over
  /// the front (0: the front's best value). Ties go to the better first objective.
  static func knee(_ front: [ReportRow], data: SweepData) -> ReportRow? {
    guard !front.isEmpty else { return nil }
    let objectives = data.space.objectives
    let values = front.map { row in
      objectives.map { objective in
        objective.minimised(data.columns.value(row, objective.metric) ?? .nan)
      }
    }
    let lows = objectives.indices.map { i in values.map { $0[i] }.min() ?? 0 }
    let highs = objectives.indices.map { i in values.map { $0[i] }.max() ?? 0 }
    let order = RowOrder(first: objectives[0].metric, space: data.space, columns: data.columns)
    var best: (row: ReportRow, distance: Double)?
    for (row, value) in zip(front, values) {
      let distance = objectives.indices.map { i -> Double in
        let span = highs[i] - lows[i]
        let scaled = span > 0 ? (value[i] - lows[i]) / span : 0
        return scaled * scaled
      }.reduce(0, +).squareRoot()
      if let current = best {
        if distance < current.distance - 1e-12
          || (abs(distance - current.distance) <= 1e-12 && order.better(row, than: current.row))
        {
          best = (row, distance)
        }
      } else {
        best = (row, distance)
      }
    }
    return best?.row
  }

  /// "closest to the ideal of the 7 front designs: 9.41 ms (+5.4% on the best), $1,449 (best)";
  /// against a best of zero, "1.89% (best 0%)".
  func kneeWhy(_ row: ReportRow, _ scenario: ScenarioData, _ data: SweepData) -> String {
    let front = scenario.frontRows
    guard front.count > 1 else {
      return "the only design on the front: it is best for every objective at once"
    }
    let parts = data.space.objectives.enumerated().compactMap { index, objective -> String? in
      guard let value = data.columns.value(row, objective.metric),
        let bestRow = scenario.best[index], let best = data.columns.value(bestRow, objective.metric)
      else { return nil }
      let text = NumberFormat.metric(objective.metric, value)
      guard value != best else { return text + " (best)" }
      // No gap in percent on a best of zero: the best itself, then.
      guard best != 0 else { return text + " (best " + NumberFormat.metric(objective.metric, best) + ")" }
      let gap = (value - best) / abs(best) * 100
      return text + " (" + (gap >= 0 ? "+" : "") + NumberFormat.significant(gap, digits: 2) + "% on the best)"
    }
    return "closest to the ideal of the \(front.count) front designs: " + parts.joined(separator: ", ")
  }
}
