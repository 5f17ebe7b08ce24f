import DesignSpace
import Routing
import Simulation

/// Schedule timelines: the expert phase of one MoE layer in the first decode step, one chart per
/// policy, each on its own time scale with a caption naming the design it shows.
enum TimelineSection {
  struct Entry {
    var schedule: LayerSchedule
    /// What the timeline shows: "qwen3-30b-a3b, 4 x ndp-dimm, tp-lb-pf (point 12)".
    var design: String
  }

  /// For a sweep: the best design of each policy (by the first objective) in the first scenario.
  static func add(to page: ReportTemplates.Page, data: SweepData, layer: Int?) {
    guard let first = data.shownScenarioIndices.first, let scenario = data.scenarioData[first] else { return }
    let label = DesignLabel(data)
    var entries: [Entry] = []
    var chosenLayer = 0
    // The policies' best designs often share a workload: each routing is generated once.
    let routings = RoutingCache()
    for policy in data.space.policies {
      guard let row = scenario.bestPerPolicy[policy],
        let point = try? data.expansion.point(row.point)
      else { continue }
      chosenLayer = layer ?? point.model.moeLayers / 2
      let workload = routings.workload(for: point)
      let step = point.workload.decodeSteps > 0 ? 1 : 0
      guard
        let schedule = try? Evaluator.schedule(
          point: point, workload: workload, policy: policy, step: step, layer: chosenLayer)
      else { continue }
      entries.append(
        Entry(schedule: schedule, design: label.name(row, withScenario: true) + " (point \(row.point))"))
    }
    guard !entries.isEmpty else { return }
    let section = Sections.section(page, id: "timeline", title: "Schedules of one decode step")
    let scenarioText = data.scenarios.count > 1 ? " in the scenario \(data.scenarios.label(first))" : ""
    Sections.note(
      section,
      "The expert phase of MoE layer \(chosenLayer) in the first decode step, for the best design of each policy by \(data.space.objectives[0].metric)\(scenarioText). Each chart has its own time scale (its axis says the phase's length); empty NDP lanes are idle units."
    )
    draw(entries, in: section)
  }

  static func draw(_ entries: [Entry], in parent: HTMLNode) {
    for entry in entries {
      let schedule = entry.schedule
      let title =
        "Schedule of \(schedule.policy.rawValue): \(entry.design), step \(schedule.step), MoE layer \(schedule.layer)"
      Sections.figure(parent, caption: title + ".", wide: true) {
        TimelineChart(title: title, schedule: schedule).draw(in: $0)
      }
    }
  }
}
