/// Writing RFC 4180 CSV fields; `CSVReader` reads them back (a test holds the two to each other
/// on hostile fields: commas, quotes, CR, LF and CRLF inside, empty, non-ASCII).
public enum CSV {
  public static func field(_ text: String) -> String {
    // Bytes, not Characters: "\r\n" is one Character, equal to neither "\r" nor "\n".
    guard text.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {
      return text
    }
    // Quotes doubled byte by byte: a quote followed by a combining mark is one Character, which a
    // replacement by Characters would not find.
    var bytes: [UInt8] = [0x22]
    bytes.reserveCapacity(text.utf8.count + 8)
    for byte in text.utf8 {
      bytes.append(byte)
      if byte == 0x22 { bytes.append(0x22) }
    }
    bytes.append(0x22)
    return String(decoding: bytes, as: UTF8.self)
  }

  public static func row(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") }
}
