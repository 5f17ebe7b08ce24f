import Basics
import DesignSpace
import Foundation
import NDPModel
import Simulation
import TestSupport

@testable import Reports

/// A sweep folder written directly (manifest.json and results.csv in the sweep's format), so
/// report tests can use thousands of rows with chosen figures without running the engine.
struct SyntheticSweep {
  /// The figures of one row; nil metrics stay empty.
  struct Row {
    var feasible = true
    var reason = ""
    var meetsConstraints = true
    var metrics: [String: Double] = [:]
  }

  let directory: URL
  let space: Space

  /// Writes the folder: `row(point, policy)` gives each row's figures.
  init(space text: String, row: (Int, PolicyName) -> Row) throws {
    directory = try ScratchFolder.make("report")
    space = try SpaceParser.parse(text, file: "synthetic.yaml")
    var manifest = Manifest(
      space: space, text: text, file: "synthetic.yaml", shard: .whole, pointsInShard: space.pointCount)
    manifest.record(points: space.pointCount, policies: space.policies.count, complete: true, timing: nil)
    try manifest.write(to: directory.appendingPathComponent("manifest.json").path)
    let header = ResultsTable.header
    let column = Dictionary(uniqueKeysWithValues: header.enumerated().map { ($1, $0) })
    let expansion = SpaceExpansion(space: space)
    var text = CSV.row(header) + "\n"
    for point in 0..<space.pointCount {
      let settings = expansion.settings(point)
      for policy in space.policies {
        let figures = row(point, policy)
        var fields = [String](repeating: "", count: header.count)
        fields[column["point"]!] = String(point)
        for (key, value) in settings where column[key] != nil { fields[column[key]!] = value.description }
        fields[column["policy"]!] = policy.rawValue
        fields[column["feasible"]!] = figures.feasible ? "true" : "false"
        fields[column["infeasible_reason"]!] = figures.reason
        fields[column["meets_constraints"]!] = figures.meetsConstraints ? "true" : "false"
        for (metric, value) in figures.metrics { fields[column[metric]!] = Parameter.format(value) }
        text += CSV.row(fields) + "\n"
      }
    }
    try text.write(to: directory.appendingPathComponent("results.csv"), atomically: true, encoding: .utf8)
  }

  func data() throws -> SweepData { try SweepData(directory: directory.path) }

  func page() throws -> String { try SweepReport.render(directory: directory.path, templates: .builtIn) }
}
