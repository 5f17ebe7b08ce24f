import Foundation

/// Reads an RFC 4180 CSV file record by record in fixed-size chunks, so memory stays bounded by
/// the longest record whatever the file's size. Quoted fields may hold commas, doubled quotes and
/// line breaks (the writer, `CSV.field`, quotes exactly those). Fields are decoded only when asked
/// for (`CSVRecord.string`, `CSVRecord.double`).
public struct CSVReader {
  public let path: String
  private let handle: FileHandle
  private var buffer: [UInt8] = []
  private var position = 0
  private var finished = false
  /// 1-based number of the record last returned (the header is record 1).
  public private(set) var recordNumber = 0
  private let chunk: Int

  public init(path: String, chunkBytes: Int = 1 << 20) throws(InputError) {
    self.path = path
    chunk = max(1, chunkBytes)
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw InputError("\(path): cannot read (missing or unreadable)")
    }
    self.handle = handle
  }

  /// Calls `body` with each record in turn; the record is valid only during the call.
  public mutating func forEach(_ body: (CSVRecord) throws -> Void) throws {
    var starts: [Int] = []
    var ends: [Int] = []
    var quoted: [Bool] = []
    while try next(starts: &starts, ends: &ends, quoted: &quoted) {
      try buffer.withUnsafeBufferPointer { bytes in
        try body(CSVRecord(bytes: bytes, starts: starts, ends: ends, quoted: quoted, number: recordNumber))
      }
      // The record's bytes are no longer needed once it has been seen.
      if position > chunk {
        buffer.removeFirst(position)
        position = 0
      }
    }
  }

  /// Finds the next record's field boundaries from `position`, reading more of the file as needed.
  private mutating func next(starts: inout [Int], ends: inout [Int], quoted: inout [Bool]) throws -> Bool {
    starts.removeAll(keepingCapacity: true)
    ends.removeAll(keepingCapacity: true)
    quoted.removeAll(keepingCapacity: true)
    var cursor = position
    var fieldStart = cursor
    var inQuotes = false
    var wasQuoted = false
    while true {
      if cursor >= buffer.count {
        if finished {
          guard cursor > position else { return false }
          break
        }
        try fill()
        continue
      }
      let byte = buffer[cursor]
      if inQuotes {
        if byte == 0x22 {
          if cursor + 1 >= buffer.count && !finished {
            try fill()
            continue
          }
          if cursor + 1 < buffer.count && buffer[cursor + 1] == 0x22 {
            cursor += 2
            continue
          }
          inQuotes = false
        }
        cursor += 1
        continue
      }
      if byte == 0x22 && cursor == fieldStart {
        inQuotes = true
        wasQuoted = true
      } else if byte == 0x2C {
        starts.append(fieldStart)
        ends.append(cursor)
        quoted.append(wasQuoted)
        fieldStart = cursor + 1
        wasQuoted = false
      } else if byte == 0x0A {
        break
      }
      cursor += 1
    }
    // A CRLF line break leaves its CR out of the last field.
    var end = cursor
    if end > fieldStart && buffer[end - 1] == 0x0D { end -= 1 }
    starts.append(fieldStart)
    ends.append(end)
    quoted.append(wasQuoted)
    position = min(cursor + 1, buffer.count)
    recordNumber += 1
    return true
  }

  private mutating func fill() throws {
    let data = try handle.read(upToCount: chunk) ?? Data()
    if data.isEmpty {
      finished = true
      try? handle.close()
    } else {
      buffer.append(contentsOf: data)
    }
  }
}

/// One record of a `CSVReader`: its fields as byte ranges of the reader's buffer.
public struct CSVRecord {
  let bytes: UnsafeBufferPointer<UInt8>
  let starts: [Int]
  let ends: [Int]
  let quoted: [Bool]
  /// 1-based record number in the file (the header is 1).
  public let number: Int

  public var count: Int { starts.count }

  /// Field `index` as text, its quoting undone ("" when the record has fewer fields).
  public func string(_ index: Int) -> String {
    guard index < count else { return "" }
    let slice = UnsafeBufferPointer(rebasing: bytes[starts[index]..<ends[index]])
    guard quoted[index] else { return String(decoding: slice, as: UTF8.self) }
    var unquoted: [UInt8] = []
    unquoted.reserveCapacity(slice.count)
    var i = 1
    while i < slice.count - 1 {
      unquoted.append(slice[i])
      i += slice[i] == 0x22 ? 2 : 1
    }
    return String(decoding: unquoted, as: UTF8.self)
  }

  /// Field `index` as a number, or nil when it is empty or not one.
  public func double(_ index: Int) -> Double? {
    guard index < count, !quoted[index] else { return nil }
    let length = ends[index] - starts[index]
    guard length > 0, length < 64 else { return nil }
    return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { text -> Double? in
      for i in 0..<length { text[i] = CChar(bitPattern: bytes[starts[index] + i]) }
      text[length] = 0
      var end: UnsafeMutablePointer<CChar>?
      let value = strtod(text.baseAddress!, &end)
      return end == text.baseAddress! + length ? value : nil
    }
  }

  /// Whether field `index` is exactly `text` (no decoding).
  public func equals(_ index: Int, _ text: StaticString) -> Bool {
    guard index < count, ends[index] - starts[index] == text.utf8CodeUnitCount else { return false }
    for i in 0..<text.utf8CodeUnitCount where bytes[starts[index] + i] != text.utf8Start[i] { return false }
    return true
  }

  /// Every field as text.
  public var strings: [String] { (0..<count).map(string) }
}
