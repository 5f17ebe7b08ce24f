import Basics
import DesignSpace
import NDPModel
import Reports
import Simulation

/// `ndpscope sensitivity`: the elasticity of each metric to every numeric parameter at a point.
public struct SensitivityRequest: Sendable {
  public var point = PointRequest()
  public var policy = PolicyName.tpLBPF
  public var metrics = Sensitivity.defaultMetrics
  public var step = 0.1
  /// Parameter groups to perturb (`Sensitivity.groupNames`); nil: all (an empty list is a mistake).
  public var groups: [String]?
  public var format = OutputFormat.table
  /// Also write the page (a tornado chart per metric) here.
  public var reportPath: String?
  public var templatesFolder: String?

  public init() {}
}

public enum SensitivityCommand {
  /// Below this size an elasticity counts as no effect.
  static let negligible = 1e-6

  public static func run(_ request: SensitivityRequest) throws(InputError) -> String {
    for metric in request.metrics { try OutputMetric.check(metric, option: "--metrics") }
    guard request.groups.map({ !$0.isEmpty }) ?? true else {
      throw InputError("--only needs at least one group: " + Sensitivity.groupNames.joined(separator: ", "))
    }
    guard request.step > 0 && request.step < 1 else {
      throw InputError("--step must be a share between 0 and 1 (0.1 is 10%), got \(request.step)")
    }
    for group in request.groups ?? [] where !Sensitivity.groupNames.contains(group) {
      throw InputError(
        "--only: "
          + InputError.unknownName(kind: "group", name: group, known: Sensitivity.groupNames).description)
    }
    let resolved = try request.point.resolve()
    let point = resolved.point
    try Evaluator.validate(point)
    let analysis = Sensitivity(
      point: point, policy: request.policy, metrics: request.metrics, step: request.step,
      groups: request.groups ?? [])
    let (_, entries) = try analysis.compute()
    if let path = request.reportPath {
      try writePage(
        analysis, entries, to: path, templates: request.templatesFolder, catalog: resolved.catalog)
    }
    switch request.format {
    case .table: return table(analysis, entries)
    case .json: return json(analysis, entries).rendered() + "\n"
    case .csv: return csv(analysis, entries)
    }
  }

  static func writePage(
    _ analysis: Sensitivity, _ entries: [Sensitivity.Entry], to path: String, templates folder: String?,
    catalog: PresetCatalog
  ) throws(InputError) {
    try PageWriter.write(to: path, templates: folder) { templates throws(ReportError) in
      try SensitivityReport.render(analysis, entries: entries, templates: templates, catalog: catalog)
    }
  }

  static func matters(_ entry: Sensitivity.Entry) -> Bool {
    entry.elasticities.contains { ($0.map(abs) ?? 1) > negligible }
  }

  static func table(_ analysis: Sensitivity, _ entries: [Sensitivity.Entry]) -> String {
    let percent = Int((analysis.step * 100).rounded())
    var text =
      "elasticities for \(analysis.policy.rawValue) at \(EvaluationFormatter.pointLine(analysis.point))\n"
    text +=
      "(\(percent)% steps down and up; 0.5 means \(percent)% more of the parameter gives \(percent / 2)% more of the metric)\n\n"
    let shown = entries.filter(matters)
    let rows = shown.map { entry in
      [entry.key, Parameter.format(entry.value), unit(entry.key)]
        + entry.elasticities.map { $0.map(format) ?? "-" } + [entry.note ?? ""]
    }
    text += TextTable.render(
      headings: ["parameter", "value", "unit"] + analysis.metrics + ["note"], rows: rows,
      textColumns: [2, analysis.metrics.count + 3])
    let still = entries.filter { !matters($0) }.map(\.key)
    if !still.isEmpty {
      text +=
        "\nno effect here (\(Counted.text(still.count, "parameter"))): \(still.joined(separator: ", "))\n"
    }
    return text
  }

  static func unit(_ key: String) -> String { (try? ParameterRegistry.parameter(named: key).unit) ?? "" }

  /// Two decimals, or two significant digits for small ones, always signed so that a wrong
  /// direction shows; "0" for none.
  static func format(_ value: Double) -> String {
    if abs(value) < negligible { return "0" }
    if abs(value) < 0.005 { return (value > 0 ? "+" : "") + NumberFormat.significant(value, digits: 2) }
    return String(format: "%+.2f", value)
  }

  static func json(_ analysis: Sensitivity, _ entries: [Sensitivity.Entry]) -> JSONValue {
    .object([
      ("policy", .string(analysis.policy.rawValue)), ("step", .number(analysis.step)),
      ("metrics", .array(analysis.metrics.map(JSONValue.string))),
      ("point", EvaluationFormatter.pointJSON(analysis.point)),
      (
        "parameters",
        .array(
          entries.map { entry in
            .object([
              ("key", .string(entry.key)), ("value", .number(entry.value)), ("low", .number(entry.low)),
              ("high", .number(entry.high)),
              ("elasticity", .object(zip(analysis.metrics, entry.elasticities).map { ($0, .optional($1)) })),
              ("note", entry.note.map(JSONValue.string) ?? .null),
            ])
          })
      ),
    ])
  }

  static func csv(_ analysis: Sensitivity, _ entries: [Sensitivity.Entry]) -> String {
    var lines = [CSV.row(["parameter", "value", "low", "high"] + analysis.metrics + ["note"])]
    for entry in entries {
      let values = [entry.value, entry.low, entry.high].map(JSONValue.format)
      lines.append(
        CSV.row(
          [entry.key] + values + entry.elasticities.map { $0.map(JSONValue.format) ?? "" } + [
            entry.note ?? ""
          ]))
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
