import Foundation

/// RFC 4180 CSV fields.
public enum CSV {
  public static func field(_ text: String) -> String {
    if text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
      return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return text
  }

  public static func row(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") }

  /// Splits one CSV line (no line break inside) into its fields, undoing the quoting.
  public static func fields(_ line: Substring) -> [String] {
    var result: [String] = []
    var current = ""
    var quoted = false
    var iterator = line.makeIterator()
    var pending: Character? = nil
    while let character = pending ?? iterator.next() {
      pending = nil
      if quoted {
        if character == "\"" {
          let next = iterator.next()
          if next == "\"" {
            current.append("\"")
          } else {
            quoted = false
            pending = next
          }
        } else {
          current.append(character)
        }
      } else if character == "\"" {
        quoted = true
      } else if character == "," {
        result.append(current)
        current = ""
      } else {
        current.append(character)
      }
    }
    result.append(current)
    return result
  }
}
