import Basics
import DesignSpace
import Foundation
import NDPModel
import Simulation

extension SweepData {
  /// The results.csv columns the pass reads for every row.
  struct RowColumns {
    let point: Int
    let policy: Int
    let feasible: Int
    let reason: Int
    let meets: Int

    init(header: [String]) {
      func index(_ name: String) -> Int { header.firstIndex(of: name)! }
      point = index("point")
      policy = index("policy")
      feasible = index("feasible")
      reason = index("infeasible_reason")
      meets = index("meets_constraints")
    }
  }

  /// One pass over results.csv.
  mutating func read(_ path: String) throws(ReportError) {
    let header = ResultsTable.header
    let at = RowColumns(header: header)
    let orders = space.objectives.map { RowOrder(first: $0.metric, space: space, columns: columns) }
    let unitsAxis =
      unitCountObjective == nil
      ? nil
      : space.axes.firstIndex { $0.key == "ndp.units" && $0.values.count > 1 }
        .flatMap { space.scenarioKeys.contains("ndp.units") ? nil : $0 }
    let missing = [Double](repeating: .nan, count: columns.names.count)
    do {
      var reader = try CSVReader(path: path)
      try reader.forEach { record in
        if record.number == 1 {
          guard record.strings == header else {
            throw ReportError(
              "\(path): its header is not this version's; re-run the sweep or `ndpscope report` with the version that wrote it"
            )
          }
          return
        }
        guard record.count == header.count, let point = record.integer(at.point),
          point < space.pointCount, let policy = PolicyName(rawValue: record.string(at.policy))
        else { throw ReportError("\(path):\(record.number): the row does not have this sweep's columns") }
        let feasible = record.equals(at.feasible, "true")
        let row = ReportRow(
          point: point, policy: policy, values: feasible ? columns.values(of: record) : missing)
        add(
          row, feasible: feasible, meets: record.equals(at.meets, "true"),
          reason: feasible ? nil : record.string(at.reason), orders: orders, unitsAxis: unitsAxis)
      }
    } catch let error as ReportError {
      throw error
    } catch {
      throw ReportError("\(path): cannot read (\(error))")
    }
  }

  private mutating func add(
    _ row: ReportRow, feasible: Bool, meets: Bool, reason: String?, orders: [RowOrder], unitsAxis: Int?
  ) {
    rows += 1
    let choices = expansion.choices(row.point)
    let scenario = scenarios.index(choices: choices)
    let eligible = feasible && meets
    var failed: [Int] = []
    if feasible {
      feasibleRows += 1
      if !meets { failed = failedConstraints(row) }
      for constraint in failed { constraintFailures[constraint] += 1 }
    } else {
      infeasible.add(reason ?? "")
    }
    heat?.add(row, choices: choices, feasible: feasible, eligible: eligible, reason: reason, failed: failed)
    guard scenario < Self.trackedScenarios else {
      untrackedScenarios.insert(scenario)
      if eligible { eligibleRows += 1 }
      return
    }
    var data =
      scenarioData.removeValue(forKey: scenario)
      ?? ScenarioData(
        index: scenario, objectives: space.objectives.count, pairs: pairs.count,
        sampleCapacity: scenario < Self.shownScenarios ? marksPerScatter : 0)
    data.count(row.policy, feasible: feasible)
    if eligible {
      eligibleRows += 1
      let objectives = space.objectives.map { objective in
        columns.value(row, objective.metric).map(objective.minimised)
      }
      let units = unitsAxis.flatMap { axis -> Int? in
        if case .number(let value) = space.axes[axis].values[choices[axis]] { return Int(value) }
        return nil
      }
      data.addEligible(
        row, objectives: objectives, pairs: pairs, orders: orders,
        units: units.map { UnitCount(count: $0, objective: unitCountObjective!) })
    }
    scenarioData[scenario] = data
  }

  /// The constraints a feasible row fails (indices into `space.constraints`).
  func failedConstraints(_ row: ReportRow) -> [Int] {
    space.constraints.indices.filter { index in
      guard let metric = space.constraints[index].metric else { return false }
      guard let value = columns.value(row, metric) else { return true }
      return !space.constraints[index].holds(value)
    }
  }
}
