import DesignSpace
import Simulation

/// A grid of cells over two swept axes: each cell coloured by the best value of a metric there
/// (darker is better, with a colour scale), labelled with the value and the winning policy's mark
/// and name; infeasible cells grey and cells whose feasible rows all fail a constraint outlined,
/// each with the reasons in its tooltip.
struct Heatmap {
  let grid: HeatGrid
  let group: Int
  let data: SweepData
  let width = 1100.0

  static let cellHeight = 36.0

  var better: ChartAxis.Better { MetricDirection.better(grid.metric, space: data.space) }

  func value(_ cell: HeatGrid.Cell) -> Double? {
    cell.best.flatMap { data.columns.value($0, grid.metric) }.map { NumberFormat.display(grid.metric, $0) }
  }

  func draw(in parent: HTMLNode, title: String) {
    let cells = (0..<grid.yBins.count).flatMap { row in
      (0..<grid.xBins.count).map { grid.cell(group: group, column: $0, row: row) }
    }
    let values = cells.compactMap(value)
    let winners = Set(cells.compactMap { $0.best?.policy })
    var items = PolicyName.allCases.filter(winners.contains).map(Legend.Item.policy)
    if cells.contains(where: { $0.best == nil && $0.rows > 0 && $0.feasible == 0 }) {
      items.append(
        Legend.Item(
          key: "infeasible", label: "every row infeasible", swatch: .box(color: Self.infeasibleColor)))
    }
    if cells.contains(where: { $0.best == nil && $0.feasible > 0 }) {
      items.append(
        Legend.Item(
          key: "failing", label: "feasible rows all fail a constraint", swatch: .box(color: Self.failingColor)
        ))
    }
    let legend = Legend(items)
    let left = 20 + (grid.yBins.map { SVGCanvas.textWidth($0.label) }.max() ?? 0)
    let longest = grid.xBins.map { SVGCanvas.textWidth($0.label) }.max() ?? 0
    let cellWidth = min(max(96, longest + 10), (width - left - 16) / Double(grid.xBins.count))
    let plotHeight = Self.cellHeight * Double(grid.yBins.count)
    let top = 30.0
    let height = top + plotHeight + 40 + 44 + legend.height(width: width - 24) + 6
    let canvas = SVGCanvas(in: parent, width: width, height: height, title: title, kind: "heatmap")
    canvas.root.set("data-metric", grid.metric)
    let scale = HeatScale(values: values, better: better)
    for row in 0..<grid.yBins.count {
      let y = top + Self.cellHeight * Double(grid.yBins.count - 1 - row)
      canvas.text(
        grid.yBins[row].label, left - 6, y + Self.cellHeight / 2 + 4, anchor: "end", cssClass: "tick")
      for column in 0..<grid.xBins.count {
        let cell = grid.cell(group: group, column: column, row: row)
        drawCell(
          cell, on: canvas, x: left + cellWidth * Double(column), y: y, width: cellWidth, scale: scale,
          at: (column, row))
      }
    }
    let bottom = top + plotHeight
    for (column, bin) in grid.xBins.enumerated() {
      let text =
        SVGCanvas.textWidth(bin.label) > cellWidth - 4
        ? String(bin.label.prefix(Int((cellWidth - 8) / 6.6))) + "…" : bin.label
      canvas.text(
        text, left + cellWidth * (Double(column) + 0.5), bottom + 14, anchor: "middle", cssClass: "tick"
      )
      .element("title", text: bin.label)
    }
    canvas.text(
      NumberFormat.title(grid.x.key), left + cellWidth * Double(grid.xBins.count) / 2, bottom + 32,
      anchor: "middle",
      cssClass: "axis-title")
    // The y title sits above its labels, so it fits however few rows there are.
    canvas.text("rows: " + NumberFormat.title(grid.y.key), 12, 16, cssClass: "axis-title")
    scale.draw(on: canvas, x: left, y: bottom + 44, metric: grid.metric)
    legend.draw(on: canvas, x: 12, y: bottom + 84, width: width - 24)
  }

  static let infeasibleColor = "#d9d9d9"
  static let failingColor = "#faf6ec"

  private func drawCell(
    _ cell: HeatGrid.Cell, on canvas: SVGCanvas, x: Double, y: Double, width: Double, scale: HeatScale,
    at position: (column: Int, row: Int)
  ) {
    let place =
      "\(grid.x.key) \(grid.xBins[position.column].label), \(grid.y.key) \(grid.yBins[position.row].label)"
    let group = canvas.group(cssClass: "cell")
    if let best = cell.best, let value = value(cell) {
      let t = scale.darkness(value)
      canvas.rect(x, y, width - 2, Self.cellHeight - 2, fill: PolicyStyle.heat(t), in: group)
        .element(
          "title",
          text:
            "\(place)\n\(DesignLabel(data).tooltip(best))\nbest of \(cell.feasible) feasible rows here (\(cell.rows) in all)"
        )
      let ink = t > 0.55 ? "cell-label-dark" : "cell-label"
      canvas.text(
        NumberFormat.metric(grid.metric, data.columns.value(best, grid.metric)!), x + width / 2, y + 14,
        anchor: "middle", cssClass: ink, in: group)
      canvas.mark(
        PolicyStyle.shape(best.policy), x + 8, y + 25, size: 7, color: PolicyStyle.color(best.policy),
        cssClass: "mark", in: group
      )
      .set("data-key", best.policy.rawValue)
      canvas.text(best.policy.rawValue, x + 15, y + 28, cssClass: ink + " small", in: group)
      return
    }
    let (fill, label, css) =
      cell.rows == 0
      ? (Self.failingColor, "no rows", "cell-empty")
      : cell.feasible == 0
        ? (Self.infeasibleColor, "infeasible", "cell-infeasible")
        : (Self.failingColor, "fails", "cell-failing")
    let box = canvas.rect(x, y, width - 2, Self.cellHeight - 2, cssClass: css, fill: fill, in: group)
    box.set("data-key", css == "cell-infeasible" ? "infeasible" : css == "cell-failing" ? "failing" : "empty")
    box.element("title", text: "\(place)\n" + why(cell))
    canvas.text(
      label, x + width / 2, y + Self.cellHeight / 2 + 4, anchor: "middle", cssClass: "cell-label", in: group)
  }

  /// Why a cell has no eligible design.
  func why(_ cell: HeatGrid.Cell) -> String {
    guard cell.rows > 0 else { return "no row of the sweep falls here" }
    var lines: [String] = []
    let infeasible = cell.rows - cell.feasible
    if infeasible > 0 {
      lines.append("\(infeasible) of \(cell.rows) rows infeasible:")
      lines += cell.reasons.sorted.map { "  \($0.count) x \($0.example)" }
    }
    let failing = data.space.constraints.indices.filter { cell.failures[$0] > 0 }
    if cell.feasible > 0 {
      lines.append("\(cell.feasible) feasible rows, none meets the constraints:")
      lines += failing.map { "  \(cell.failures[$0]) fail \(data.space.constraints[$0].description)" }
    }
    return lines.joined(separator: "\n")
  }
}
