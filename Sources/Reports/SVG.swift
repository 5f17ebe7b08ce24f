import Foundation

/// Inline SVG built as libxml2 nodes inside an `HTMLDocument`.
public struct SVGCanvas {
  public let root: HTMLNode
  public let width: Double
  public let height: Double

  /// An `<svg>` of `width` x `height` with a `<title>` naming the chart (accessible name).
  public init(in parent: HTMLNode, width: Double, height: Double, title: String, cssClass: String = "chart") {
    self.width = width
    self.height = height
    root = parent.element(
      "svg",
      attributes: [
        ("xmlns", "http://www.w3.org/2000/svg"), ("class", cssClass), ("role", "img"),
        ("viewBox", "0 0 \(SVGCanvas.n(width)) \(SVGCanvas.n(height))"),
        ("width", SVGCanvas.n(width)), ("height", SVGCanvas.n(height)),
      ])
    root.element("title", text: title)
  }

  /// Coordinates with one decimal: small files, identical output everywhere.
  public static func n(_ value: Double) -> String {
    let rounded = (value * 10).rounded() / 10
    return rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.1f", rounded)
  }

  @discardableResult
  public func line(
    _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, cssClass: String, in parent: HTMLNode? = nil
  ) -> HTMLNode {
    (parent ?? root).element(
      "line",
      attributes: [
        ("x1", Self.n(x1)), ("y1", Self.n(y1)), ("x2", Self.n(x2)), ("y2", Self.n(y2)), ("class", cssClass),
      ])
  }

  @discardableResult
  public func rect(
    _ x: Double, _ y: Double, _ width: Double, _ height: Double, cssClass: String? = nil, fill: String? = nil,
    in parent: HTMLNode? = nil
  ) -> HTMLNode {
    var attributes = [
      ("x", Self.n(x)), ("y", Self.n(y)), ("width", Self.n(max(0, width))),
      ("height", Self.n(max(0, height))),
    ]
    if let cssClass { attributes.append(("class", cssClass)) }
    if let fill { attributes.append(("fill", fill)) }
    return (parent ?? root).element("rect", attributes: attributes)
  }

  @discardableResult
  public func circle(
    _ x: Double, _ y: Double, radius: Double, fill: String, cssClass: String, in parent: HTMLNode? = nil
  ) -> HTMLNode {
    (parent ?? root).element(
      "circle",
      attributes: [
        ("cx", Self.n(x)), ("cy", Self.n(y)), ("r", Self.n(radius)), ("fill", fill), ("class", cssClass),
      ])
  }

  @discardableResult
  public func polyline(
    _ points: [(Double, Double)], stroke: String, cssClass: String, in parent: HTMLNode? = nil
  ) -> HTMLNode {
    let text = points.map { "\(Self.n($0.0)),\(Self.n($0.1))" }.joined(separator: " ")
    return (parent ?? root).element(
      "polyline", attributes: [("points", text), ("stroke", stroke), ("fill", "none"), ("class", cssClass)])
  }

  @discardableResult
  public func text(
    _ text: String, _ x: Double, _ y: Double, anchor: String = "start", cssClass: String = "label",
    rotate: Bool = false, in parent: HTMLNode? = nil
  ) -> HTMLNode {
    var attributes = [("x", Self.n(x)), ("y", Self.n(y)), ("text-anchor", anchor), ("class", cssClass)]
    if rotate { attributes.append(("transform", "rotate(-90 \(Self.n(x)) \(Self.n(y)))")) }
    return (parent ?? root).element("text", attributes: attributes, text: text)
  }

  public func group(cssClass: String) -> HTMLNode { root.element("g", attributes: [("class", cssClass)]) }
}

/// One axis: a linear or logarithmic map from data to pixels, with readable ticks.
public struct ChartAxis {
  public let low: Double
  public let high: Double
  public let logarithmic: Bool
  public let from: Double
  public let to: Double

  /// A log axis when every value is positive and they span more than two decades.
  public init(values: [Double], from: Double, to: Double, allowLog: Bool = true) {
    let finite = values.filter(\.isFinite)
    var low = finite.min() ?? 0
    var high = finite.max() ?? 1
    logarithmic = allowLog && low > 0 && high / low > 100
    if logarithmic {
      low = Foundation.pow(10, Foundation.floor(Foundation.log10(low)))
      high = Foundation.pow(10, Foundation.ceil(Foundation.log10(high)))
    } else {
      if low == high {
        low -= low == 0 ? 1 : abs(low) * 0.1
        high += high == 0 ? 1 : abs(high) * 0.1
      }
      let pad = (high - low) * 0.05
      low = low >= 0 && low - pad < 0 ? 0 : low - pad
      high += pad
    }
    self.low = low
    self.high = high
    self.from = from
    self.to = to
  }

