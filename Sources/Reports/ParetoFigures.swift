import Basics
import DesignSpace
import Simulation

/// One scatter per pair of objectives for a scenario: a stratified sample of its eligible rows
/// (every policy in it), the whole front on top, the oracle's front as the bound.
struct ParetoFigures {
  let section: ScenarioSection
  let sample: [ReportRow]

  func draw(in parent: HTMLNode) {
    let data = section.data
    guard !data.pairs.isEmpty else { return }
    let charts = parent.element("div", attributes: [("class", "charts")])
    for (index, pair) in data.pairs.enumerated() {
      draw(pair, index: index, in: charts)
    }
  }

  /// A metric as the chart plots it (shares in percent).
  func value(_ row: ReportRow, _ metric: String) -> Double? {
    section.data.columns.value(row, metric).map { NumberFormat.display(metric, $0) }
  }

  private func draw(_ pair: SweepData.Pair, index: Int, in parent: HTMLNode) {
    let data = section.data
    let x = data.space.objectives[pair.x]
    let y = data.space.objectives[pair.y]
    let frontRows = section.scenario.pairFronts[index].fronts[0].map(\.payload)
    let frontKeys = Set(frontRows.map { "\($0.point)/\($0.policy.rawValue)" })
    // The oracle is the bound, drawn as its front's line, never as marks among the designs.
    let drawn =
      sample.filter { $0.policy != .oracle && !frontKeys.contains("\($0.point)/\($0.policy.rawValue)") }
      + frontRows
    let marks = drawn.compactMap { row -> ParetoScatter.Mark? in
      guard let a = value(row, x.metric), let b = value(row, y.metric) else { return nil }
      return ParetoScatter.Mark(
        x: a, y: b, policy: row.policy, tooltip: section.label.tooltip(row),
        onFront: frontKeys.contains("\(row.point)/\(row.policy.rawValue)"))
    }
    func points(_ rows: [ReportRow]) -> [ParetoScatter.Point] {
      rows.compactMap { row in
        guard let a = value(row, x.metric), let b = value(row, y.metric) else { return nil }
        return ParetoScatter.Point(x: a, y: b)
      }
    }
    var chart = ParetoScatter(
      title:
        "\(NumberFormat.title(x.metric, withUnit: false)) against \(NumberFormat.title(y.metric, withUnit: false))",
      xTitle: NumberFormat.title(x.metric), yTitle: NumberFormat.title(y.metric),
      xBetter: x.maximize ? .higher : .lower, yBetter: y.maximize ? .higher : .lower, marks: marks)
    chart.metrics = (x.metric, y.metric)
    chart.front = points(frontRows)
    chart.oracle = points(section.scenario.oracleFronts[index].fronts[0].map(\.payload))
    let figure = parent.element("figure")
    let beyond = chart.draw(in: figure, kind: "pareto", scenario: section.key)
    let front = frontRows.count == 1 ? "the front's one design" : "all \(frontRows.count) front designs"
    var caption =
      "\(marks.count) of \(Counted.text(section.scenario.eligible, "eligible design row")) drawn (a stratified sample: every policy in it), including \(front), outlined. Hover a mark for its design and figures."
    if beyond > 0 {
      caption +=
        " Zoomed to the front: \(beyond) marks lie beyond the view and are pinned to its edge, hollow."
    }
    if !chart.oracle.isEmpty {
      caption += " The dashed line is the oracle's front, a bound no design reaches."
    }
    figure.element("figcaption", text: caption)
  }
}
