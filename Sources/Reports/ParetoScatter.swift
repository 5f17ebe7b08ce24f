import Simulation

/// A scatter of two objectives: one mark per row, in its policy's colour and shape; the Pareto
/// front of the designs as a solid step line with its points outlined; the oracle's front as a
/// dashed reference line (a bound, not a design). Every mark has a `<title>` tooltip.
public struct ParetoScatter {
  public struct Mark {
    public var x: Double
    public var y: Double
    public var policy: PolicyName
    public var tooltip: String
    public var onFront: Bool

    public init(x: Double, y: Double, policy: PolicyName, tooltip: String, onFront: Bool) {
      self.x = x
      self.y = y
      self.policy = policy
      self.tooltip = tooltip
      self.onFront = onFront
    }
  }

  public struct Point {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
      self.x = x
      self.y = y
    }
  }

  public var title: String
  public var xTitle: String
  public var yTitle: String
  public var xBetter: ChartAxis.Better
  public var yBetter: ChartAxis.Better
  public var marks: [Mark]
  /// The designs' two-objective front (empty: no step line, as for a plain scatter).
  public var front: [Point] = []
  /// The oracle's front, drawn dashed.
  public var oracle: [Point] = []
  /// Any extra reference line (the validation page's diagonal), drawn dashed under `referenceKey`.
  public var reference: (key: String, label: String, points: [Point])?
  /// The metrics on the axes, when they are metrics (`data-x`, `data-y` on the chart).
  public var metrics: (x: String, y: String)?
  public var width = 552.0
  public var height = 420.0

  public init(
    title: String, xTitle: String, yTitle: String, xBetter: ChartAxis.Better, yBetter: ChartAxis.Better,
    marks: [Mark]
  ) {
    self.title = title
    self.xTitle = xTitle
    self.yTitle = yTitle
    self.xBetter = xBetter
    self.yBetter = yBetter
    self.marks = marks
  }

  /// Draws the chart; returns how many marks lie beyond a zoomed view (pinned to its edge).
  @discardableResult
  public func draw(in parent: HTMLNode, kind: String, scenario: String? = nil) -> Int {
    let canvas = SVGCanvas(in: parent, width: width, height: height, title: title, kind: kind)
    if let scenario { canvas.root.set("data-scenario", scenario) }
    if let metrics {
      canvas.root.set("data-x", metrics.x)
      canvas.root.set("data-y", metrics.y)
    }
    let frame = PlotFrame(
      canvas: canvas, x: axisMaker(\.x, better: xBetter), y: axisMaker(\.y, better: yBetter), xTitle: xTitle,
      yTitle: yTitle, legend: legend())
    if let reference {
      line(reference.points, frame: frame, stepped: false, key: reference.key, cssClass: "reference")?
        .element("title", text: reference.label)
    }
    line(oracle, frame: frame, stepped: true, key: PolicyName.oracle.rawValue, cssClass: "oracle")?
      .element("title", text: "oracle: the physical bound")
    line(front, frame: frame, stepped: true, key: "front", cssClass: "front")?.element(
      "title", text: "Pareto front")
    let group = canvas.group(cssClass: "marks")
    var beyond = 0
    for mark in marks.sorted(by: { !$0.onFront && $1.onFront }) {
      let outside = frame.x.isBeyond(mark.x) || frame.y.isBeyond(mark.y)
      if outside { beyond += 1 }
      let node = canvas.mark(
        PolicyStyle.shape(mark.policy), frame.x.position(mark.x), frame.y.position(mark.y),
        size: mark.onFront ? 8 : 6, color: PolicyStyle.color(mark.policy), hollow: outside,
        cssClass: mark.onFront ? "mark front-mark" : outside ? "mark beyond" : "mark", in: group)
      node.set("data-key", mark.policy.rawValue)
      node.element("title", text: outside ? mark.tooltip + "\n(beyond the zoomed view)" : mark.tooltip)
    }
    return beyond
  }

  private func axisMaker(
    _ coordinate: KeyPath<Point, Double>, better: ChartAxis.Better
  ) -> PlotFrame.AxisMaker {
    let values =
      marks.map { Point(x: $0.x, y: $0.y)[keyPath: coordinate] } + oracle.map { $0[keyPath: coordinate] }
      + (reference?.points ?? []).map { $0[keyPath: coordinate] }
    let focus = front.map { $0[keyPath: coordinate] }
    return { from, to in ChartAxis.fitted(values: values, focus: focus, better: better, from: from, to: to) }
  }

  private func legend() -> Legend {
    let present = Set(marks.map(\.policy))
    var items = PolicyName.allCases.filter { present.contains($0) && $0 != .oracle }.map(Legend.Item.policy)
    if !front.isEmpty {
      items.append(
        Legend.Item(key: "front", label: "Pareto front", swatch: .line(color: Self.frontColor, dashed: false))
      )
    }
    if !oracle.isEmpty {
      items.append(
        Legend.Item(
          key: PolicyName.oracle.rawValue, label: "oracle (bound)",
          swatch: .line(color: PolicyStyle.color(.oracle), dashed: true)))
    }
    if let reference {
      items.append(
        Legend.Item(
          key: reference.key, label: reference.label, swatch: .line(color: Self.referenceColor, dashed: true))
      )
    }
    return Legend(items)
  }

  static let frontColor = "#1d2733"
  static let referenceColor = "#6b7785"

  /// A line through `points` (a front's step line when `stepped`: sorted along x in the better
  /// direction, each step holding y until the next point).
  @discardableResult
  private func line(
    _ points: [Point], frame: PlotFrame, stepped: Bool, key: String, cssClass: String
  ) -> HTMLNode? {
    guard !points.isEmpty else { return nil }
    let sorted = points.sorted { xBetter == .lower ? $0.x < $1.x : $0.x > $1.x }
    var pixels: [(x: Double, y: Double)] = []
    for point in sorted {
      let px = frame.x.position(point.x)
      let py = frame.y.position(point.y)
      if stepped, let last = pixels.last { pixels.append((px, last.y)) }
      pixels.append((px, py))
    }
    let color =
      key == PolicyName.oracle.rawValue
      ? PolicyStyle.color(.oracle) : key == "front" ? Self.frontColor : Self.referenceColor
    let node = frame.canvas.polyline(pixels, stroke: color, cssClass: cssClass)
    node.set("data-key", key)
    return node
  }
}
