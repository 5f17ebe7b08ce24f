import Basics
import NDPModel
import Routing
import Simulation

/// One results.csv row of a point: its text, its objective values when it enters the fronts
/// (feasible and meeting the constraints), and its policy.
struct SweepRow: Sendable {
  var line: String
  var objectives: [Double]?
  var policy: PolicyName
}

/// Evaluates one point of a space into its results.csv rows, one per policy.
struct PointRows: Sendable {
  let space: Space
  let expansion: SpaceExpansion
  let routing: RoutingCache

  func rows(of index: Int) -> [SweepRow] {
    let settings = expansion.settings(index)
    var built: DesignPoint?
    var results: [PolicyResult]
    do {
      let point = try expansion.point(settings: settings)
      built = point
      try Evaluator.validate(point)
      let workload = routing.workload(for: point)
      results = try Evaluator.evaluate(
        point: point, workload: workload, policies: space.policies, baseline: space.baseline
      ).results
    } catch {
      results = space.policies.map {
        PolicyResult(policy: $0, feasible: false, infeasibleReason: error.description)
      }
    }
    return results.map { result in
      let cost = built.map { space.costUSD($0, policy: result.policy) } ?? 0
      let meets = meetsConstraints(result, point: built, cost: cost)
      let fields = ResultsTable.fields(
        index: index, point: built, settings: settings, cost: cost, result: result, meetsConstraints: meets)
      return SweepRow(
        line: CSV.row(fields),
        objectives: meets && result.feasible ? objectiveValues(result, point: built, cost: cost) : nil,
        policy: result.policy)
    }
  }

  func meetsConstraints(_ result: PolicyResult, point: DesignPoint?, cost: Double) -> Bool {
    for constraint in space.constraints {
      guard let metric = constraint.metric else {
        if !result.feasible { return false }
        continue
      }
      guard let value = ResultsTable.metric(metric, result: result, point: point, cost: cost),
        constraint.holds(value)
      else { return false }
    }
    return true
  }

  /// Objective values as minimisation (maximised objectives negated); nil if any is missing.
  func objectiveValues(_ result: PolicyResult, point: DesignPoint?, cost: Double) -> [Double]? {
    var values: [Double] = []
    for objective in space.objectives {
      guard let value = ResultsTable.metric(objective.metric, result: result, point: point, cost: cost) else {
        return nil
      }
      values.append(objective.minimised(value))
    }
    return values
  }
}
