import Basics
import DesignSpace
import Foundation
import Reports

/// `ndpscope best DIR`: a finished sweep queried from the terminal (`SweepQuery`), printed as a
/// table, JSON, or the chosen rows of results.csv (CSV).
public enum BestCommand {
  public static func run(
    directory: String, query: SweepQuery, format: OutputFormat
  ) throws(InputError) -> String {
    let manifestPath = directory + "/manifest.json"
    let manifest = try Manifest.read(manifestPath)
    let space = try manifest.parsedSpace(path: manifestPath)
    for policy in query.policies ?? [] where !space.policies.contains(policy) {
      throw InputError(
        "--policy: \(policy.rawValue) was not run in this sweep (its policies: \(space.policies.map(\.rawValue).joined(separator: ", ")))"
      )
    }
    let costs = ["cost_usd", ResultsTable.costPerThroughput]
    let named = [query.objective.metric] + query.conditions.compactMap(\.metric)
    if space.prices.isEmpty, let metric = named.first(where: costs.contains) {
      throw InputError(
        "\(metric): this sweep's space gives no prices, so every cost is 0; add 'prices:' to the space and sweep again"
      )
    }
    let answer = try query.answer(directory: directory)
    switch format {
    case .csv: return csv(answer)
    case .json: return json(answer, query: query).rendered() + "\n"
    case .table:
      let columns = shownColumns(query: query, axes: space.axes.map(\.key), header: answer.header)
      return heading(query, directory: directory, manifest: manifest, answer: answer)
        + table(answer, query: query, columns: columns)
    }
  }

  /// The objective, the conditions, the policies considered and how complete the sweep is.
  static func heading(
    _ query: SweepQuery, directory: String, manifest: Manifest, answer: QueryAnswer
  ) -> String {
    let word = query.objective.maximize ? "highest" : "lowest"
    let policies =
      query.policies.map { "of " + $0.map(\.rawValue).joined(separator: ", ") }
      ?? "of every policy but the oracle"
    let conditions = query.conditions.filter { $0.metric != nil }.map(\.description)
    var text = "\(word) \(query.objective.metric) among the feasible rows \(policies)"
    if !conditions.isEmpty { text += " where " + conditions.joined(separator: " and ") }
    text += "\n\(directory): \(Counted.text(answer.rowsRead, "row")) read"
    if !manifest.complete {
      let done = manifest.pointsDone.map { "\($0) of \(manifest.pointsInShard) points" } ?? "stopped early"
      text += "; the sweep is not complete (\(done))"
    }
    return text + "\n\n"
  }

  /// The per column, the objective, the condition metrics, then the swept axes: what decides the
  /// answer, then what the design is.
  static func shownColumns(query: SweepQuery, axes: [String], header: [String]) -> [String] {
    var columns: [String] = []
    let wanted = [query.objective.metric] + query.conditions.compactMap(\.metric) + axes
    for column in wanted where column != query.per && !columns.contains(column) && header.contains(column) {
      columns.append(column)
    }
    return columns
  }

  static func table(_ answer: QueryAnswer, query: SweepQuery, columns: [String]) -> String {
    let shown = (["point", "policy"] + columns.filter { $0 != "policy" }).filter { $0 != query.per }
    let headings = (query.per.map { [$0] } ?? []) + ["eligible"] + shown
    let indices = shown.map { answer.header.firstIndex(of: $0)! }
    var rows: [[String]] = []
    for group in answer.groups {
      var row = (group.key.map { [$0] } ?? []) + [String(group.eligible)]
      row += indices.map { index in group.best.map { display($0[index]) } ?? "-" }
      rows.append(row)
    }
    let note =
      answer.groups.contains { $0.best == nil }
      ? "\neligible: feasible rows that meet the conditions; where it is 0, no design in the sweep does.\n"
      : ""
    return TextTable.render(headings: headings, rows: rows) + note
  }

  /// A number to four significant digits; anything else as it is.
  static func display(_ field: String) -> String {
    guard let value = Double(field), !field.isEmpty else { return field.isEmpty ? "-" : field }
    return NumberFormat.significant(value)
  }

  /// results.csv's header and the chosen rows, unchanged.
  static func csv(_ answer: QueryAnswer) -> String {
    var lines = [CSV.row(answer.header)]
    for group in answer.groups { if let best = group.best { lines.append(CSV.row(best)) } }
    return lines.joined(separator: "\n") + "\n"
  }

  static func json(_ answer: QueryAnswer, query: SweepQuery) -> JSONValue {
    let groups = answer.groups.map { group -> JSONValue in
      let best: JSONValue =
        group.best.map { fields in
          .object(zip(answer.header, fields).map { ($0, typed($1)) })
        } ?? .null
      return .object([
        ("per", group.key.map(JSONValue.string) ?? .null), ("eligible", .number(Double(group.eligible))),
        ("best", best),
      ])
    }
    return .object([
      ("objective", .string(query.objective.description)),
      ("where", .array(query.conditions.map { .string($0.description) })),
      ("per", query.per.map(JSONValue.string) ?? .null),
      ("rows_read", .number(Double(answer.rowsRead))), ("groups", .array(groups)),
    ])
  }

  /// A results.csv field as JSON: empty is null, true/false are booleans, numbers are numbers.
  static func typed(_ field: String) -> JSONValue {
    if field.isEmpty { return .null }
    if field == "true" || field == "false" { return .bool(field == "true") }
    if let value = Double(field), value.isFinite { return .number(value) }
    return .string(field)
  }
}
