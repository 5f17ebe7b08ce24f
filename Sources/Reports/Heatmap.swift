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

  /// Where the grid sits in the chart.
  struct Layout {
    let left: Double
    let cellWidth: Double
    let top = 30.0
    let bottom: Double

    func x(_ column: Int) -> Double { left + cellWidth * Double(column) }
  }

  /// One cell's place: its column and row in the grid.
  struct Place {
    let column: Int
    let row: Int
  }

  var cells: [HeatGrid.Cell] {
    (0..<grid.yBins.count).flatMap { row in
      (0..<grid.xBins.count).map { grid.cell(group: group, column: $0, row: row) }
    }
  }

  func draw(in parent: HTMLNode, title: String) {
    let cells = cells
    let legend = legend(cells)
    let left = 20 + (grid.yBins.map { SVGCanvas.textWidth($0.label) }.max() ?? 0)
    let longest = grid.xBins.map { SVGCanvas.textWidth($0.label) }.max() ?? 0
    let cellWidth = min(max(96, longest + 10), (width - left - 16) / Double(grid.xBins.count))
    let layout = Layout(
      left: left, cellWidth: cellWidth, bottom: 30 + Self.cellHeight * Double(grid.yBins.count))
    let height = layout.bottom + 84 + legend.height(width: width - 24) + 6
    let canvas = SVGCanvas(in: parent, width: width, height: height, title: title, kind: "heatmap")
    canvas.root.set("data-metric", grid.metric)
    let scale = HeatScale(values: cells.compactMap(value), better: better)
    for row in 0..<grid.yBins.count {
      let y = layout.top + Self.cellHeight * Double(grid.yBins.count - 1 - row)
      canvas.text(
        grid.yBins[row].label, left - 6, y + Self.cellHeight / 2 + 4, anchor: "end", cssClass: "tick")
      for column in 0..<grid.xBins.count {
        drawCell(
          grid.cell(group: group, column: column, row: row), on: canvas, x: layout.x(column), y: y,
          width: cellWidth, scale: scale, at: Place(column: column, row: row))
      }
    }
    drawAxes(on: canvas, layout: layout)
    scale.draw(on: canvas, x: left, y: layout.bottom + 44, metric: grid.metric)
    legend.draw(on: canvas, x: 12, y: layout.bottom + 84, width: width - 24)
  }

  /// The winning policies, and the two kinds of empty cell where there are any.
  func legend(_ cells: [HeatGrid.Cell]) -> Legend {
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
    return Legend(items)
  }

  /// Column labels (shortened to fit, whole in their tooltips) and both axis titles; the y title
  /// sits above its labels, so it fits however few rows there are.
  func drawAxes(on canvas: SVGCanvas, layout: Layout) {
    for (column, bin) in grid.xBins.enumerated() {
      let fits = SVGCanvas.textWidth(bin.label) <= layout.cellWidth - 4
      let text = fits ? bin.label : String(bin.label.prefix(Int((layout.cellWidth - 8) / 6.6))) + "…"
      canvas.text(
        text, layout.x(column) + layout.cellWidth / 2, layout.bottom + 14, anchor: "middle", cssClass: "tick"
      ).element("title", text: bin.label)
    }
    canvas.text(
      NumberFormat.title(grid.x.key), layout.x(grid.xBins.count) / 2 + layout.left / 2, layout.bottom + 32,
      anchor: "middle", cssClass: "axis-title")
    canvas.text("rows: " + NumberFormat.title(grid.y.key), 12, 16, cssClass: "axis-title")
  }

  static let infeasibleColor = "#d9d9d9"
  static let failingColor = "#faf6ec"

  private func drawCell(
    _ cell: HeatGrid.Cell, on canvas: SVGCanvas, x: Double, y: Double, width: Double, scale: HeatScale,
    at position: Place
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
