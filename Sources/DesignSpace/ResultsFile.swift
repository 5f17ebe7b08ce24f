import Foundation
import NDPModel

/// Reading results.csv back: for resume (drop a half-written tail) and for merging shards.
enum ResultsFile {
  /// Keeps the complete points at the head of the file (whole lines, `rowsPerPoint` per point),
  /// truncates anything after them, and feeds every kept row to `row`. Returns the point count.
  static func truncateToCompletePoints(
    path: String, header: String, rowsPerPoint: Int, row: (_ fields: [String], _ line: String) -> Void
  ) throws(InputError) -> Int {
    guard let data = FileManager.default.contents(atPath: path),
      let text = String(data: data, encoding: .utf8)
    else { throw InputError("\(path): cannot read the results to resume") }
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    // The last element is what follows the final newline: empty, or a half-written line.
    lines.removeLast()
    guard let first = lines.first, first == header else {
      throw InputError("\(path): its header is not this version's results header; use --force to start over")
    }
    let rows = lines.count - 1
    let points = rows / rowsPerPoint
    var keptBytes = first.utf8.count + 1
    for line in lines[1..<(1 + points * rowsPerPoint)] {
      row(CSV.fields(line), String(line))
      keptBytes += line.utf8.count + 1
    }
    if keptBytes != data.count {
      guard let handle = FileHandle(forWritingAtPath: path) else {
        throw InputError("\(path): cannot truncate the half-written tail")
      }
      do {
        try handle.truncate(atOffset: UInt64(keptBytes))
        try handle.close()
      } catch {
        throw InputError("\(path): cannot truncate the half-written tail: \(error.localizedDescription)")
      }
    }
    return points
  }
}
