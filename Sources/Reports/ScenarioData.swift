import DesignSpace
import Simulation

/// What a report keeps of one scenario's rows: counts, a stratified sample per policy, the
/// two-objective fronts (designs and oracle), the front of all objectives, the best row per
/// objective and per policy, and the best first objective per policy at each NDP unit count.
public struct ScenarioData: Sendable {
  public let index: Int
  /// Design rows (every policy but the oracle, which is a bound): in all, feasible, and
  /// feasible and meeting the constraints.
  public private(set) var rows = 0
  public private(set) var feasible = 0
  public private(set) var eligible = 0
  var samples: [PolicyName: StratifiedSample] = [:]
  /// Per pair of objectives (`SweepData.pairs`): the fronts of the designs and of the oracle.
  public private(set) var pairFronts: [ParetoArchive<ReportRow>]
  public private(set) var oracleFronts: [ParetoArchive<ReportRow>]
  /// The designs' front of all objectives (what the recommendation's knee is chosen from).
  public private(set) var front = ParetoArchive<ReportRow>(maxRank: 1)
  public private(set) var best: [ReportRow?]
  public private(set) var bestPerPolicy: [PolicyName: ReportRow] = [:]
  /// Per policy, per NDP unit count: the best row by the first objective.
  public private(set) var bestByUnits: [PolicyName: [Int: ReportRow]] = [:]
  let sampleCapacity: Int

  init(index: Int, objectives: Int, pairs: Int, sampleCapacity: Int) {
    self.index = index
    self.sampleCapacity = sampleCapacity
    pairFronts = Array(repeating: ParetoArchive(maxRank: 1), count: pairs)
    oracleFronts = Array(repeating: ParetoArchive(maxRank: 1), count: pairs)
    best = Array(repeating: nil, count: objectives)
  }

  mutating func count(_ policy: PolicyName, feasible isFeasible: Bool) {
    guard policy != .oracle else { return }
    rows += 1
    if isFeasible { feasible += 1 }
  }

  /// Adds a row that is feasible and meets the constraints; `objectives` are its objective values
  /// as minimisation (nil where missing), `units` its NDP unit count when that axis is swept.
  mutating func addEligible(
    _ row: ReportRow, objectives: [Double?], pairs: [SweepData.Pair], orders: [RowOrder], units: UnitCount?
  ) {
    if row.policy != .oracle { eligible += 1 }
    if sampleCapacity > 0 {
      samples[row.policy, default: StratifiedSample(capacity: sampleCapacity)].offer(
        row, policyIndex: PolicyName.allCases.firstIndex(of: row.policy)!)
    }
    for (index, pair) in pairs.enumerated() {
      guard let a = objectives[pair.x], let b = objectives[pair.y] else { continue }
      if row.policy == .oracle {
        oracleFronts[index].insert([a, b], row)
      } else {
        pairFronts[index].insert([a, b], row)
      }
    }
    if bestPerPolicy[row.policy].map({ orders[0].better(row, than: $0) }) ?? true {
      bestPerPolicy[row.policy] = row
    }
    guard row.policy != .oracle else { return }
    let complete = objectives.compactMap { $0 }
    if complete.count == objectives.count { front.insert(complete, row) }
    for (index, order) in orders.enumerated() where best[index].map({ order.better(row, than: $0) }) ?? true {
      best[index] = row
    }
    if let units,
      bestByUnits[row.policy]?[units.count].map({ orders[units.objective].better(row, than: $0) }) ?? true
    {
      bestByUnits[row.policy, default: [:]][units.count] = row
    }
  }

  /// A stratified sample of at most `budget` rows: every policy with eligible rows is in it.
  public func sample(budget: Int) -> [ReportRow] {
    let policies = PolicyName.allCases.filter { samples[$0] != nil }
    let available = policies.map { min(samples[$0]!.seen, samples[$0]!.capacity) }
    let shares = StratifiedSample.allocate(budget: budget, available: available)
    return zip(policies, shares).flatMap { samples[$0]!.rows($1) }
  }

  /// The designs' front of all objectives (a repeated design, such as gpu-offload at every NDP unit
  /// count, is kept once by the archive: the first point stands for it).
  public var frontRows: [ReportRow] { front.fronts[0].map(\.payload) }
}

/// A row's NDP unit count, and which objective picks the best row at each count.
struct UnitCount {
  let count: Int
  let objective: Int
}
