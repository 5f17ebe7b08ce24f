/// A scatter of two objectives: points coloured by policy, the Pareto front as a step line,
/// the oracle's front dashed as the physical limit, a `<title>` tooltip on every point.
public struct ScatterPoint {
  public var x: Double
  public var y: Double
  public var series: Int
  public var tooltip: String
  public var onFront: Bool

  public init(x: Double, y: Double, series: Int, tooltip: String, onFront: Bool) {
    self.x = x
    self.y = y
    self.series = series
    self.tooltip = tooltip
    self.onFront = onFront
  }
}

public enum ParetoScatter {
  /// - Parameters:
  ///   - front / oracleFront: points of the two-objective fronts, any order.
  ///   - xMaximize / yMaximize: the direction of each objective (shapes the step line).
  public static func draw(
    in parent: HTMLNode, title: String, xTitle: String, yTitle: String, points: [ScatterPoint],
    front: [(Double, Double)], oracleFront: [(Double, Double)], xMaximize: Bool, yMaximize: Bool,
    seriesNames: [String]
  ) {
    let canvas = SVGCanvas(in: parent, width: 640, height: 440, title: title)
    let xs = points.map(\.x) + front.map(\.0) + oracleFront.map(\.0)
    let ys = points.map(\.y) + front.map(\.1) + oracleFront.map(\.1)
    let frame = PlotFrame(canvas: canvas, xValues: xs, yValues: ys, xTitle: xTitle, yTitle: yTitle)
    let dots = canvas.group(cssClass: "points")
    for point in points.sorted(by: { !$0.onFront && $1.onFront }) {
      let dot = canvas.circle(
        frame.x.position(point.x), frame.y.position(point.y), radius: point.onFront ? 4 : 2.6,
        fill: Palette.color(point.series), cssClass: point.onFront ? "dot front-dot" : "dot", in: dots)
      dot.element("title", text: point.tooltip)
    }
    func steps(_ front: [(Double, Double)]) -> [(Double, Double)] {
      // Sorted along x in the better direction; each step keeps y until the next point.
      let sorted = front.sorted { xMaximize ? $0.0 > $1.0 : $0.0 < $1.0 }
      var result: [(Double, Double)] = []
      for (index, point) in sorted.enumerated() {
        let px = frame.x.position(point.0)
        let py = frame.y.position(point.1)
        if index > 0 { result.append((px, result.last!.1)) }
        result.append((px, py))
      }
      return result
    }
    if oracleFront.count > 0 {
      canvas.polyline(steps(oracleFront), stroke: "#6b7785", cssClass: "oracle").element(
        "title", text: "oracle: physical limit")
    }
    if front.count > 0 {
      canvas.polyline(steps(front), stroke: "#1d2733", cssClass: "front").element(
        "title", text: "Pareto front")
    }
    legend(canvas, frame: frame, names: seriesNames, extra: oracleFront.isEmpty ? [] : ["oracle (dashed)"])
  }

  static func legend(_ canvas: SVGCanvas, frame: PlotFrame, names: [String], extra: [String]) {
    let group = canvas.group(cssClass: "legend")
    var y = frame.top + 10
    for (index, name) in names.enumerated() {
      canvas.rect(frame.right - 120, y - 8, 10, 10, fill: Palette.color(index), in: group)
      canvas.text(name, frame.right - 106, y + 1, in: group)
      y += 15
    }
    for name in extra {
      canvas.text(name, frame.right - 106, y + 1, in: group)
      y += 15
    }
  }
}
