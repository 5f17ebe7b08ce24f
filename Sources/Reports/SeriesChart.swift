/// Lines of a value against a numeric input, one per series (e.g. speedup against NDP units).
public enum SeriesChart {
  public static func draw(
    in parent: HTMLNode, title: String, xTitle: String, yTitle: String,
    series: [(name: String, color: Int, points: [(Double, Double)])]
  ) {
    let canvas = SVGCanvas(in: parent, width: 640, height: 400, title: title)
    let frame = PlotFrame(
      canvas: canvas, xValues: series.flatMap { $0.points.map(\.0) },
      yValues: series.flatMap { $0.points.map(\.1) } + [0], xTitle: xTitle, yTitle: yTitle, allowLog: false)
    for line in series where !line.points.isEmpty {
      let points = line.points.sorted { $0.0 < $1.0 }.map { (frame.x.position($0.0), frame.y.position($0.1)) }
      let group = canvas.group(cssClass: "series-group")
      canvas.polyline(points, stroke: Palette.color(line.color), cssClass: "series", in: group)
      for (index, point) in points.enumerated() {
        let dot = canvas.circle(
          point.0, point.1, radius: 3, fill: Palette.color(line.color), cssClass: "dot", in: group)
        let raw = line.points.sorted { $0.0 < $1.0 }[index]
        dot.element("title", text: "\(line.name): \(ChartAxis.label(raw.0)) -> \(ChartAxis.label(raw.1))")
      }
    }
    ParetoScatter.legend(canvas, frame: frame, names: series.map(\.name), extra: [])
  }
}

/// A grid of cells coloured by value over two inputs, each cell labelled with its value.
public enum Heatmap {
  public static func draw(
    in parent: HTMLNode, title: String, xTitle: String, yTitle: String, xLabels: [String],
    yLabels: [String], values: [[Double?]], valueTitle: String
  ) {
    // Cells wide enough for the longest column label (about 6.5 px per character at 11 px).
    let cell = max(44.0, Double(xLabels.map(\.count).max() ?? 0) * 6.5 + 8)
    let left = max(60.0, Double(yLabels.map(\.count).max() ?? 0) * 6.5 + 16)
    let top = 16.0
    let width = left + cell * Double(xLabels.count) + 24
    let height = top + cell * Double(yLabels.count) + 64
    let canvas = SVGCanvas(in: parent, width: max(320, width), height: height, title: title)
    let all = values.flatMap { $0.compactMap { $0 } }
    let low = all.min() ?? 0
    let high = all.max() ?? 1
    for (row, label) in yLabels.enumerated() {
      let y = top + cell * Double(row)
      canvas.text(label, left - 6, y + cell / 2 + 4, anchor: "end", cssClass: "tick")
      for (column, _) in xLabels.enumerated() {
        let x = left + cell * Double(column)
        guard let value = values[row][column] else {
          canvas.rect(x, y, cell - 2, cell - 2, cssClass: "lane")
          continue
        }
        let t = high > low ? (value - low) / (high - low) : 0.5
        canvas.rect(x, y, cell - 2, cell - 2, fill: Palette.heat(t)).element(
          "title",
          text: "\(xTitle) \(xLabels[column]), \(yTitle) \(label): \(valueTitle) \(ChartAxis.label(value))")
        canvas.text(
          ChartAxis.label(value), x + cell / 2 - 1, y + cell / 2 + 3, anchor: "middle",
          cssClass: t > 0.55 ? "cell-label-dark" : "cell-label")
      }
    }
    for (column, label) in xLabels.enumerated() {
      canvas.text(
        label, left + cell * Double(column) + cell / 2, top + cell * Double(yLabels.count) + 14,
        anchor: "middle", cssClass: "tick")
    }
    canvas.text(
      xTitle, left + cell * Double(xLabels.count) / 2, height - 16, anchor: "middle", cssClass: "axis-title")
    canvas.text(
      yTitle, 14, top + cell * Double(yLabels.count) / 2, anchor: "middle", cssClass: "axis-title",
      rotate: true)
  }
}

/// Stacked bars: one bar per item, one segment per part (e.g. the latency breakdown).
public enum StackedBars {
  public static func draw(
    in parent: HTMLNode, title: String, yTitle: String, parts: [String],
    bars: [(label: String, values: [Double])]
  ) {
    let width = max(640, 90 + Double(bars.count) * 34 + 150)
    let canvas = SVGCanvas(in: parent, width: width, height: 480, title: title)
    let totals = bars.map { $0.values.reduce(0, +) }
    let frame = PlotFrame(
      canvas: canvas, xValues: [0, Double(max(1, bars.count))], yValues: totals + [0], xTitle: "",
      yTitle: yTitle,
      allowLog: false, xTicks: false, bottomMargin: 110)
    let slot = (frame.right - 150 - frame.left) / Double(max(1, bars.count))
    for (index, bar) in bars.enumerated() {
      let x = frame.left + slot * Double(index) + slot * 0.15
      var base = 0.0
      for (part, value) in bar.values.enumerated() where value > 0 {
        let top = frame.y.position(base + value)
        let bottom = frame.y.position(base)
        canvas.rect(x, top, slot * 0.7, bottom - top, cssClass: "bar", fill: Palette.color(part)).element(
          "title", text: "\(bar.label): \(parts[part]) \(ChartAxis.label(value)) (\(yTitle))")
        base += value
      }
      canvas.text(
        bar.label, x + slot * 0.35, frame.bottom + 12, anchor: "end", cssClass: "tick", rotate: true)
    }
    let legend = canvas.group(cssClass: "legend")
    for (index, part) in parts.enumerated() {
      let y = frame.top + 10 + Double(index) * 15
      canvas.rect(frame.right - 140, y - 8, 10, 10, fill: Palette.color(index), in: legend)
      canvas.text(part, frame.right - 126, y + 1, in: legend)
    }
  }
}
