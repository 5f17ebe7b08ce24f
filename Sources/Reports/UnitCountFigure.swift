import DesignSpace
import Simulation

/// The first objective other than the unit count itself against the NDP unit count, one line per
/// policy (the best over the other design axes at each count), when the unit count is a swept
/// design axis.
struct UnitCountFigure {
  let section: ScenarioSection

  func draw(in parent: HTMLNode) {
    let data = section.data
    let byUnits = section.scenario.bestByUnits
    guard !byUnits.isEmpty, let index = data.unitCountObjective else { return }
    let objective = data.space.objectives[index]
    let series = PolicyName.allCases.compactMap { policy -> SeriesChart.Series? in
      guard policy != .oracle, let rows = byUnits[policy], policy.usesNDP else { return nil }
      let units = rows.keys.sorted()
      let points = units.compactMap { count in
        data.columns.value(rows[count]!, objective.metric).map {
          ParetoScatter.Point(x: Double(count), y: NumberFormat.display(objective.metric, $0))
        }
      }
      let tooltips = units.map { section.label.tooltip(rows[$0]!) }
      return SeriesChart.Series(policy: policy, points: points, tooltips: tooltips)
    }
    guard !series.isEmpty else { return }
    let title = NumberFormat.title(objective.metric, withUnit: false)
    var chart = SeriesChart(
      title: "\(title) against NDP unit count", xTitle: "NDP units (count)",
      yTitle: NumberFormat.title(objective.metric),
      series: series)
    chart.integerX = true
    Sections.figure(
      parent,
      caption:
        "The best \(title) each policy reaches at each NDP unit count, over the other design axes (policies that use no NDP units are left out)."
    ) { chart.draw(in: $0, kind: "units", scenario: section.key) }
  }
}
