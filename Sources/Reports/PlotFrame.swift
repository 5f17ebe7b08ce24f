/// A plot area inside a canvas: axes with ticks, grid lines and titles (titles carry units), the
/// legend below, and a note when an axis is logarithmic or zoomed. Margins fit the tick labels,
/// so none is clipped.
public struct PlotFrame {
  public let canvas: SVGCanvas
  public let x: ChartAxis
  public let y: ChartAxis
  public let left: Double, right: Double, top: Double, bottom: Double

  /// An axis for a pixel span: the frame learns its tick labels first, then places it.
  public typealias AxisMaker = (_ from: Double, _ to: Double) -> ChartAxis

  public init(
    canvas: SVGCanvas, x makeX: AxisMaker, y makeY: AxisMaker, xTitle: String, yTitle: String,
    legend: Legend? = nil, yTicks: Bool = true, minimumLeft: Double = 0
  ) {
    self.canvas = canvas
    let yLabels = yTicks ? makeY(0, 1).ticks().map(\.label) : []
    let xLabels = makeX(0, 1).ticks().map(\.label)
    left = max(minimumLeft, 34 + (yLabels.map { SVGCanvas.textWidth($0) }.max() ?? 0))
    right = canvas.width - max(12, SVGCanvas.textWidth(xLabels.last ?? "") / 2 + 4)
    top = 12
    let legendHeight = legend.map { $0.height(width: canvas.width - 24) + 6 } ?? 0
    bottom = canvas.height - 42 - legendHeight
    x = makeX(left, right)
    y = makeY(bottom, top)
    drawAxes(xTitle: xTitle, yTitle: yTitle, yTicks: yTicks)
    legend?.draw(on: canvas, x: 12, y: bottom + 42, width: canvas.width - 24)
  }

  private func drawAxes(xTitle: String, yTitle: String, yTicks: Bool) {
    let axes = canvas.group(cssClass: "axes")
    for tick in x.ticks() {
      let px = x.position(tick.value)
      canvas.line(px, top, px, bottom, cssClass: "grid", in: axes)
      canvas.text(tick.label, px, bottom + 15, anchor: "middle", cssClass: "tick", in: axes)
    }
    for tick in yTicks ? y.ticks() : [] {
      let py = y.position(tick.value)
      canvas.line(left, py, right, py, cssClass: "grid", in: axes)
      canvas.text(tick.label, left - 5, py + 4, anchor: "end", cssClass: "tick", in: axes)
    }
    canvas.line(left, bottom, right, bottom, cssClass: "axis", in: axes)
    canvas.line(left, top, left, bottom, cssClass: "axis", in: axes)
    canvas.text(
      xTitle + Self.scaleNote(x), (left + right) / 2, bottom + 32, anchor: "middle", cssClass: "axis-title",
      in: axes)
    guard !yTitle.isEmpty else { return }
    canvas.text(
      yTitle + Self.scaleNote(y), 13, (top + bottom) / 2, anchor: "middle", cssClass: "axis-title",
      rotate: true, in: axes)
  }

  static func scaleNote(_ axis: ChartAxis) -> String {
    axis.zoomed ? ", zoomed to the front" : axis.logarithmic ? ", log scale" : ""
  }
}
