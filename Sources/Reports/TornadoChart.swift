/// A tornado chart: one horizontal bar per parameter from zero to its elasticity, the largest
/// first, negative to the left and positive to the right, each labelled with its value.
public struct TornadoChart {
  public struct Bar {
    public var label: String
    public var value: Double

    public init(label: String, value: Double) {
      self.label = label
      self.value = value
    }
  }

  public var title: String
  public var valueTitle: String
  public var bars: [Bar]
  public var width = 760.0

  public init(title: String, valueTitle: String, bars: [Bar]) {
    self.title = title
    self.valueTitle = valueTitle
    self.bars = bars
  }

  static let barHeight = 16.0
  static let gap = 6.0
  static let raiseColor = "#d9534f"
  static let lowerColor = "#2b7bb9"
  static var raises: Legend.Item {
    Legend.Item(key: "raises", label: "raises the metric", swatch: .box(color: raiseColor))
  }
  static var lowers: Legend.Item {
    Legend.Item(key: "lowers", label: "lowers it", swatch: .box(color: lowerColor))
  }

  /// The legend: only the directions some bar takes.
  var legend: Legend {
    Legend(
      (bars.contains { $0.value > 0 } ? [Self.raises] : [])
        + (bars.contains { $0.value < 0 } ? [Self.lowers] : []))
  }

  public func draw(in parent: HTMLNode) {
    let labelWidth = min(260, bars.map { SVGCanvas.textWidth($0.label) }.max() ?? 0)
    let plotHeight = Double(bars.count) * (Self.barHeight + Self.gap) + Self.gap
    let legend = legend
    let height = 12 + plotHeight + 42 + legend.height(width: width - 24) + 6
    let canvas = SVGCanvas(in: parent, width: width, height: height, title: title, kind: "tornado")
    // Symmetric about zero, so that left and right read at the same scale, with room for the
    // value beside the longest bar.
    let reach = max(bars.map { abs($0.value) }.max() ?? 0, 1e-9) * 1.2
    let frame = PlotFrame(
      canvas: canvas,
      x: { ChartAxis.fitted(values: [-reach, reach], includeZero: true, allowLog: false, from: $0, to: $1) },
      y: { ChartAxis(low: 0, high: 1, logarithmic: false, from: $0, to: $1) }, xTitle: valueTitle, yTitle: "",
      legend: legend, yTicks: false, minimumLeft: labelWidth + 16)
    let zero = frame.x.position(0)
    for (index, bar) in bars.enumerated() {
      let top = frame.top + Self.gap + Double(index) * (Self.barHeight + Self.gap)
      canvas.text(bar.label, frame.x.from - 6, top + Self.barHeight / 2 + 4, anchor: "end", cssClass: "tick")
      let end = frame.x.position(bar.value)
      let (direction, color) = bar.value < 0 ? (Self.lowers, Self.lowerColor) : (Self.raises, Self.raiseColor)
      let node = canvas.rect(
        min(zero, end), top, abs(end - zero), Self.barHeight, cssClass: "bar", fill: color)
      node.set("data-key", direction.key)
      node.element("title", text: "\(bar.label): \(NumberFormat.significant(bar.value, digits: 3))")
      let text = NumberFormat.significant(bar.value, digits: 2)
      let outside = bar.value < 0 ? min(zero, end) - 4 : max(zero, end) + 4
      canvas.text(
        text, outside, top + Self.barHeight / 2 + 4, anchor: bar.value < 0 ? "end" : "start", cssClass: "tick"
      )
    }
    canvas.line(zero, frame.top, zero, frame.bottom, cssClass: "axis")
  }
}
