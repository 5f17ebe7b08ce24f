import Foundation

/// A JSON value with a fixed key order, so output is byte-for-byte reproducible.
public indirect enum JSONValue: Sendable, Equatable {
  case null
  case bool(Bool)
  case number(Double)
  case integer(Int)
  case string(String)
  case array([JSONValue])
  case object([(String, JSONValue)])

  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
    lhs.rendered(indent: nil) == rhs.rendered(indent: nil)
  }

  public static func optional(_ value: Double?) -> JSONValue { value.map(JSONValue.number) ?? .null }

  /// Text of the value; `indent` spaces per level, or compact on one line when nil.
  public func rendered(indent: Int? = 2) -> String {
    var out = ""
    write(into: &out, level: 0, indent: indent)
    return out
  }

  private func write(into out: inout String, level: Int, indent: Int?) {
    switch self {
    case .null: out += "null"
    case .bool(let value): out += value ? "true" : "false"
    case .integer(let value): out += String(value)
    case .number(let value): out += JSONValue.format(value)
    case .string(let value): out += JSONValue.quote(value)
    case .array(let items):
      if items.isEmpty {
        out += "[]"
        return
      }
      out += "["
      for (i, item) in items.enumerated() {
        if i > 0 { out += "," }
        newline(&out, level + 1, indent)
        item.write(into: &out, level: level + 1, indent: indent)
      }
      newline(&out, level, indent)
      out += "]"
    case .object(let members):
      if members.isEmpty {
        out += "{}"
        return
      }
      out += "{"
      for (i, (key, value)) in members.enumerated() {
        if i > 0 { out += "," }
        newline(&out, level + 1, indent)
        out += JSONValue.quote(key) + (indent == nil ? ":" : ": ")
        value.write(into: &out, level: level + 1, indent: indent)
      }
      newline(&out, level, indent)
      out += "}"
    }
  }

  private func newline(_ out: inout String, _ level: Int, _ indent: Int?) {
    guard let indent else { return }
    out += "\n" + String(repeating: " ", count: level * indent)
  }

  /// Shortest round-trip decimal; non-finite numbers become null (JSON has no NaN).
  public static func format(_ value: Double) -> String {
    guard value.isFinite else { return "null" }
    if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
    return "\(value)"
  }

  public static func quote(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }
}
