import Foundation

/// Writing RFC 4180 CSV fields; `CSVReader` reads them back (a test holds the two to each other
/// on hostile fields: commas, quotes, CR, LF and CRLF inside, empty, non-ASCII).
public enum CSV {
  public static func field(_ text: String) -> String {
    // Bytes, not Characters: "\r\n" is one Character, equal to neither "\r" nor "\n".
    if text.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
      return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return text
  }

  public static func row(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") }
}
