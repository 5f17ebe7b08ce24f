import Simulation

/// A chart's key, drawn below its plot area in rows that wrap to the chart's width. It lists only
/// what the chart draws, and each swatch is painted exactly as its marks are (same colour, same
/// shape), both tagged `data-key` so the browser test can compare them.
public struct Legend {
  public enum Swatch {
    /// A marker, as the chart's points of this key.
    case mark(PolicyStyle.Shape, color: String)
    /// A line (solid or dashed), as the chart's lines of this key.
    case line(color: String, dashed: Bool)
    /// A filled box, as bars, cells and timeline tasks.
    case box(color: String)
  }

  public struct Item {
    public var key: String
    public var label: String
    public var swatch: Swatch

    public init(key: String, label: String, swatch: Swatch) {
      self.key = key
      self.label = label
      self.swatch = swatch
    }

    /// The legend entry of a policy: its marker, or the oracle's dashed line.
    public static func policy(_ policy: PolicyName) -> Item {
      let color = PolicyStyle.color(policy)
      let shape = PolicyStyle.shape(policy)
      return Item(
        key: policy.rawValue, label: policy.rawValue,
        swatch: shape == .line ? .line(color: color, dashed: true) : .mark(shape, color: color))
    }

    /// The legend entry of a breakdown part or timeline task kind.
    public static func part(_ key: String, label: String) -> Item {
      Item(key: key, label: label, swatch: .box(color: PolicyStyle.partColor(key)))
    }

    var width: Double { 22 + SVGCanvas.textWidth(label) + 14 }
  }

  public let items: [Item]
  public static let rowHeight = 16.0

  public init(_ items: [Item]) { self.items = items }

  /// The height the legend needs when wrapped into `width` pixels.
  public func height(width: Double) -> Double {
    Double(rows(width: width).count) * Self.rowHeight
  }

  func rows(width: Double) -> [[Item]] {
    var rows: [[Item]] = []
    var used = 0.0
    for item in items {
      if rows.isEmpty || used + item.width > width {
        rows.append([])
        used = 0
      }
      rows[rows.count - 1].append(item)
      used += item.width
    }
    return rows
  }

  /// Draws the legend with its top-left corner at (x, y), wrapping at `width`.
  public func draw(on canvas: SVGCanvas, x: Double, y: Double, width: Double) {
    let group = canvas.group(cssClass: "legend")
    for (row, items) in rows(width: width).enumerated() {
      var left = x
      let middle = y + Double(row) * Self.rowHeight + Self.rowHeight / 2
      for item in items {
        let entry = group.element("g", attributes: [("class", "legend-item"), ("data-key", item.key)])
        let swatch: HTMLNode
        switch item.swatch {
        case .mark(let shape, let color):
          swatch = canvas.mark(shape, left + 8, middle, size: 9, color: color, cssClass: "swatch", in: entry)
        case .line(let color, let dashed):
          swatch = canvas.polyline(
            [(left, middle), (left + 16, middle)], stroke: color,
            cssClass: dashed ? "swatch dashed" : "swatch",
            in: entry)
        case .box(let color):
          swatch = canvas.rect(left + 3, middle - 5, 10, 10, cssClass: "swatch", fill: color, in: entry)
        }
        swatch.set("data-key", item.key)
        canvas.text(item.label, left + 20, middle + 4, in: entry)
        left += item.width
      }
    }
  }
}
