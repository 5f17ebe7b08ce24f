import DesignSpace
import Simulation

/// Time per output token against the substitution rate (the accuracy risk) for the substituting
/// policies, when the substitution band is swept.
struct SubstitutionFigure {
  let section: ScenarioSection
  let sample: [ReportRow]

  func draw(in parent: HTMLNode) {
    let data = section.data
    guard data.space.axes.contains(where: { $0.key == "policy.alpha" && $0.values.count > 1 }) else { return }
    let marks = sample.filter(\.policy.substitutes).compactMap { row -> ParetoScatter.Mark? in
      guard let x = data.columns.value(row, "substitution_rate"), let y = data.columns.value(row, "tpot_ms")
      else {
        return nil
      }
      return ParetoScatter.Mark(
        x: NumberFormat.display("substitution_rate", x), y: y, policy: row.policy,
        tooltip: section.label.tooltip(row), onFront: false)
    }
    guard !marks.isEmpty else { return }
    let chart = ParetoScatter(
      title: "Time per output token against substitution rate",
      xTitle: NumberFormat.title("substitution_rate"),
      yTitle: NumberFormat.title("tpot_ms"), xBetter: .lower, yBetter: .lower, marks: marks)
    Sections.figure(
      parent,
      caption:
        "Each mark a row of a substituting policy: time per output token against the share of activated expert slots substituted (the accuracy risk)."
    ) { chart.draw(in: $0, kind: "substitution", scenario: section.key) }
  }
}
