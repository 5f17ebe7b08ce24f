/// The heatmap's colour scale: values mapped to darkness, better values darker, drawn as a
/// stepped bar with its ends labelled.
struct HeatScale {
  let low: Double
  let high: Double
  let better: ChartAxis.Better

  init(values: [Double], better: ChartAxis.Better) {
    low = values.min() ?? 0
    high = values.max() ?? 1
    self.better = better
  }

  /// 0 (lightest) to 1 (darkest); the best value is darkest.
  func darkness(_ value: Double) -> Double {
    guard high > low else { return 0.6 }
    let t = (value - low) / (high - low)
    return 0.08 + 0.92 * (better == .lower ? 1 - t : t)
  }

  func draw(on canvas: SVGCanvas, x: Double, y: Double, metric: String) {
    let group = canvas.group(cssClass: "scale")
    let steps = 10
    let width = 24.0
    let worst = better == .lower ? high : low
    let best = better == .lower ? low : high
    canvas.text("worse " + NumberFormat.significant(worst, digits: 3), x, y + 12, cssClass: "tick", in: group)
    let start = x + 90
    for step in 0..<steps {
      let t = 0.08 + 0.92 * Double(step) / Double(steps - 1)
      canvas.rect(start + Double(step) * width, y, width, 16, fill: PolicyStyle.heat(t), in: group)
    }
    canvas.text(
      NumberFormat.significant(best, digits: 3) + " better (\(NumberFormat.title(metric)))",
      start + Double(steps) * width + 8,
      y + 12, cssClass: "tick", in: group)
  }
}
