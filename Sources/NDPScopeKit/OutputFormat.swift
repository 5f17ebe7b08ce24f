import Basics
import NDPModel

/// How a command prints its results.
public enum OutputFormat: String, Sendable, CaseIterable {
  case table, json, csv

  public static func parse(_ text: String) throws(InputError) -> OutputFormat {
    guard let format = OutputFormat(rawValue: text) else {
      throw InputError.unknownName(kind: "format", name: text, known: allCases.map(\.rawValue))
    }
    return format
  }
}
