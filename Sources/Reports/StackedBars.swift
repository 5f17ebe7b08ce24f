/// Horizontal stacked bars: one bar per item, named on its left, one segment per part (a latency
/// breakdown), parts coloured as everywhere else (`PolicyStyle.partColor`).
public struct StackedBars {
  public struct Bar {
    public var label: String
    public var values: [Double]

    public init(label: String, values: [Double]) {
      self.label = label
      self.values = values
    }
  }

  public var title: String
  public var valueTitle: String
  /// Part keys (`breakdown` keys or timeline kinds) and their legend labels.
  public var parts: [(key: String, label: String)]
  public var bars: [Bar]
  public var width = 1100.0
  /// Formats a segment's value for its tooltip (with unit).
  public var format: (Double) -> String = { NumberFormat.significant($0) }

  public init(title: String, valueTitle: String, parts: [(key: String, label: String)], bars: [Bar]) {
    self.title = title
    self.valueTitle = valueTitle
    self.parts = parts
    self.bars = bars
  }

  static let barHeight = 18.0
  static let gap = 7.0
  static let longestLabel = 520.0

  public func draw(in parent: HTMLNode, kind: String = "bars", scenario: String? = nil) {
    let shown = parts.indices.filter { part in bars.contains { $0.values[part] > 0 } }
    let legend = Legend(shown.map { Legend.Item.part(parts[$0].key, label: parts[$0].label) })
    let labelWidth = min(Self.longestLabel, bars.map { SVGCanvas.textWidth($0.label) }.max() ?? 0)
    let plotHeight = Double(bars.count) * (Self.barHeight + Self.gap) + Self.gap
    let height = 12 + plotHeight + 42 + legend.height(width: width - 24) + 6
    let canvas = SVGCanvas(in: parent, width: width, height: height, title: title, kind: kind)
    if let scenario { canvas.root.set("data-scenario", scenario) }
    let totals = bars.map { $0.values.reduce(0, +) }
    let frame = PlotFrame(
      canvas: canvas,
      x: { ChartAxis.fitted(values: totals, includeZero: true, allowLog: false, from: $0, to: $1) },
      y: { ChartAxis(low: 0, high: 1, logarithmic: false, from: $0, to: $1) }, xTitle: valueTitle,
      yTitle: "", legend: legend, yTicks: false, minimumLeft: labelWidth + 16)
    for (index, bar) in bars.enumerated() {
      let top = frame.top + Self.gap + Double(index) * (Self.barHeight + Self.gap)
      let label =
        SVGCanvas.textWidth(bar.label) > labelWidth
        ? String(bar.label.prefix(Int(labelWidth / 6.6) - 1)) + "…" : bar.label
      canvas.text(label, frame.x.from - 6, top + Self.barHeight / 2 + 4, anchor: "end", cssClass: "tick")
        .element("title", text: bar.label)
      var base = 0.0
      for part in shown where bar.values[part] > 0 {
        let x0 = frame.x.position(base)
        let x1 = frame.x.position(base + bar.values[part])
        let node = canvas.rect(
          x0, top, x1 - x0, Self.barHeight, cssClass: "bar", fill: PolicyStyle.partColor(parts[part].key))
        node.set("data-key", parts[part].key)
        node.element("title", text: "\(bar.label)\n\(parts[part].label): \(format(bar.values[part]))")
        base += bar.values[part]
      }
    }
  }
}
