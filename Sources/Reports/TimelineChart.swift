import Simulation

/// A schedule timeline (Gantt chart) of one expert phase: a lane for the link, the GPU and each
/// NDP unit, a bar per task; idle units and imbalance show as empty lane.
public enum TimelineChart {
  static let kinds = LayerSchedule.Kind.allCases

  public static func draw(
    in parent: HTMLNode, title: String, schedule: LayerSchedule, endMicroseconds: Double? = nil
  ) {
    var lanes: [LayerSchedule.Lane] = [.linkFromGPU, .linkToGPU, .gpu]
    lanes += (0..<schedule.ndpUnits).map { .ndp($0) }
    lanes += [LayerSchedule.Lane.unitLinks, .host].filter { lane in
      schedule.tasks.contains { $0.lane == lane }
    }
    let laneHeight = 22.0
    let top = 12.0
    let height = top + laneHeight * Double(lanes.count) + 56
    let canvas = SVGCanvas(in: parent, width: 640, height: height, title: title)
    let end = endMicroseconds ?? schedule.seconds * 1e6
    let left = 96.0
    let right = 624.0
    let x = ChartAxis(values: [0, max(end, 1e-3)], from: left, to: right, allowLog: false)
    for (index, lane) in lanes.enumerated() {
      let y = top + laneHeight * Double(index)
      canvas.rect(left, y + 2, right - left, laneHeight - 4, cssClass: "lane")
      canvas.text(lane.name, left - 6, y + laneHeight / 2 + 4, anchor: "end", cssClass: "tick")
    }
    for task in schedule.tasks {
      guard let index = lanes.firstIndex(of: task.lane) else { continue }
      let y = top + laneHeight * Double(index)
      let x0 = x.position(task.start * 1e6)
      let x1 = x.position(task.end * 1e6)
      let label = task.expert.map { "expert \($0) " } ?? ""
      canvas.rect(
        x0, y + 3, max(0.5, x1 - x0), laneHeight - 6, cssClass: "bar",
        fill: Palette.color(kinds.firstIndex(of: task.kind) ?? 0)
      )
      .element(
        "title",
        text:
          "\(task.lane.name): \(label)\(task.kind.rawValue) \(ChartAxis.label(task.start * 1e6))-\(ChartAxis.label(task.end * 1e6)) us"
      )
    }
    let axisY = top + laneHeight * Double(lanes.count) + 4
    canvas.line(left, axisY, right, axisY, cssClass: "axis")
    for tick in x.ticks() {
      let px = x.position(tick.value)
      canvas.line(px, axisY, px, axisY + 4, cssClass: "axis")
      canvas.text(tick.label, px, axisY + 16, anchor: "middle", cssClass: "tick")
    }
    canvas.text(
      "time in the expert phase (us)", (left + right) / 2, height - 8, anchor: "middle",
      cssClass: "axis-title")
    var lx = left
    for (index, kind) in kinds.enumerated() {
      canvas.rect(lx, height - 30, 10, 10, fill: Palette.color(index))
      canvas.text(kind.rawValue, lx + 14, height - 21)
      lx += 74
    }
  }
}

/// A table whose columns sort on click (inline script); it reads fine without the script.
public enum SortableTable {
  public static func draw(in parent: HTMLNode, headings: [String], numeric: [Bool], rows: [[String]]) {
    let table = parent.element("table", attributes: [("class", "sortable")])
    let head = table.element("thead").element("tr")
    for (index, heading) in headings.enumerated() {
      head.element("th", attributes: numeric[index] ? [] : [("class", "text")], text: heading)
    }
    let body = table.element("tbody")
    for row in rows {
      let tr = body.element("tr")
      for (index, cell) in row.enumerated() {
        tr.element("td", attributes: numeric[index] ? [] : [("class", "text")], text: cell)
      }
    }
  }
}
