import Basics
import NDPModel

/// `ndpscope parameters`: every key `--set` and spaces accept, with its unit, its value at the
/// given point (the presets' values, or what the command line set) and where that value comes
/// from, the values it may take, and what it means.
public enum ParameterListing {
  public static let columns = ["key", "unit", "value", "source", "valid", "meaning"]

  public static func render(point: DesignPoint, as format: OutputFormat) -> String {
    let rows = ParameterRegistry.all.map { row($0, point: point) }
    switch format {
    case .table:
      let heading = "values at \(EvaluationFormatter.pointLine(point)); a preset or --set changes them\n\n"
      return heading + TextTable.render(headings: columns, rows: rows, textColumns: [1, 3, 4, 5])
    case .csv: return ([columns] + rows).map(CSV.row).joined(separator: "\n") + "\n"
    case .json:
      let items = ParameterRegistry.all.map { parameter -> JSONValue in
        .object([
          ("key", .string(parameter.key)), ("unit", .string(parameter.unit)),
          ("value", .optional(parameter.value(in: point))), ("source", .string(source(parameter, point))),
          ("valid", .string(parameter.validRange)), ("meaning", .string(parameter.summary)),
        ])
      }
      return JSONValue.array(items).rendered() + "\n"
    }
  }

  static func row(_ parameter: Parameter, point: DesignPoint) -> [String] {
    let value = parameter.value(in: point).map(Parameter.format) ?? "derived"
    return [
      parameter.key, parameter.unit, value, source(parameter, point), parameter.validRange, parameter.summary,
    ]
  }

  /// Where the point's value comes from: its provenance, or "default" for one no preset sets.
  static func source(_ parameter: Parameter, _ point: DesignPoint) -> String {
    point.sources[parameter.key].map(\.provenance.rawValue) ?? "default"
  }
}
