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
  var scenarios: [Int: Scopes] = [:]
  let policies: [PolicyName]
  let scenarioIndex: Scenarios

  init(space: Space) {
    policies = space.policies
    scenarioIndex = Scenarios(space: space)
  }

  mutating func insert(values: [Double], point: Int, policy: PolicyName, line: String) {
    guard let index = policies.firstIndex(of: policy) else { return }
    let row = Row(point: point, policy: index, line: line)
    let scenario = scenarioIndex.index(ofPoint: point)
    var scopes =
      scenarios.removeValue(forKey: scenario)
      ?? Scopes(perPolicy: Array(repeating: ParetoArchive<Row>(maxRank: Self.ranks), count: policies.count))
    // The oracle is a bound, not a design: it dominates everything, so it has only its own scope.
    if policy != .oracle { scopes.overall.insert(values, row) }
    scopes.perPolicy[index].insert(values, row)
    scenarios[scenario] = scopes
  }

  mutating func insert(_ row: SweepRow, point: Int) {
    guard let values = row.objectives else { return }
    insert(values: values, point: point, policy: row.policy, line: row.line)
  }

  /// pareto.csv: `scope,scenario,rank,` then the results columns; per scenario in order, scope
  /// `all` then each policy, rows by rank, point and policy.
  func csv(space: Space) -> String {
    var text = CSV.row(["scope", "scenario", "rank"] + ResultsTable.header) + "\n"
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
