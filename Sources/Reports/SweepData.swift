import DesignSpace
import Foundation
import NDPModel
import Simulation

/// One row of results.csv, kept for a chart or a table.
public struct SweepRow: Sendable {
  public var point: Int
  public var policy: PolicyName
  public var fields: [String]
}

/// What a sweep report needs from a sweep folder, read in one pass over results.csv with memory
/// bounded by the sample size and the fronts.
public struct SweepData {
  public private(set) var directory: String
  public private(set) var space: Space
  public private(set) var spaceFile: String
  public private(set) var columns: [String: Int]
  public private(set) var rows = 0
  public private(set) var feasibleRows = 0
  public private(set) var eligibleRows = 0
  /// A deterministic sample of eligible rows (every k-th), at most about `sampleLimit`.
  public private(set) var sample: [SweepRow] = []
  /// Per pair of objectives (i < j): the two-objective fronts of non-oracle and oracle rows.
  public private(set) var pairFronts: [ParetoArchive<SweepRow>]
  public private(set) var oracleFronts: [ParetoArchive<SweepRow>]
  /// The overall rank-1 front of all objectives (pareto.csv).
  public private(set) var front: [SweepRow] = []
  public private(set) var bestPerObjective: [SweepRow?]
  public private(set) var bestPerPolicy: [PolicyName: SweepRow] = [:]
  public private(set) var speedupByUnits: [PolicyName: [Double: Double]] = [:]
  public private(set) var heat: [String: Double] = [:]
  public private(set) var presetsUsed: [PresetKind: Set<String>] = [:]

  /// Dots drawn per scatter at most, and in all scatters together (so a page with many objective
  /// pairs stays small); front points come on top and are always drawn.
  public static let sampleLimit = 4500
  public static let totalSampleLimit = 9000

  public var pairs: [(Int, Int)] {
    var result: [(Int, Int)] = []
    for i in space.objectives.indices {
      for j in space.objectives.indices where j > i { result.append((i, j)) }
    }
    return result
  }

  /// Axes with more than one value: the only ones charts may use.
  public var sweptAxes: [Axis] { space.axes.filter { $0.values.count > 1 } }

  public func number(_ row: SweepRow, _ column: String) -> Double? {
    columns[column].flatMap { $0 < row.fields.count ? Double(row.fields[$0]) : nil }
  }

  public func text(_ row: SweepRow, _ column: String) -> String {
    columns[column].map { $0 < row.fields.count ? row.fields[$0] : "" } ?? ""
  }

  /// Objective `i` of a row as a minimisation value.
  func objective(_ row: SweepRow, _ i: Int) -> Double? {
    let objective = space.objectives[i]
    return number(row, objective.metric).map { objective.maximize ? -$0 : $0 }
  }

  public init(directory: String) throws(ReportError) {
    self.directory = directory
    let manifestPath = directory + "/manifest.json"
    guard let data = FileManager.default.contents(atPath: manifestPath),
      let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      let spaceObject = object["space"] as? [String: Any], let spaceText = spaceObject["text"] as? String
    else { throw ReportError("\(manifestPath): missing or unreadable; is \(directory) a sweep folder?") }
    spaceFile = spaceObject["file"] as? String ?? ""
    do {
      space = try SpaceParser.parse(
        spaceText, file: spaceFile, calibrationText: spaceObject["calibration_text"] as? String)
    } catch {
      throw ReportError("\(manifestPath): the space in it no longer parses: \(error.description)")
    }
    let header = ResultsTable.header
    columns = Dictionary(uniqueKeysWithValues: header.enumerated().map { ($1, $0) })
    let totalRows = (object["rows"] as? Int) ?? 0
    let pairCount = space.objectives.count * (space.objectives.count - 1) / 2
    let perScatter = min(Self.sampleLimit, Self.totalSampleLimit / max(1, pairCount))
    let stride = max(1, Int((Double(totalRows) / Double(perScatter)).rounded(.up)))
    pairFronts = Array(repeating: ParetoArchive<SweepRow>(maxRank: 1), count: pairCount)
    oracleFronts = Array(repeating: ParetoArchive<SweepRow>(maxRank: 1), count: pairCount)
    bestPerObjective = Array(repeating: nil, count: space.objectives.count)

    let policyColumn = columns["policy"]!
    var collected = self
    try Self.read(directory + "/results.csv", header: header, policyColumn: policyColumn) { row, _, _ in
      collected.add(row, stride: stride)
    }
    try Self.read(
      directory + "/pareto.csv", header: ["scope", "rank"] + header, policyColumn: policyColumn, dropping: 2
    ) { row, scope, rank in
      if scope == "all" && rank == "1" { collected.front.append(row) }
    }
    self = collected
  }

  private mutating func add(_ row: SweepRow, stride: Int) {
    rows += 1
    for kind in PresetKind.allCases {
      let name = text(row, kind.rawValue)
      if !name.isEmpty { presetsUsed[kind, default: []].insert(name) }
    }
    guard text(row, "feasible") == "true" else { return }
    feasibleRows += 1
    guard text(row, "meets_constraints") == "true" else { return }
    eligibleRows += 1
    if (eligibleRows - 1) % stride == 0 { sample.append(row) }
    let values = space.objectives.indices.map { objective(row, $0) }
    for (index, (i, j)) in pairs.enumerated() {
      guard let a = values[i], let b = values[j] else { continue }
      if row.policy == .oracle {
        oracleFronts[index].insert([a, b], row)
      } else {
        pairFronts[index].insert([a, b], row)
      }
    }
    guard row.policy != .oracle else { return }
    for (i, value) in values.enumerated() {
      guard let value else { continue }
      if bestPerObjective[i].flatMap({ objective($0, i) }).map({ value < $0 }) ?? true {
        bestPerObjective[i] = row
      }
    }
    if let value = values.first ?? nil {
      if bestPerPolicy[row.policy].flatMap({ objective($0, 0) }).map({ value < $0 }) ?? true {
        bestPerPolicy[row.policy] = row
      }
    }
    if let speedup = number(row, "speedup") {
      if let units = number(row, "ndp.units") {
        speedupByUnits[row.policy, default: [:]][units] = max(
          speedupByUnits[row.policy]?[units] ?? -1, speedup)
      }
      let swept = sweptAxes
      if swept.count >= 2 {
        let key = text(row, swept[0].key) + "\u{1}" + text(row, swept[1].key)
        heat[key] = max(heat[key] ?? -1, speedup)
      }
    }
  }

  private static func read(
    _ path: String, header: [String], policyColumn: Int, dropping: Int = 0,
    _ body: (SweepRow, String, String) -> Void
  ) throws(ReportError) {
    guard let data = FileManager.default.contents(atPath: path),
      let text = String(data: data, encoding: .utf8)
    else {
      throw ReportError("\(path): cannot read")
    }
    var first = true
    for line in text.split(separator: "\n") {
      if first {
        guard String(line) == CSV.row(header) else {
          throw ReportError("\(path): its header is not this version's; re-run the sweep")
        }
        first = false
        continue
      }
      let fields = CSV.fields(line)
      guard fields.count == header.count, let point = Int(fields[dropping]),
        let policy = PolicyName(rawValue: fields[dropping + policyColumn])
      else { throw ReportError("\(path): a row does not have the expected columns") }
      let row = SweepRow(point: point, policy: policy, fields: Array(fields[dropping...]))
      body(row, dropping > 0 ? fields[0] : "", dropping > 1 ? fields[1] : "")
    }
  }
}
