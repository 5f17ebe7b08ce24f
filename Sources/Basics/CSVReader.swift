import Foundation

/// Reads an RFC 4180 CSV file record by record in fixed-size chunks, so memory stays bounded by
/// the longest record whatever the file's size. Quoted fields may hold commas, doubled quotes and
/// line breaks (the writer, `CSV.field`, quotes exactly those). Fields are decoded only when asked
/// for (`CSVRecord.string`, `CSVRecord.double`).
public struct CSVReader {
  public let path: String
  private let handle: FileHandle
  /// The bytes read and not yet released: `count` of them in `storage`, which grows only for a
  /// record longer than a chunk. Records point into it, so it changes only inside `next()`.
  private var storage: RawStorage<UInt8>
  private var count = 0
  private var buffer: UnsafeMutablePointer<UInt8> { storage.pointer }
  /// Where the next record starts in the buffer, and the file offset of its first byte.
  private var position = 0
  private var bufferOffset = 0
  private var finished = false
  private var starts: [Int] = []
  private var ends: [Int] = []
  private var quoted: [Bool] = []
  /// 1-based number of the record last returned (the header is record 1).
  public private(set) var recordNumber = 0
  private let chunk: Int

  public init(path: String, chunkBytes: Int = 1 << 20) throws(InputError) {
    self.path = path
    chunk = max(1, chunkBytes)
    storage = RawStorage(repeating: 0, count: 2 * chunk)
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw InputError("\(path): cannot read (missing or unreadable)")
    }
    self.handle = handle
  }

  /// The next record, or nil at the end of the file. The record reads the reader's buffer: it is
  /// valid until the next call.
  public mutating func next() throws(InputError) -> CSVRecord? {
    // The previous record's bytes are no longer needed.
    if position > chunk {
      memmove(buffer, buffer + position, count - position)
      count -= position
      bufferOffset += position
      position = 0
    }
    guard let terminated = try scan() else { return nil }
    return CSVRecord(
      bytes: UnsafeBufferPointer(start: buffer, count: count), starts: starts, ends: ends, quoted: quoted,
      number: recordNumber, endOffset: bufferOffset + position, terminated: terminated)
  }

  /// Calls `body` with each record in turn; the record is valid only during the call.
  public mutating func forEach(_ body: (CSVRecord) throws -> Void) throws {
    while let record = try next() { try body(record) }
  }

  /// Finds the next record's field boundaries from `position`, reading more of the file as needed;
  /// returns whether a line break ended it, or nil at the end of the file.
  private mutating func scan() throws(InputError) -> Bool? {
    starts.removeAll(keepingCapacity: true)
    ends.removeAll(keepingCapacity: true)
    quoted.removeAll(keepingCapacity: true)
    var cursor = position
    var fieldStart = cursor
    var inQuotes = false
    var wasQuoted = false
    var terminated = false
    while true {
      if cursor >= count {
        if finished {
          guard cursor > position else { return nil }
          break
        }
        try fill()
        continue
      }
      let byte = buffer[cursor]
      if inQuotes {
        if byte == 0x22 {
          if cursor + 1 >= count && !finished {
            try fill()
            continue
          }
          if cursor + 1 < count && buffer[cursor + 1] == 0x22 {
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
        terminated = true
        break
      }
      cursor += 1
    }
    // A CRLF line break leaves its CR out of the last field.
    var end = cursor
    if terminated && end > fieldStart && buffer[end - 1] == 0x0D { end -= 1 }
    starts.append(fieldStart)
    ends.append(end)
    quoted.append(wasQuoted)
    position = min(cursor + 1, count)
    recordNumber += 1
    return terminated
  }

  private mutating func fill() throws(InputError) {
    let data: Data?
    do {
      data = try handle.read(upToCount: chunk)
    } catch {
      throw InputError("\(path): cannot read: \(error.localizedDescription)")
    }
    guard let data, !data.isEmpty else {
      finished = true
      try? handle.close()
      return
    }
    if count + data.count > storage.count {
      let larger = RawStorage<UInt8>(repeating: 0, count: max(2 * storage.count, count + data.count))
      larger.pointer.update(from: buffer, count: count)
      storage = larger
    }
    data.copyBytes(to: buffer + count, count: data.count)
    count += data.count
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
  /// The file offset just past this record (its line break included).
  public let endOffset: Int
  /// Whether a line break ended the record (false: the file ended in the middle of a line).
  public let terminated: Bool

  public var count: Int { starts.count }

  /// The record as it is in the file, without its line break.
  public var line: String {
    guard let first = starts.first, let last = ends.last else { return "" }
    return String(decoding: UnsafeBufferPointer(rebasing: bytes[first..<last]), as: UTF8.self)
  }

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

  /// Field `index` as a whole number, or nil when it is not one.
  public func integer(_ index: Int) -> Int? {
    guard index < count, !quoted[index] else { return nil }
    var value = 0
    var digits = 0
    for i in starts[index]..<ends[index] {
      let byte = bytes[i]
      guard byte >= 0x30 && byte <= 0x39, digits < 18 else { return nil }
      value = value * 10 + Int(byte - 0x30)
      digits += 1
    }
    return digits > 0 ? value : nil
  }

  /// Whether field `index` is exactly `text` (no decoding).
  public func equals(_ index: Int, _ text: StaticString) -> Bool {
    guard index < count, ends[index] - starts[index] == text.utf8CodeUnitCount else { return false }
    for i in 0..<text.utf8CodeUnitCount where bytes[starts[index] + i] != text.utf8Start[i] { return false }
    return true
  }

  /// Every field as text.
  public var strings: [String] { (0..<count).map(string) }

  /// Fields `indices` as they stand in the file (quotes kept), joined by `separator`: one buffer
  /// to compare whole rows by, without decoding each field.
  public func raw(_ indices: [Int], separator: UInt8) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(indices.count * 8)
    for (n, index) in indices.enumerated() where index < count {
      if n > 0 { out.append(separator) }
      out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[starts[index]..<ends[index]]))
    }
    return out
  }
}
