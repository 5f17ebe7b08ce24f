import Basics
import DesignSpace
import Simulation

/// The page's answer first: per scenario, the design to pick for each objective and the knee,
/// with why; or, plainly, that nothing meets the constraints there.
enum RecommendationSection {
  /// Why a scenario has no recommendation, in one sentence.
  static func nothing(_ scenario: ScenarioData) -> String {
    let infeasible = scenario.rows - scenario.feasible
    if scenario.feasible == 0 {
      return
        "No design meets the constraints here: all \(Counted.text(scenario.rows, "design row")) are infeasible (reasons in the summary)."
    }
    return
      "No design meets the constraints here: \(infeasible) of \(scenario.rows) design rows are infeasible and the \(scenario.feasible) feasible ones fail a constraint (reasons in the summary)."
  }

  static func add(to page: ReportTemplates.Page, data: SweepData) {
    let section = Sections.section(page, id: "recommendation", title: "Recommendation")
    let space = data.space
    let constraints =
      space.constraints.isEmpty
      ? "no constraints" : space.constraints.map(\.description).joined(separator: ", ")
    Sections.note(
      section,
      "For each scenario: the best design meeting the constraints (\(constraints)) for each objective, ties broken by the other objectives, and the knee of the Pareto front, the design closest to the best of every objective at once. Figures come from the analytic model; see the summary for what is fixed."
    )
    let multiple = data.scenarios.count > 1
    let table = section.element("div", attributes: [("class", "table-box")]).element(
      "table", attributes: [("class", "recommendation")])
    let head = table.element("thead").element("tr")
    for heading in (multiple ? ["scenario"] : []) + ["pick", "design", "why"] {
      head.element("th", attributes: [("class", "text")], text: heading)
    }
    let body = table.element("tbody")
    for index in data.trackedScenarioIndices {
      rows(of: index, in: body, data: data, named: multiple ? data.scenarios.label(index) : nil)
    }
    let untracked = data.untrackedScenarios.count
    if untracked > 0 {
      Sections.note(
        section,
        "\(untracked) more scenarios are not listed (the page keeps the first \(SweepData.trackedScenarios)); pareto.csv holds every scenario's fronts."
      )
    }
  }

  /// Scenario `index`'s lines: one per pick, or one saying why there is none.
  static func rows(of index: Int, in body: HTMLNode, data: SweepData, named name: String?) {
    let scenario = data.scenarioData[index]!
    let picks = Recommendation(scenario: scenario, data: data).picks
    guard !picks.isEmpty else {
      let row = body.element("tr", attributes: [("class", "nothing")])
      if let name { row.element("td", attributes: [("class", "text")], text: name) }
      row.element("td", attributes: [("class", "text")], text: "none")
      row.element("td", attributes: [("class", "text"), ("colspan", "2")], text: nothing(scenario))
      return
    }
    let label = DesignLabel(data)
    for (position, pick) in picks.enumerated() {
      let row = body.element("tr")
      if let name { row.element("td", attributes: [("class", "text")], text: position == 0 ? name : "") }
      row.element("td", attributes: [("class", "text")], text: pick.goal)
      row.element("td", attributes: [("class", "text design")], text: label.name(pick.row))
      row.element("td", attributes: [("class", "text why")], text: pick.why)
    }
  }
}
