import Basics
import DesignSpace

/// The page's recommendation in the terminal, after a sweep or `report`: per scenario, the design
/// to pick for each objective and the knee, with why; the first scenarios only, the page has all.
public enum RecommendationText {
  /// How many scenarios the terminal lists.
  static let shownScenarios = 8

  public static func render(_ data: SweepData) -> String {
    let constraints = data.space.constraints.map(\.description).joined(separator: ", ")
    var text = "recommended (meeting \(constraints.isEmpty ? "no constraints" : constraints)):\n"
    let label = DesignLabel(data)
    let multiple = data.scenarios.count > 1
    let indices = data.trackedScenarioIndices
    for index in indices.prefix(shownScenarios) {
      let scenario = data.scenarioData[index]!
      let indent = multiple ? "    " : "  "
      if multiple { text += "  \(data.scenarios.label(index)):\n" }
      let picks = Recommendation(scenario: scenario, data: data).picks
      guard !picks.isEmpty else {
        text += indent + RecommendationSection.nothing(scenario) + "\n"
        continue
      }
      for pick in picks { text += "\(indent)\(pick.goal): \(label.name(pick.row)) (\(pick.why))\n" }
    }
    let more = indices.count - min(indices.count, shownScenarios) + data.untrackedScenarios.count
    if more > 0 { text += "  ... and \(Counted.text(more, "more scenario")): see the report\n" }
    return text
  }
}
