import Basics
import NDPModel
import Simulation

/// The Pareto fronts of a sweep, per scenario (`Scenarios`): overall (every policy but the
/// oracle) and per policy, ranks 1 to 3, over the rows that are feasible and meet the space's
/// constraints. Memory is bounded by the fronts' sizes.
struct ParetoBook: Sendable {
  struct Row: Sendable {
    var point: Int
    var policy: Int
    var line: String
  }

  /// The fronts of one scenario.
  struct Scopes: Sendable {
    var overall = ParetoArchive<Row>(maxRank: ParetoBook.ranks)
    var perPolicy: [ParetoArchive<Row>]
  }

  static let ranks = 3
  /// pareto.csv's columns before results.csv's: `scope` (0), `scenario`, `rank` (2).
  static let prefixColumns = ["scope", "scenario", "rank"]
  var scenarios: [Int: Scopes] = [:]
  let policies: [PolicyName]
  let scenarioIndex: Scenarios

  init(space: Space) {
    policies = space.policies
    scenarioIndex = Scenarios(space: space)
  }

  mutating func insert(values: [Double], point: Int, policy: PolicyName, line: String) {
    insert(
      values: values, point: point, policy: policy, line: line, scenario: scenarioIndex.index(ofPoint: point))
  }

  /// Enters a point's rows; its scenario is worked out once, and only if a row enters the fronts.
  mutating func insert(_ rows: [SweepRow], point: Int) {
    guard rows.contains(where: { $0.objectives != nil }) else { return }
    let scenario = scenarioIndex.index(ofPoint: point)
    for row in rows {
      guard let values = row.objectives else { continue }
      insert(values: values, point: point, policy: row.policy, line: row.line, scenario: scenario)
    }
  }

  private mutating func insert(values: [Double], point: Int, policy: PolicyName, line: String, scenario: Int)
  {
    guard let index = policies.firstIndex(of: policy) else { return }
    let row = Row(point: point, policy: index, line: line)
    // The oracle is a bound, not a design: it dominates everything, so it has only its own scope.
    let count = policies.count
    if policy != .oracle { scenarios[scenario, default: Self.emptyScopes(count)].overall.insert(values, row) }
    scenarios[scenario, default: Self.emptyScopes(count)].perPolicy[index].insert(values, row)
  }

  /// A scenario's fronts before its first row (made only when a scenario is first seen).
  private static func emptyScopes(_ policies: Int) -> Scopes {
    Scopes(perPolicy: Array(repeating: ParetoArchive<Row>(maxRank: ranks), count: policies))
  }

  /// pareto.csv: `scope,scenario,rank,` then the results columns; per scenario in order, scope
  /// `all` then each policy, rows by rank, point and policy.
  func csv(space: Space) -> String {
    var text = CSV.row(Self.prefixColumns + ResultsTable.header) + "\n"
    func emit(_ scope: String, _ scenario: String, _ archive: ParetoArchive<Row>) {
      for (rank, front) in archive.fronts.enumerated() {
        let sorted = front.sorted {
          ($0.payload.point, $0.payload.policy) < ($1.payload.point, $1.payload.policy)
        }
        for entry in sorted {
          text += CSV.row([scope, scenario, String(rank + 1)]) + "," + entry.payload.line + "\n"
        }
      }
    }
    for scenario in scenarios.keys.sorted() {
      let scopes = scenarios[scenario]!
      let key = scenarioIndex.key(scenario)
      emit("all", key, scopes.overall)
      for (index, policy) in policies.enumerated() { emit(policy.rawValue, key, scopes.perPolicy[index]) }
    }
    return text
  }
}
