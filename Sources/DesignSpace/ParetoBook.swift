import NDPModel
import Simulation

/// The Pareto fronts of a sweep: overall (every policy but the oracle) and per policy, ranks 1 to
/// 3, over the rows that are feasible and meet the space's constraints. Memory is bounded by the fronts' sizes.
struct ParetoBook: Sendable {
  struct Row: Sendable {
    var point: Int
    var policy: Int
    var line: String
  }

  static let ranks = 3
  var overall = ParetoArchive<Row>(maxRank: ranks)
  var perPolicy: [ParetoArchive<Row>]
  let policies: [PolicyName]

  init(space: Space) {
    policies = space.policies
    perPolicy = Array(repeating: ParetoArchive<Row>(maxRank: Self.ranks), count: space.policies.count)
  }

  mutating func insert(values: [Double], point: Int, policy: PolicyName, line: String) {
    guard let index = policies.firstIndex(of: policy) else { return }
    let row = Row(point: point, policy: index, line: line)
    // The oracle is a bound, not a design: it dominates everything, so it has only its own scope.
    if policy != .oracle { overall.insert(values, row) }
    perPolicy[index].insert(values, row)
  }

  /// Re-inserts a row read back from results.csv (resume, merge).
  mutating func insert(fields: [String], line: String, space: Space) {
    let header = ResultsTable.header
    func column(_ name: String) -> String? {
      header.firstIndex(of: name).flatMap { $0 < fields.count ? fields[$0] : nil }
    }
    guard column("feasible") == "true", column("meets_constraints") == "true",
      let point = column("point").flatMap(Int.init),
      let policy = column("policy").flatMap(PolicyName.init(rawValue:))
    else { return }
    var values: [Double] = []
    for objective in space.objectives {
      guard let value = column(objective.metric).flatMap(Double.init) else { return }
      values.append(objective.maximize ? -value : value)
    }
    insert(values: values, point: point, policy: policy, line: line)
  }

  /// pareto.csv: `scope,rank,` then the results columns; scopes `all` then each policy, rows by
  /// rank, point and policy.
  func csv(space: Space) -> String {
    var text = CSV.row(["scope", "rank"] + ResultsTable.header) + "\n"
    func emit(_ scope: String, _ archive: ParetoArchive<Row>) {
      for (rank, front) in archive.fronts.enumerated() {
        let sorted = front.sorted {
          ($0.payload.point, $0.payload.policy) < ($1.payload.point, $1.payload.policy)
        }
        for entry in sorted { text += "\(scope),\(rank + 1),\(entry.payload.line)\n" }
      }
    }
    emit("all", overall)
    for (index, policy) in policies.enumerated() { emit(policy.rawValue, perPolicy[index]) }
    return text
  }
}