  public func position(_ value: Double) -> Double {
    if logarithmic {
      let v = Foundation.log10(max(value, low))
      return from + (v - Foundation.log10(low)) / (Foundation.log10(high) - Foundation.log10(low))
        * (to - from)
    }
    return from + (value - low) / (high - low) * (to - from)
  }

  /// Tick values with labels: decades on a log axis, 1-2-5 steps (about five ticks) otherwise.
  public func ticks() -> [(value: Double, label: String)] {
    if logarithmic {
      var result: [(Double, String)] = []
      var exponent = Foundation.log10(low).rounded()
      while exponent <= Foundation.log10(high).rounded() + 1e-9 {
        let value = Foundation.pow(10, exponent)
        result.append((value, Self.label(value)))
        exponent += 1
      }
      return result
    }
    let raw = (high - low) / 5
    let magnitude = Foundation.pow(10, Foundation.floor(Foundation.log10(raw)))
    let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
    var value = Foundation.ceil(low / step) * step
    var result: [(Double, String)] = []
    while value <= high + step * 1e-9 {
      result.append((value, Self.label(abs(value) < step * 1e-9 ? 0 : value)))
      value += step
    }
    return result
  }

  public static func label(_ value: Double) -> String {
    let magnitude = abs(value)
    if magnitude == 0 { return "0" }
    if magnitude >= 1e6 || magnitude < 1e-3 { return String(format: "%.0e", value) }
    if magnitude >= 100 { return String(format: "%.0f", value) }
    if magnitude >= 10 { return trim(String(format: "%.1f", value)) }
    return trim(String(format: "%.3g", value))
  }

  static func trim(_ text: String) -> String {
    guard text.contains(".") else { return text }
    var t = text
    while t.hasSuffix("0") { t.removeLast() }
    if t.hasSuffix(".") { t.removeLast() }
    return t
  }
}

/// A plot area with axes, ticks, grid and axis titles (titles carry units).
public struct PlotFrame {
  public let canvas: SVGCanvas
  public let x: ChartAxis
  public let y: ChartAxis
  public let left: Double, right: Double, top: Double, bottom: Double

  public init(
    canvas: SVGCanvas, xValues: [Double], yValues: [Double], xTitle: String, yTitle: String,
    allowLog: Bool = true, xTicks: Bool = true, bottomMargin: Double = 48
  ) {
    self.canvas = canvas
    left = 72
    right = canvas.width - 16
    top = 16
    bottom = canvas.height - bottomMargin
    x = ChartAxis(values: xValues, from: left, to: right, allowLog: allowLog)
    y = ChartAxis(values: yValues, from: bottom, to: top, allowLog: allowLog)
    let axes = canvas.group(cssClass: "axes")
    for tick in xTicks ? x.ticks() : [] {
      let px = x.position(tick.value)
      canvas.line(px, top, px, bottom, cssClass: "grid", in: axes)
      canvas.text(tick.label, px, bottom + 16, anchor: "middle", cssClass: "tick", in: axes)
    }
    for tick in y.ticks() {
      let py = y.position(tick.value)
      canvas.line(left, py, right, py, cssClass: "grid", in: axes)
      canvas.text(tick.label, left - 6, py + 4, anchor: "end", cssClass: "tick", in: axes)
    }
    canvas.line(left, bottom, right, bottom, cssClass: "axis", in: axes)
    canvas.line(left, top, left, bottom, cssClass: "axis", in: axes)
    canvas.text(
      xTitle + (x.logarithmic ? " (log scale)" : ""), (left + right) / 2, canvas.height - 10,
      anchor: "middle", cssClass: "axis-title", in: axes)
    canvas.text(
      yTitle + (y.logarithmic ? " (log scale)" : ""), 16, (top + bottom) / 2, anchor: "middle",
      cssClass: "axis-title", rotate: true, in: axes)
  }
}

/// Colours per series, fixed so a policy keeps its colour on every chart.
public enum Palette {
  public static let series = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#9c755f",
  ]

  public static func color(_ index: Int) -> String { series[index % series.count] }

  /// A sequential scale from light to dark blue for heatmaps, t in [0, 1].
  public static func heat(_ t: Double) -> String {
    let c = min(1, max(0, t))
    let from = (239.0, 243.0, 255.0)
    let to = (8.0, 48.0, 107.0)
    let r = Int(from.0 + (to.0 - from.0) * c)
    let g = Int(from.1 + (to.1 - from.1) * c)
    let b = Int(from.2 + (to.2 - from.2) * c)
    return String(format: "#%02x%02x%02x", r, g, b)
  }
}
