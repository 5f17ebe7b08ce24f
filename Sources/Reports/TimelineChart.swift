import Simulation

/// A schedule timeline (Gantt chart) of one expert phase: a lane for each link direction, the
/// GPU, each NDP unit the policy uses, the unit links and the host CPU where they carry work, and
/// a bar per task coloured by concept as in the breakdown. Each timeline has its own time scale,
/// stated in its axis title; idle units show as empty lanes.
public struct TimelineChart {
  public var title: String
  public var schedule: LayerSchedule
  public var width = 1100.0

  public init(title: String, schedule: LayerSchedule) {
    self.title = title
    self.schedule = schedule
  }

  /// The concept a task stands for (a `PolicyStyle.partColor` key).
  static func part(_ task: LayerSchedule.Task) -> String {
    switch (task.kind, task.lane) {
    case (.compute, .ndp): return "experts_ndp"
    case (.compute, .host): return "experts_host"
    case (.compute, _): return "experts_gpu"
    case (.fetch, _): return "weight_fetch"
    case (.prefetch, _): return "prefetch"
    case (.dispatch, _): return "dispatch"
    case (.shared, _): return "shared"
    case (.reduce, _), (.ret, _): return "reduce"
    }
  }

  var lanes: [LayerSchedule.Lane] {
    var lanes: [LayerSchedule.Lane] = [.linkFromGPU, .linkToGPU, .gpu]
    if schedule.policy.usesNDP { lanes += (0..<schedule.ndpUnits).map { .ndp($0) } }
    let used = Set(schedule.tasks.map(\.lane))
    lanes += [LayerSchedule.Lane.unitLinks, .host].filter(used.contains)
    return lanes
  }

  static let laneHeight = 20.0

  public func draw(in parent: HTMLNode) {
    let lanes = lanes
    let order = [
      "dispatch", "weight_fetch", "prefetch", "shared", "experts_gpu", "experts_ndp", "experts_host",
      "reduce",
    ]
    let present = Set(schedule.tasks.map(Self.part))
    let legend = Legend(
      order.filter(present.contains).map { Legend.Item.part($0, label: PolicyStyle.partLabel($0)) })
    let height = 12 + Self.laneHeight * Double(lanes.count) + 42 + legend.height(width: width - 24) + 6
    let canvas = SVGCanvas(in: parent, width: width, height: height, title: title, kind: "timeline")
    let span = max(schedule.seconds * 1e6, 1e-3)
    let frame = PlotFrame(
      canvas: canvas,
      x: { ChartAxis.fitted(values: [0, span], includeZero: true, allowLog: false, from: $0, to: $1) },
      y: { ChartAxis(low: 0, high: 1, logarithmic: false, from: $0, to: $1) },
      xTitle:
        "time from the start of the expert phase (µs; this phase: \(NumberFormat.significant(span, digits: 3)) µs)",
      yTitle: "", legend: legend, yTicks: false, minimumLeft: 96)
    for (index, lane) in lanes.enumerated() {
      let y = frame.top + Self.laneHeight * Double(index)
      canvas.rect(frame.left, y + 2, frame.right - frame.left, Self.laneHeight - 4, cssClass: "lane")
      canvas.text(lane.name, frame.left - 6, y + Self.laneHeight / 2 + 4, anchor: "end", cssClass: "tick")
    }
    let group = canvas.group(cssClass: "tasks")
    for task in schedule.tasks {
      guard let index = lanes.firstIndex(of: task.lane) else { continue }
      let y = frame.top + Self.laneHeight * Double(index)
      let x0 = frame.x.position(task.start * 1e6)
      let x1 = frame.x.position(task.end * 1e6)
      let part = Self.part(task)
      let node = canvas.rect(
        x0, y + 3, max(1.5, x1 - x0), Self.laneHeight - 6, cssClass: "bar", fill: PolicyStyle.partColor(part),
        in: group)
      node.set("data-key", part)
      let expert = task.expert.map { ", expert \($0)" } ?? ""
      let from = NumberFormat.significant(task.start * 1e6, digits: 3)
      let to = NumberFormat.significant(task.end * 1e6, digits: 3)
      node.element(
        "title", text: "\(task.lane.name): \(PolicyStyle.partLabel(part))\(expert), \(from)-\(to) µs")
    }
  }
}
