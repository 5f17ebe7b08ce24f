import Basics
import DesignSpace
import Foundation
import Routing

/// What each fuzz target feeds an input to, and the property it checks: the reader never
/// crashes, refuses bad input with an error that names the file, and what it accepts survives a
/// round trip through the matching writer. A broken property is a crash, which libFuzzer keeps.
enum FuzzTarget: String, CaseIterable {
  /// A space file (YAML): parsed, and its first point built.
  case space
  /// A routing trace (JSON Lines): decoded, encoded and decoded again to the same routing.
  case trace
  /// A CSV file: read record by record, written with `CSV.row`, and read back to the same fields.
  case csv

  func run(_ bytes: UnsafeBufferPointer<UInt8>) {
    switch self {
    case .space: space(bytes)
    case .trace: trace(bytes)
    case .csv: csv(bytes)
    }
  }

  private func space(_ bytes: UnsafeBufferPointer<UInt8>) {
    do {
      let space = try SpaceParser.parse(String(decoding: bytes, as: UTF8.self), file: "fuzz.yaml")
      if space.pointCount > 0 { _ = try? SpaceExpansion(space: space).point(0) }
    } catch {
      FuzzTarget.require(
        error.description.hasPrefix("fuzz.yaml"), "an error that does not name the file: \(error.description)"
      )
    }
  }

  private func trace(_ bytes: UnsafeBufferPointer<UInt8>) {
    let routing: Routing
    do {
      routing = try RoutingTrace.decode(bytes: Array(bytes), file: "fuzz.jsonl")
    } catch {
      FuzzTarget.require(
        error.description.hasPrefix("fuzz.jsonl"),
        "an error that does not name the file: \(error.description)")
      return
    }
    var text = ""
    RoutingTrace.encode(routing) { text += $0 + "\n" }
    let again = try? RoutingTrace.decode(text, file: "again.jsonl")
    FuzzTarget.require(again == routing, "a trace that does not survive encoding")
  }

  private func csv(_ bytes: UnsafeBufferPointer<UInt8>) {
    let rows = FuzzTarget.records(of: Data(bytes))
    let written = rows.map(CSV.row).map { $0 + "\n" }.joined()
    FuzzTarget.require(FuzzTarget.records(of: Data(written.utf8)) == rows, "rows that do not survive writing")
  }

  /// Stops with `message` on standard error when `holds` is false (an optimised build drops the
  /// message of a failed precondition, and the log is all a CI run leaves).
  private static func require(_ holds: Bool, _ message: @autoclosure () -> String) {
    guard !holds else { return }
    FileHandle.standardError.write(Data("broken property: \(message())\n".utf8))
    abort()
  }

  /// The records `CSVReader` reads from `data` (through a scratch file, in small chunks so
  /// records cross chunk boundaries).
  private static func records(of data: Data) -> [[String]] {
    let path = NSTemporaryDirectory() + "ndpscope-fuzz-\(getpid()).csv"
    precondition(FileManager.default.createFile(atPath: path, contents: data), "cannot write \(path)")
    defer { try? FileManager.default.removeItem(atPath: path) }
    var rows: [[String]] = []
    do {
      var reader = try CSVReader(path: path, chunkBytes: 7)
      while let record = try reader.next() { rows.append(record.strings) }
    } catch {
      preconditionFailure("reading a scratch file failed: \(error)")
    }
    return rows
  }
}
