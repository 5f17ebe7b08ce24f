import Basics
import DesignSpace
import Foundation
import Simulation

/// The evidence for one scenario: its Pareto scatters, the first objective against the NDP unit
/// count, latency against substitution, the latency breakdown of its front, and its front as a
/// table. With several scenarios each is a collapsible block (the first few open).
struct ScenarioSection {
  let data: SweepData
  let scenario: ScenarioData
  let label: DesignLabel

  /// Scenario `index`'s block; scenarios after the first `openLimit` start collapsed.
  static let openLimit = 4

  static func add(to page: ReportTemplates.Page, data: SweepData) {
    let indices = data.shownScenarioIndices
    guard !indices.isEmpty else { return }
    let multiple = data.scenarios.count > 1
    let section = Sections.section(page, id: "designs", title: multiple ? "Designs per scenario" : "Designs")
    if multiple {
      Sections.note(
        section,
        "Designs are compared only within a scenario (\(data.scenarios.axes.map(\.key).joined(separator: ", "))): the space declares these the workload, not the design, so rows that differ in them are not compared. \(indices.count) of \(data.scenarios.count) scenarios are shown."
      )
    }
    for (position, index) in indices.enumerated() {
      let block = ScenarioSection(data: data, scenario: data.scenarioData[index]!, label: DesignLabel(data))
      let parent: HTMLNode
      if multiple {
        let details = section.element(
          "details", attributes: position < openLimit || indices.count <= openLimit ? [("open", "open")] : [])
        details.element("summary", text: "Scenario: \(data.scenarios.label(index))")
        parent = details
      } else {
        parent = section
      }
      block.draw(in: parent)
    }
  }

  var key: String { data.scenarios.key(scenario.index) }

  func draw(in parent: HTMLNode) {
    Sections.note(
      parent,
      "\(Counted.text(scenario.rows, "design row")) (point x policy, the oracle aside) in this scenario: \(scenario.feasible) feasible, \(scenario.eligible) meeting the constraints."
    )
    guard scenario.eligible > 0 else {
      Sections.note(
        parent, "Nothing in this scenario meets the constraints; the summary lists why.", warning: true)
      return
    }
    let sample = scenario.sample(budget: data.marksPerScatter)
    ParetoFigures(section: self, sample: sample).draw(in: parent)
    UnitCountFigure(section: self).draw(in: parent)
    SubstitutionFigure(section: self, sample: sample).draw(in: parent)
    breakdown(in: parent)
    table(in: parent)
  }

  /// The front's designs, best first objective first, at most `limit`.
  func frontRows(limit: Int) -> [ReportRow] {
    let order = RowOrder(first: data.space.objectives[0].metric, space: data.space, columns: data.columns)
    return Array(scenario.frontRows.sorted { order.better($0, than: $1) }.prefix(limit))
  }

  func breakdown(in parent: HTMLNode) {
    let rows = frontRows(limit: 16)
    guard !rows.isEmpty else { return }
    let bars = Sections.breakdownBars(
      title: "Latency breakdown of the Pareto designs",
      bars: rows.map { row in
        (label.name(row), Sections.breakdownParts.map { data.columns.value(row, "breakdown_\($0)_ms") ?? 0 })
      })
    let more =
      scenario.frontRows.count > rows.count ? " (the first \(rows.count) of \(scenario.frontRows.count))" : ""
    Sections.figure(
      parent,
      caption:
        "Where the end-to-end time of each front design\(more) goes, best \(data.space.objectives[0].metric) first.",
      wide: true
    ) { bars.draw(in: $0, scenario: key) }
  }

  func table(in parent: HTMLNode) {
    let rows = frontRows(limit: 100)
    guard !rows.isEmpty else { return }
    FrontTable(data: data, label: label).draw(in: parent, rows: rows, total: scenario.frontRows.count)
  }
}
