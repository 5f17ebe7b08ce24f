import DesignSpace
import Foundation
import NDPModel
import Simulation

/// What a sweep report needs from a sweep folder, read in one streaming pass over results.csv:
/// memory is bounded by the samples, fronts and heatmap cells kept, never by the file's length.
public struct SweepData {
  /// Two objectives drawn against each other (indices into `space.objectives`).
  public struct Pair: Sendable {
    public var x: Int
    public var y: Int
  }

  public let directory: String
  public let space: Space
  public let spaceFile: String
  public let columns: ReportColumns
  public let expansion: SpaceExpansion
  public let scenarios: Scenarios
  public let pairs: [Pair]
  public internal(set) var rows = 0
  public internal(set) var feasibleRows = 0
  public internal(set) var eligibleRows = 0
  public internal(set) var infeasible = ReasonCounts()
  /// Feasible rows failing each of the space's constraints.
  public internal(set) var constraintFailures: [Int]
  /// Scenarios by index; only the first `trackedScenarios` are kept.
  public internal(set) var scenarioData: [Int: ScenarioData] = [:]
  public internal(set) var heat: HeatGrid?
  /// Scenarios with rows beyond the first `trackedScenarios`.
  public internal(set) var untrackedScenarios: Set<Int> = []

  /// Scenarios with their own charts on the page, and scenarios with a line in the recommendation.
  public static let shownScenarios = 12
  public static let trackedScenarios = 100
  /// Marks drawn in all scatters together, and in one at most; front points come on top.
  public static let totalMarks = 9000
  public static let marksPerChart = 2000

  public var shownScenarioIndices: [Int] { scenarioData.keys.sorted().prefix(Self.shownScenarios).map { $0 } }
  public var trackedScenarioIndices: [Int] { scenarioData.keys.sorted() }

  /// How many marks one scatter of a shown scenario may draw.
  public var marksPerScatter: Int {
    let charts = min(Self.shownScenarios, scenarios.count) * max(1, pairs.count)
    return min(Self.marksPerChart, Self.totalMarks / charts)
  }

  /// The objective drawn against the NDP unit count: the first that is not the count itself
  /// (nil: there is none, and no such figure).
  public var unitCountObjective: Int? { space.objectives.firstIndex { $0.metric != "ndp.units" } }

  public init(directory: String) throws(ReportError) {
    self.directory = directory
    (space, spaceFile) = try Self.readManifest(directory + "/manifest.json", folder: directory)
    columns = ReportColumns(space: space, header: ResultsTable.header)
    expansion = SpaceExpansion(space: space)
    scenarios = Scenarios(space: space)
    var pairs: [Pair] = []
    for i in space.objectives.indices {
      for j in space.objectives.indices where j > i { pairs.append(Pair(x: i, y: j)) }
    }
    self.pairs = pairs
    constraintFailures = Array(repeating: 0, count: space.constraints.count)
    heat = HeatGrid(space: space, columns: columns)
    try read(directory + "/results.csv")
  }

  static func readManifest(_ path: String, folder: String) throws(ReportError) -> (Space, String) {
    do {
      let manifest = try Manifest.read(path)
      return (try manifest.parsedSpace(path: path), manifest.space.file)
    } catch {
      throw ReportError(error.description)
    }
  }
}
