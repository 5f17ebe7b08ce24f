import Basics
import Foundation
import NDPModel
import Simulation

/// Reading results.csv back, streamed (resume, merge): a row's text and what the fronts need of it,
/// checked against the point it must be.
struct ResultsFile {
  let path: String
  let space: Space
  private var reader: CSVReader
  private let header: [String]
  private let pointColumn: Int
  private let policyColumn: Int
  private let feasibleColumn: Int
  private let meetsColumn: Int
  private let objectiveColumns: [Int]

  /// Opens `path`, whose header must be this version's.
  init(path: String, space: Space) throws(InputError) {
    self.path = path
    self.space = space
    reader = try ResultsTable.reader(path)
    let header = ResultsTable.header
    self.header = header
    func index(_ name: String) -> Int { header.firstIndex(of: name)! }
    pointColumn = index("point")
    policyColumn = index("policy")
    feasibleColumn = index("feasible")
    meetsColumn = index("meets_constraints")
    objectiveColumns = space.objectives.map { objective in index(objective.metric) }
  }

  /// A row of the file.
  struct Row {
    var row: SweepRow
    var point: Int
    /// The file offset just past it.
    var endOffset: Int
  }

  /// The next whole row, or nil at the end of the file or at a half-written last line.
  mutating func next() throws(InputError) -> Row? {
    guard let record = try reader.next(), record.terminated else { return nil }
    guard record.count == header.count, let point = record.integer(pointColumn),
      let policy = PolicyName(rawValue: record.string(policyColumn))
    else { throw InputError("\(path):\(record.number): the row does not have this sweep's columns") }
    var objectives: [Double]? = nil
    if record.equals(feasibleColumn, "true") && record.equals(meetsColumn, "true") {
      objectives = []
      for (column, objective) in zip(objectiveColumns, space.objectives) {
        guard let value = record.double(column) else {
          objectives = nil
          break
        }
        objectives!.append(objective.minimised(value))
      }
    }
    return Row(
      row: SweepRow(line: record.line, objectives: objectives, policy: policy), point: point,
      endOffset: record.endOffset)
  }

  /// The rows of one point (one per policy, in the space's order), or nil when the file ends
  /// before the point is whole.
  mutating func point(_ expected: Int) throws(InputError) -> [Row]? {
    var rows: [Row] = []
    for policy in space.policies {
      guard let row = try next() else { return nil }
      guard row.point == expected, row.row.policy == policy else {
        throw InputError(
          "\(path): a row of point \(row.point), \(row.row.policy.rawValue) stands where point \(expected), \(policy.rawValue) belongs; the file is not this sweep's"
        )
      }
      rows.append(row)
    }
    return rows
  }

  /// Resume: keeps the whole points at the head of `path` (the shard's `points`, in order), cuts
  /// off anything after them (a half-written tail), and hands each kept point's rows to `body`.
  /// Returns how many points were kept.
  static func keepWholePoints(
    path: String, space: Space, points: ShardPoints, _ body: (Int, [SweepRow]) -> Void
  ) throws(InputError) -> Int {
    var file = try ResultsFile(path: path, space: space)
    var kept = 0
    var keptBytes = CSV.row(ResultsTable.header).utf8.count + 1
    while kept < points.count, let rows = try file.point(points[kept]) {
      body(points[kept], rows.map(\.row))
      keptBytes = rows.last!.endOffset
      kept += 1
    }
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? keptBytes
    if size != keptBytes { try truncate(path, to: keptBytes) }
    return kept
  }

  static func truncate(_ path: String, to bytes: Int) throws(InputError) {
    guard let handle = FileHandle(forWritingAtPath: path) else {
      throw InputError("\(path): cannot cut off the half-written tail")
    }
    do {
      try handle.truncate(atOffset: UInt64(bytes))
      try handle.close()
    } catch {
      throw InputError("\(path): cannot cut off the half-written tail: \(error.localizedDescription)")
    }
  }
}
