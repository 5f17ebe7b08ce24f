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
  /// The space's trace, replayed instead of generated routing.
  let trace: ReplayedTrace?
  /// The constraints' metrics (nil for `feasible`) and the objectives', resolved once.
  private let constraintMetrics: [ResultsTable.MetricLookup?]
  private let objectiveMetrics: [ResultsTable.MetricLookup]

  init(space: Space, expansion: SpaceExpansion, routing: RoutingCache, trace: ReplayedTrace? = nil) {
    self.space = space
    self.expansion = expansion
    self.routing = routing
    self.trace = trace
    constraintMetrics = space.constraints.map { $0.metric.map(ResultsTable.MetricLookup.init) }
    objectiveMetrics = space.objectives.map { ResultsTable.MetricLookup($0.metric) }
  }

  func rows(of index: Int) -> [SweepRow] {
    let settings = expansion.settings(index)
    var built: DesignPoint?
    var results: [PolicyResult]
    do {
      let point = try expansion.point(settings: settings)
      built = point
      try Evaluator.validate(point)
      let workload = try trace?.workload(for: point) ?? routing.workload(for: point)
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
      let outputs = result.metricValues
      let meets = meetsConstraints(result, point: built, cost: cost, outputs: outputs)
      let fields = ResultsTable.fields(
        index: index, point: built, settings: settings, cost: cost, result: result, outputs: outputs,
        meetsConstraints: meets)
      return SweepRow(
        line: CSV.row(fields),
        objectives: meets && result.feasible
          ? objectiveValues(result, point: built, cost: cost, outputs: outputs) : nil,
        policy: result.policy)
    }
  }

  func meetsConstraints(_ result: PolicyResult, point: DesignPoint?, cost: Double, outputs: [Double?]) -> Bool
  {
    for (constraint, metric) in zip(space.constraints, constraintMetrics) {
      guard let metric else {
        if !result.feasible { return false }
        continue
      }
      guard let value = metric.value(result, point: point, cost: cost, outputs: outputs),
        constraint.holds(value)
      else { return false }
    }
    return true
  }

  /// Objective values as minimisation (maximised objectives negated); nil if any is missing.
  func objectiveValues(
    _ result: PolicyResult, point: DesignPoint?, cost: Double, outputs: [Double?]
  ) -> [Double]? {
    var values: [Double] = []
    for (objective, metric) in zip(space.objectives, objectiveMetrics) {
      guard let value = metric.value(result, point: point, cost: cost, outputs: outputs) else { return nil }
      values.append(objective.minimised(value))
    }
    return values
  }
}
