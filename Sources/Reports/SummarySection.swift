import Basics
import DesignSpace
import Foundation
import NDPModel
import Simulation

/// What the sweep was: every fixed setting (and the defaults it relied on), the axes (design and
/// scenario), the seed, the policies, constraints, objectives and prices; how many rows were
/// feasible and met the constraints; and why the others were left out, with counts.
enum SummarySection {
  static func add(to page: ReportTemplates.Page, data: SweepData) {
    let section = Sections.section(page, id: "summary", title: "Summary")
    if data.eligibleRows == 0 {
      Sections.note(
        section,
        "Nothing meets the constraints: \(data.rows - data.feasibleRows) of \(data.rows) rows are infeasible and the \(data.feasibleRows) feasible ones fail a constraint (below). Relax a constraint or widen the axes.",
        warning: true)
    }
    Sections.facts(section, facts(data))
    reasons(section, data: data)
  }

  static func facts(_ data: SweepData) -> [(String, String)] {
    let space = data.space
    let file = data.spaceFile.isEmpty ? "" : " (\(URL(fileURLWithPath: data.spaceFile).lastPathComponent))"
    var rows = [("space", space.name + file)]
    if !space.description.isEmpty { rows.append(("question", space.description)) }
    rows.append(
      (
        "strategy",
        "\(space.strategy.rawValue): \(Counted.text(space.pointCount, "point")) x "
          + "\(Counted.text(space.policies.count, "policy", plural: "policies")) = \(Counted.text(data.rows, "row"))"
      ))
    rows += axes(data)
    rows.append(("defaults used", defaults(space)))
    rows.append(("routing seed", seed(space)))
    rows += goals(space)
    rows.append(
      (
        "rows",
        "\(data.rows) in all, \(data.feasibleRows) feasible, \(data.eligibleRows) meet the constraints"
      ))
    rows.append(("tool", "ndpscope \(NDPScopeVersion.current)"))
    return rows
  }

  /// What varied (design and scenario axes) and what was fixed.
  static func axes(_ data: SweepData) -> [(String, String)] {
    let space = data.space
    let design = space.axes.filter { !space.scenarioKeys.contains($0.key) }
    let scenario = space.axes.filter { space.scenarioKeys.contains($0.key) }
    let scenarios =
      scenario.isEmpty
      ? "none: one scenario"
      : scenario.map(describe).joined(separator: "; ") + " (\(data.scenarios.count) scenarios)"
    let fixed =
      space.fixed.isEmpty
      ? "nothing"
      : space.fixed.map { "\($0.key) \(NumberFormat.setting($0.value))" }
        .joined(separator: ", ")
    return [
      ("design axes", design.isEmpty ? "none" : design.map(describe).joined(separator: "; ")),
      ("scenario axes", scenarios), ("fixed by the space", fixed),
    ]
  }

  /// Policies, constraints, objectives, prices and calibration.
  static func goals(_ space: Space) -> [(String, String)] {
    var rows = [
      (
        "policies",
        space.policies.map(\.rawValue).joined(separator: ", ") + "; speedups over \(space.baseline.rawValue)"
      ),
      (
        "constraints",
        space.constraints.isEmpty ? "none" : space.constraints.map(\.description).joined(separator: "; ")
      ),
      ("objectives", space.objectives.map(\.description).joined(separator: ", ")), ("prices", prices(space)),
    ]
    if let calibration = space.calibration {
      let values = calibration.values.map {
        "\($0.key) \(Parameter.format($0.value)) for \($0.presets.joined(separator: "+"))"
      }
      rows.append(("calibration", "\(calibration.file): " + values.joined(separator: "; ")))
    }
    return rows
  }

  static func describe(_ axis: Axis) -> String {
    let values = axis.values
    let shown =
      values.count <= 6
      ? values.map(NumberFormat.setting).joined(separator: ", ")
      : "\(NumberFormat.setting(values[0]))…\(NumberFormat.setting(values[values.count - 1]))"
    return "\(axis.key) (\(values.count): \(shown))"
  }

  /// The presets and workload settings the space leaves at their defaults.
  static func defaults(_ space: Space) -> String {
    let set = Set(space.fixed.map(\.key) + space.axes.map(\.key))
    var parts = PresetKind.allCases.filter { !set.contains($0.rawValue) }.map {
      "\($0.rawValue) \(PresetSelection()[$0])"
    }
    let point = try? SpaceExpansion(space: space).point(settings: space.fixed)
    for key in ["workload.batch", "workload.prompt", "workload.output"] where !set.contains(key) {
      if let point, let value = try? ParameterRegistry.parameter(named: key).value(in: point) {
        parts.append("\(key) \(Parameter.format(value))")
      }
    }
    return parts.isEmpty ? "none" : parts.joined(separator: ", ")
  }

  static func seed(_ space: Space) -> String {
    if space.axes.contains(where: { $0.key == "workload.seed" }) { return "swept (workload.seed axis)" }
    if let fixed = space.fixed.last(where: { $0.key == "workload.seed" }) {
      return "\(fixed.value) (workload.seed)"
    }
    return "\(space.seed) (the space's seed)"
  }

  static func prices(_ space: Space) -> String {
    guard !space.prices.isEmpty else { return "none given: cost_usd is 0 for every row" }
    let parts = PresetKind.allCases.compactMap { kind -> String? in
      guard let table = space.prices[kind], !table.isEmpty else { return nil }
      let each = table.keys.sorted().map { "\($0) $\(Parameter.format(table[$0]!))" }.joined(separator: ", ")
      return
        "\(kind.rawValue)\(kind == .ndp ? " (per unit, only for policies that use NDP units)" : ""): \(each)"
    }
    return parts.joined(separator: "; ")
  }

  /// Infeasibility reasons and constraint failures, with counts.
  static func reasons(_ section: HTMLNode, data: SweepData) {
    let infeasible = data.infeasible.sorted
    if !infeasible.isEmpty {
      section.element("h3", text: "Why rows are infeasible")
      var table = SortableTable(
        columns: [
          .init("rows", numeric: true), .init("reason", numeric: false), .init("example", numeric: false),
        ],
        rows: infeasible.map { reason in
          [
            SortableTable.Cell(String(reason.count), value: Double(reason.count)), .init(reason.kind),
            .init(reason.example),
          ]
        })
      table.sortedBy = (0, false)
      table.draw(in: section)
    }
    let failing = data.space.constraints.indices.filter { data.constraintFailures[$0] > 0 }
    if !failing.isEmpty {
      section.element("h3", text: "Feasible rows failing a constraint")
      var table = SortableTable(
        columns: [.init("rows", numeric: true), .init("constraint", numeric: false)],
        rows: failing.map { index in
          let count = data.constraintFailures[index]
          return [
            SortableTable.Cell(String(count), value: Double(count)),
            .init(data.space.constraints[index].description),
          ]
        })
      table.sortedBy = (0, false)
      table.draw(in: section)
    }
  }
}
