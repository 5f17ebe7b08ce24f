import Basics
import DesignSpace
import Reports

/// `ndpscope compare A B`: what changed between two sweeps or two eval outputs, in the terminal
/// (table, JSON or CSV) and optionally as a page.
public enum CompareCommand {
  /// How many row names a list shows before "and N more".
  static let listed = 5

  public static func run(
    _ a: String, _ b: String, format: OutputFormat, reportPath: String? = nil, templates: String? = nil
  ) throws(InputError) -> String {
    let comparison = try SweepComparison.compare(a, b)
    if let reportPath {
      try PageWriter.write(to: reportPath, templates: templates) { templates throws(ReportError) in
        try CompareReport.render(comparison, templates: templates)
      }
    }
    switch format {
    case .table: return table(comparison)
    case .json: return json(comparison).rendered() + "\n"
    case .csv: return csv(comparison)
    }
  }

  static func table(_ c: SweepComparison) -> String {
    var text =
      "A: \(c.pathA) (\(Counted.text(c.rowsA, "row")))\nB: \(c.pathB) (\(Counted.text(c.rowsB, "row")))\n"
    text += "\(c.matched) matched by point and policy\n"
    text += listLine("only in A", c.onlyA) + listLine("only in B", c.onlyB)
    text += listLine("feasibility changed", c.feasibilityChanges)
    if !c.inputDifferences.isEmpty {
      text +=
        "inputs that differ: "
        + c.inputDifferences.map { "\($0.key) (\(Counted.text($0.rows, "row")))" }
        .joined(separator: ", ") + "\n"
      text +=
        "note: matched rows share a point number and policy, not necessarily a design; the changes below include "
        + "these input differences (compare sweeps of the same space to see the model's changes alone)\n"
    }
    if let entered = c.frontEntered, let left = c.frontLeft {
      text +=
        listLine("entered the first Pareto front", entered) + listLine("left the first Pareto front", left)
    }
    let changed = c.changes.filter { $0.changed > 0 }
    guard !changed.isEmpty else {
      return text
        + (c.hasNoChange ? "\nno change\n" : "\nno metric changed on the rows feasible on both sides\n")
    }
    let rows = changed.map { change in
      [
        change.metric, String(change.compared), String(change.changed), percent(change.meanRelative),
        change.largest.map { percent($0.relative) } ?? "-", change.largest?.label ?? "",
      ]
    }
    return text + "\n"
      + TextTable.render(
        headings: ["metric", "compared", "changed", "mean change", "largest", "where"], rows: rows,
        textColumns: [5])
  }

  /// "label: none" or "label (N): a, b, c and 2 more".
  static func listLine(_ label: String, _ items: [String]) -> String {
    guard !items.isEmpty else { return "\(label): none\n" }
    let shown = items.prefix(listed).joined(separator: "; ")
    let more = items.count > listed ? " and \(items.count - listed) more" : ""
    return "\(label) (\(items.count)): \(shown)\(more)\n"
  }

  static func percent(_ relative: Double) -> String {
    relative.isFinite ? String(format: "%+.2f%%", relative * 100) : "from 0"
  }

  static func json(_ c: SweepComparison) -> JSONValue {
    let strings = { (items: [String]) in JSONValue.array(items.map(JSONValue.string)) }
    return .object([
      ("a", .string(c.pathA)), ("b", .string(c.pathB)), ("rows_a", .number(Double(c.rowsA))),
      ("rows_b", .number(Double(c.rowsB))), ("matched", .number(Double(c.matched))),
      ("only_a", strings(c.onlyA)), ("only_b", strings(c.onlyB)),
      ("feasibility_changes", strings(c.feasibilityChanges)),
      (
        "input_differences",
        .object(c.inputDifferences.map { ($0.key, JSONValue.number(Double($0.rows))) })
      ),
      ("front_entered", c.frontEntered.map(strings) ?? .null),
      ("front_left", c.frontLeft.map(strings) ?? .null),
      ("metrics", .array(c.changes.map(changeJSON))), ("no_change", .bool(c.hasNoChange)),
    ])
  }

  static func changeJSON(_ change: SweepComparison.MetricChange) -> JSONValue {
    .object([
      ("metric", .string(change.metric)), ("compared", .number(Double(change.compared))),
      ("changed", .number(Double(change.changed))), ("mean_relative", .number(change.meanRelative)),
      (
        "largest",
        change.largest.map { l in
          .object([
            ("row", .string(l.label)), ("a", .number(l.a)), ("b", .number(l.b)),
            ("relative", l.relative.isFinite ? .number(l.relative) : .null),
          ])
        } ?? .null
      ),
    ])
  }

  static func csv(_ c: SweepComparison) -> String {
    var lines = [
      CSV.row(["metric", "compared", "changed", "mean_relative", "largest_row", "largest_a", "largest_b"])
    ]
    for change in c.changes {
      let largest = change.largest
      lines.append(
        CSV.row([
          change.metric, String(change.compared), String(change.changed),
          JSONValue.format(change.meanRelative),
          largest?.label ?? "", largest.map { JSONValue.format($0.a) } ?? "",
          largest.map { JSONValue.format($0.b) } ?? "",
        ]))
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
