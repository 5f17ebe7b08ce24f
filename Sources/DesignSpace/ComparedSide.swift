import Basics
import Foundation
import NDPModel

/// One side of `SweepComparison`: a sweep folder (its results.csv and pareto.csv) or a CSV file
/// with results.csv's columns. The first side's rows are held in memory, keyed by point and
/// policy (the inputs as one string each); the second side's are streamed past them.
struct ComparedSide {
  let path: String
  /// results.csv's path; the folder's pareto.csv when `path` is a sweep folder.
  let results: String
  let pareto: String?

  init(path: String) throws(InputError) {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
      throw InputError("\(path): no such sweep folder or results file")
    }
    self.path = path
    results = isFolder.boolValue ? path + "/results.csv" : path
    pareto = isFolder.boolValue ? path + "/pareto.csv" : nil
  }

  /// The input columns (preset names and every parameter), whose differences are reported.
  static let inputNames = ResultsTable.presetColumns + ParameterRegistry.all.map(\.key)
  static let inputColumns = inputNames.map { ResultsTable.header.firstIndex(of: $0)! }

  static func key(point: String, policy: String) -> String { point + "\u{1F}" + policy }

  /// The rows in file order.
  func forEachRow(_ body: (ComparedRow) -> Void) throws(InputError) {
    let header = ResultsTable.header
    var reader = try ResultsTable.reader(results)
    let column = { (name: String) in header.firstIndex(of: name)! }
    let metricColumns = SweepComparison.metrics.map(column)
    let (point, policy, feasible) = (column("point"), column("policy"), column("feasible"))
    while let record = try reader.next(), record.terminated {
      body(
        ComparedRow(
          key: Self.key(point: record.string(point), policy: record.string(policy)),
          feasible: record.equals(feasible, "true"), values: metricColumns.map(record.double),
          inputs: record.raw(Self.inputColumns, separator: ComparedRow.separator)))
    }
  }

  /// Every row, for looking up by key.
  func rows() throws(InputError) -> KeyedRows {
    var rows = KeyedRows()
    try forEachRow { rows.insert($0) }
    return rows
  }

  /// The first Pareto front of scope `all` (every scenario), keyed as rows; nil for a file.
  func frontKeys() throws(InputError) -> KeyedRows? {
    guard let pareto else { return nil }
    var reader = try ResultsTable.reader(pareto, prefix: ParetoBook.prefixColumns)
    let header = ParetoBook.prefixColumns + ResultsTable.header
    let (point, policy) = (header.firstIndex(of: "point")!, header.firstIndex(of: "policy")!)
    var rows = KeyedRows()
    while let record = try reader.next(), record.terminated {
      guard record.equals(0, "all"), record.equals(2, "1") else { continue }
      rows.insert(
        ComparedRow(
          key: Self.key(point: record.string(point), policy: record.string(policy)), feasible: true,
          values: [],
          inputs: []))
    }
    return rows
  }
}

/// A row as compared: who it is, whether it ran, its metrics (in `SweepComparison.metrics` order)
/// and its inputs (in `ComparedSide.inputNames` order, as the file has them, joined: split only
/// when they differ).
struct ComparedRow {
  static let separator: UInt8 = 0x1F
  let key: String
  let feasible: Bool
  let values: [Double?]
  let inputs: [UInt8]

  var label: String { Self.label(of: key) }

  /// "point 3, tp".
  static func label(of key: String) -> String {
    let parts = key.split(separator: "\u{1F}", omittingEmptySubsequences: false)
    return "point \(parts[0]), \(parts[1])"
  }
}

/// Rows in file order with a lookup by key (a key seen twice keeps its first row).
struct KeyedRows {
  private(set) var ordered: [ComparedRow] = []
  private(set) var lookup: [String: Int] = [:]
  private var removed: Set<Int> = []

  var count: Int { ordered.count }

  mutating func insert(_ row: ComparedRow) {
    guard lookup[row.key] == nil else { return }
    lookup[row.key] = ordered.count
    ordered.append(row)
  }

  /// Takes the row with `key` out (it then counts as matched), or nil.
  mutating func remove(_ key: String) -> ComparedRow? {
    guard let index = lookup.removeValue(forKey: key) else { return nil }
    removed.insert(index)
    return ordered[index]
  }

  /// The rows not taken out, in file order.
  var remaining: [ComparedRow] { ordered.indices.filter { !removed.contains($0) }.map { ordered[$0] } }
}
