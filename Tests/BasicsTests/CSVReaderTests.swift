import Foundation
import TestSupport
import Testing

@testable import Basics

/// The streaming CSV reader: record by record, whatever the chunk size, quoting undone.
@Suite struct CSVReaderTests {
  static let rows: [[String]] = [
    ["point", "name", "value"],
    ["0", "plain", "1.5"],
    ["1", "with, comma", "-2e-3"],
    ["2", "with \"quotes\"", ""],
    ["3", "two\nlines", "7"],
    ["4", "", "x"],
  ]

  func write(_ text: String) throws -> String {
    let path = try ScratchFolder.make("csv").appendingPathComponent("records.csv").path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test(arguments: [1, 2, 3, 7, 64, 1 << 20])
  func recordsComeBackWholeWhateverTheChunkSize(_ chunk: Int) throws {
    let path = try write(Self.rows.map(CSV.row).joined(separator: "\n") + "\n")
    var reader = try CSVReader(path: path, chunkBytes: chunk)
    var read: [[String]] = []
    var numbers: [Double?] = []
    try reader.forEach { record in
      read.append(record.strings)
      numbers.append(record.double(2))
    }
    #expect(read == Self.rows)
    #expect(numbers == [nil, 1.5, -2e-3, nil, 7, nil])
  }

  /// A quote followed by a combining mark is one Character: the writer must still double it
  /// (the fuzzer found `"` + U+073E written as a lone quote, which read back wrong).
  @Test func aQuoteBeforeACombiningMarkIsDoubled() throws {
    let fields = ["\"\u{073E}", "a\"\u{0301}b,", "\u{0301}\""]
    #expect(CSV.field(fields[0]) == "\"\"\"\u{073E}\"")
    let path = try write(CSV.row(fields) + "\n")
    var reader = try CSVReader(path: path)
    #expect(try reader.next()?.strings == fields)
  }

  /// Random rows of hostile fields, written by `CSV.row` and read back field for field, with
  /// LF or CRLF between records, whatever the chunk size.
  @Test(arguments: [1, 5, 4096])
  func whatTheWriterWritesTheReaderReadsBack(_ chunk: Int) throws {
    let pieces = [",", "\"", "\n", "\r", "\r\n", "a", "é", " ", "\"\"", "1e3", "", "\u{0301}", "\u{073E}"]
    var state: UInt64 = 0x1234_5678
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
    let rows = (0..<300).map { _ in
      (0..<(1 + next(5))).map { _ in (0..<next(6)).map { _ in pieces[next(pieces.count)] }.joined() }
    }
    for separator in ["\n", "\r\n"] {
      let path = try write(rows.map(CSV.row).joined(separator: separator) + separator)
      var reader = try CSVReader(path: path, chunkBytes: chunk)
      var read: [[String]] = []
      try reader.forEach { read.append($0.strings) }
      #expect(read == rows)
      if let i = read.indices.first(where: { $0 >= rows.count || read[$0] != rows[$0] }) {
        Issue.record("row \(i): \(read[i]) vs \(rows[i])")
      }
    }
  }

  @Test func crlfLineBreaksAndAMissingLastBreakAreRead() throws {
    let path = try write("a,b\r\n1,\"x\"\r\n2,y")
    var reader = try CSVReader(path: path, chunkBytes: 2)
    var read: [[String]] = []
    try reader.forEach { read.append($0.strings) }
    #expect(read == [["a", "b"], ["1", "x"], ["2", "y"]])
  }

  @Test func fieldsCompareWithoutDecoding() throws {
    let path = try write("true,false,\"true\"\n")
    var reader = try CSVReader(path: path)
    try reader.forEach { record in
      #expect(record.equals(0, "true") && !record.equals(1, "true") && !record.equals(3, "true"))
      #expect(record.number == 1)
    }
  }

  @Test func aMissingFileIsOneSentence() {
    #expect(throws: InputError.self) { _ = try CSVReader(path: "/nonexistent/results.csv") }
  }
}
