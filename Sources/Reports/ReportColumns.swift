import Basics
import DesignSpace
import NDPModel
import Simulation

/// Which numeric columns of results.csv a report keeps, and where they are in the file.
public struct ReportColumns: Sendable {
  public let names: [String]
  let csvIndex: [Int]
  private let position: [String: Int]

  /// The metrics, `cost_usd`, the breakdown, and any parameter the space's constraints,
  /// objectives or heatmap name.
  public init(space: Space, header: [String]) {
    var names = PolicyResult.metricKeys + ["cost_usd"] + ResultsTable.breakdownColumns
    let named =
      space.constraints.compactMap(\.metric) + space.objectives.map(\.metric)
      + [space.heatmap.metric].compactMap { $0 }
    for name in named where !names.contains(name) { names.append(name) }
    let headerIndex = Dictionary(uniqueKeysWithValues: header.enumerated().map { ($1, $0) })
    self.names = names.filter { headerIndex[$0] != nil }
    csvIndex = self.names.map { headerIndex[$0]! }
    position = Dictionary(uniqueKeysWithValues: self.names.enumerated().map { ($1, $0) })
  }

  /// The value of column `name` in `row`, or nil when the cell is empty or the column not kept.
  public func value(_ row: ReportRow, _ name: String) -> Double? {
    guard let index = position[name] else { return nil }
    let value = row.values[index]
    return value.isNaN ? nil : value
  }

  /// Reads the kept columns of a record.
  func values(of record: CSVRecord) -> [Double] {
    csvIndex.map { record.double($0) ?? .nan }
  }
}
