import Basics
import NDPModel
import Simulation

/// `ndpscope best`: the best row of a finished sweep's results.csv for one objective, among the
/// feasible rows of the chosen policies that meet every condition, overall or per value of one
/// column. Ties go to the first such row in the file (the lowest point, then the space's policy
/// order), so the answer is what filtering results.csv and taking the first best row gives.
public struct SweepQuery: Sendable {
  public var conditions: [Constraint]
  public var objective: Objective
  /// The column whose values split the answer (`model`, `workload.batch`, `policy`, ...).
  public var per: String?
  /// nil: every policy but the oracle (a bound, not a design).
  public var policies: [PolicyName]?

  /// Checks the names: conditions in `Constraint.syntax` over known metrics, one metric to
  /// minimise or maximise, and a `per` column of results.csv.
  public init(
    conditions texts: [String], minimize: String?, maximize: String?, per: String?, policies: [PolicyName]?
  ) throws(InputError) {
    guard (minimize == nil) != (maximize == nil) else {
      throw InputError("give exactly one of --minimize METRIC and --maximize METRIC")
    }
    let objective = Objective(metric: minimize ?? maximize!, maximize: maximize != nil)
    var conditions: [Constraint] = []
    for text in texts {
      guard let condition = Constraint(text: text) else {
        throw InputError("--where '\(text)': a condition is \(Constraint.syntax)")
      }
      if let metric = condition.metric { try Self.checkMetric(metric, option: "--where") }
      conditions.append(condition)
    }
    try Self.checkMetric(objective.metric, option: objective.maximize ? "--maximize" : "--minimize")
    if let per, !ResultsTable.header.contains(per) {
      throw InputError.unknownName(kind: "--per column", name: per, known: ResultsTable.header)
    }
    self.conditions = conditions
    self.objective = objective
    self.per = per
    self.policies = policies
  }

  static func checkMetric(_ metric: String, option: String) throws(InputError) {
    let known = SpaceParser.nameableMetrics
    guard known.contains(metric) else {
      throw InputError(
        option + ": " + InputError.unknownName(kind: "metric", name: metric, known: known).description)
    }
  }

  /// Whether rows of `policy` are considered.
  func considers(_ policy: PolicyName) -> Bool {
    policies.map { $0.contains(policy) } ?? (policy != .oracle)
  }

  /// Reads `directory`'s results.csv once, row by row.
  public func answer(directory: String) throws(InputError) -> QueryAnswer {
    let path = directory + "/results.csv"
    var reader = try ResultsTable.reader(path)
    let header = ResultsTable.header
    var scan = QueryScan(query: self, header: header)
    while let record = try reader.next(), record.terminated {
      guard record.count == header.count else {
        throw InputError(
          "\(path):\(record.number): the row does not have results.csv's \(header.count) columns")
      }
      scan.consider(record)
    }
    return QueryAnswer(header: header, groups: scan.groups, rowsRead: scan.rowsRead)
  }
}

/// What `SweepQuery.answer` found: one group per value of the `per` column in order of first
/// appearance among the chosen policies' rows, eligible or not (one group without a key when there is no `per`).
public struct QueryAnswer: Sendable {
  public struct Group: Sendable {
    /// The `per` column's value; nil without `per`.
    public var key: String?
    /// Rows of the group that were feasible, of a chosen policy and met every condition.
    public var eligible = 0
    /// The best of them: every field of its results.csv row.
    public var best: [String]?
    var bestValue = Double.infinity
  }

  public let header: [String]
  public var groups: [Group]
  public let rowsRead: Int

  /// The best rows' field `column` in group order (nil for a group without one).
  public func values(_ column: String) -> [String?] {
    let index = header.firstIndex(of: column)!
    return groups.map { $0.best?[index] }
  }
}

/// One pass over the rows: the column indices resolved once, the best per group kept.
private struct QueryScan {
  let query: SweepQuery
  let policyColumn: Int
  let feasibleColumn: Int
  let objectiveColumn: Int
  let conditionColumns: [Int?]
  let perColumn: Int?
  var groups: [QueryAnswer.Group] = []
  var groupIndex: [String: Int] = [:]
  var rowsRead = 0

  init(query: SweepQuery, header: [String]) {
    self.query = query
    func index(_ name: String) -> Int { header.firstIndex(of: name)! }
    policyColumn = index("policy")
    feasibleColumn = index("feasible")
    objectiveColumn = index(query.objective.metric)
    conditionColumns = query.conditions.map { $0.metric.map(index) }
    perColumn = query.per.map(index)
    if perColumn == nil { groups = [QueryAnswer.Group(key: nil)] }
  }

  mutating func consider(_ record: CSVRecord) {
    rowsRead += 1
    guard let policy = PolicyName(rawValue: record.string(policyColumn)), query.considers(policy) else {
      return
    }
    // Every value of the `per` column among the chosen policies' rows has its group, even one
    // where no row is eligible.
    let g = group(of: record)
    guard record.equals(feasibleColumn, "true"), meetsConditions(record),
      let value = record.double(objectiveColumn)
    else { return }
    groups[g].eligible += 1
    let minimised = query.objective.minimised(value)
    if groups[g].best == nil || minimised < groups[g].bestValue {
      groups[g].bestValue = minimised
      groups[g].best = record.strings
    }
  }

  func meetsConditions(_ record: CSVRecord) -> Bool {
    for (condition, column) in zip(query.conditions, conditionColumns) {
      // `feasible` is already required of every row considered.
      guard let column else { continue }
      guard let value = record.double(column), condition.holds(value) else { return false }
    }
    return true
  }

  mutating func group(of record: CSVRecord) -> Int {
    guard let perColumn else { return 0 }
    let key = record.string(perColumn)
    if let g = groupIndex[key] { return g }
    groups.append(QueryAnswer.Group(key: key))
    groupIndex[key] = groups.count - 1
    return groups.count - 1
  }
}
