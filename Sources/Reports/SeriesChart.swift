import Simulation

/// Lines of a value against a numeric input, one per policy (e.g. speedup against NDP units),
/// each point a marker with a tooltip.
public struct SeriesChart {
  public struct Series {
    public var policy: PolicyName
    public var points: [ParetoScatter.Point]
    public var tooltips: [String]

    public init(policy: PolicyName, points: [ParetoScatter.Point], tooltips: [String]) {
      self.policy = policy
      self.points = points
      self.tooltips = tooltips
    }
  }

  public var title: String
  public var xTitle: String
  public var yTitle: String
  public var series: [Series]
  /// A horizontal reference (e.g. 1x: no speedup), drawn when it is inside the view.
  public var baseline: Double?
  /// The x values are counts (whole-number ticks).
  public var integerX = false
  public var width = 552.0
  public var height = 380.0

  public init(title: String, xTitle: String, yTitle: String, series: [Series]) {
    self.title = title
    self.xTitle = xTitle
    self.yTitle = yTitle
    self.series = series
  }

  public func draw(in parent: HTMLNode, kind: String, scenario: String? = nil) {
    let canvas = SVGCanvas(in: parent, width: width, height: height, title: title, kind: kind)
    if let scenario { canvas.root.set("data-scenario", scenario) }
    let xs = series.flatMap { $0.points.map(\.x) }
    let ys = series.flatMap { $0.points.map(\.y) } + (baseline.map { [$0] } ?? [])
    let present = Set(series.filter { !$0.points.isEmpty }.map(\.policy))
    let frame = PlotFrame(
      canvas: canvas,
      x: { ChartAxis.fitted(values: xs, allowLog: false, integer: integerX, from: $0, to: $1) },
      y: { ChartAxis.fitted(values: ys, includeZero: true, from: $0, to: $1) }, xTitle: xTitle,
      yTitle: yTitle,
      legend: Legend(PolicyName.allCases.filter(present.contains).map(Legend.Item.policy)))
    if let baseline {
      let y = frame.y.position(baseline)
      canvas.line(frame.left, y, frame.right, y, cssClass: "baseline")
    }
    for line in series where !line.points.isEmpty {
      let color = PolicyStyle.color(line.policy)
      let group = canvas.group(cssClass: "series-group")
      let order = line.points.indices.sorted { line.points[$0].x < line.points[$1].x }
      let pixels = order.map {
        (x: frame.x.position(line.points[$0].x), y: frame.y.position(line.points[$0].y))
      }
      canvas.polyline(pixels, stroke: color, cssClass: "series", in: group).set(
        "data-key", line.policy.rawValue)
      for (pixel, index) in zip(pixels, order) {
        let mark = canvas.mark(
          PolicyStyle.shape(line.policy), pixel.x, pixel.y, size: 7, color: color, cssClass: "mark", in: group
        )
        mark.set("data-key", line.policy.rawValue)
        mark.element("title", text: line.tooltips[index])
      }
    }
  }
}
