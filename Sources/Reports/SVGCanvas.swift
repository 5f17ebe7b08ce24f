import Foundation

/// Inline SVG built as libxml2 nodes inside an `HTMLDocument`.
public struct SVGCanvas {
  public let root: HTMLNode
  public let width: Double
  public let height: Double

  /// An `<svg>` of `width` x `height` with a `<title>` naming the chart (its accessible name)
  /// and `data-chart` saying what kind of chart it is (the browser test reads it).
  public init(in parent: HTMLNode, width: Double, height: Double, title: String, kind: String) {
    self.width = width
    self.height = height
    root = parent.element(
      "svg",
      attributes: [
        ("xmlns", "http://www.w3.org/2000/svg"), ("class", "chart"), ("role", "img"), ("data-chart", kind),
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

  /// A marker of `shape` centred on (x, y), `size` across; filled with `color`, or hollow with a
  /// `color` outline.
  @discardableResult
  public func mark(
    _ shape: PolicyStyle.Shape, _ x: Double, _ y: Double, size: Double, color: String, hollow: Bool = false,
    cssClass: String, in parent: HTMLNode? = nil
  ) -> HTMLNode {
    let r = size / 2
    let paint = hollow ? [("fill", "#ffffff"), ("stroke", color)] : [("fill", color)]
    let target = parent ?? root
    switch shape {
    case .circle, .line:
      return target.element(
        "circle",
        attributes: [("cx", Self.n(x)), ("cy", Self.n(y)), ("r", Self.n(r)), ("class", cssClass)] + paint)
    case .square:
      let side = size * 0.9
      return target.element(
        "rect",
        attributes: [
          ("x", Self.n(x - side / 2)), ("y", Self.n(y - side / 2)), ("width", Self.n(side)),
          ("height", Self.n(side)), ("class", cssClass),
        ] + paint)
    case .triangle:
      let h = size * 1.1
      let points = [(x, y - h * 0.6), (x + h * 0.58, y + h * 0.4), (x - h * 0.58, y + h * 0.4)]
      return target.element(
        "polygon",
        attributes: [
          ("points", points.map { "\(Self.n($0.0)),\(Self.n($0.1))" }.joined(separator: " ")),
          ("class", cssClass),
        ]
          + paint)
    }
  }

  @discardableResult
  public func polyline(
    _ points: [(x: Double, y: Double)], stroke: String, cssClass: String, in parent: HTMLNode? = nil
  ) -> HTMLNode {
    let text = points.map { "\(Self.n($0.x)),\(Self.n($0.y))" }.joined(separator: " ")
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

  public func group(cssClass: String, in parent: HTMLNode? = nil) -> HTMLNode {
    (parent ?? root).element("g", attributes: [("class", cssClass)])
  }

  /// Approximate width in pixels of `text` at the charts' 11 px font (no layout engine here).
  public static func textWidth(_ text: String, fontSize: Double = 11) -> Double {
    Double(text.count) * fontSize * 0.6
  }
}
