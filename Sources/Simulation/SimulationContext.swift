import NDPModel
import Routing

/// Everything a policy may look at while it places experts: per-point costs, the routing's
/// activation table, the GPU expert budget, and the NDP grouping of the tp family.
public final class SimulationContext: Sendable {
  public let point: DesignPoint
  public let cost: CostModel
  public let nonExpert: NonExpertCosts
  /// The routing, its activation table and the decisions made from it.
  public let workload: PreparedWorkload
  public var table: ActivationTable { workload.table }
  /// Per-token routing (substitution needs the scores of each token's ranked experts).
  public var routing: Routing { workload.routing }
  /// Experts per MoE layer that fit the GPU expert budget (pinned set or prefetch).
  public let gpuExpertsPerLayer: Int
  /// Experts per MoE layer in the GPU cache of the caching policies (`MemoryPlan`).
  public let cacheExpertsPerLayer: Int
  public let ndpUnits: Int
  /// Units per tensor-parallel group and the number of groups, for the tp family.
  public let tpDegree: Int
  public var tpGroups: Int { ndpUnits / tpDegree }

  public init(
    point: DesignPoint, cost: CostModel, nonExpert: NonExpertCosts, workload: PreparedWorkload,
    gpuExpertsPerLayer: Int, cacheExpertsPerLayer: Int? = nil
  ) {
    self.cacheExpertsPerLayer = cacheExpertsPerLayer ?? gpuExpertsPerLayer
    self.workload = workload
    self.point = point
    self.cost = cost
    self.nonExpert = nonExpert
    self.gpuExpertsPerLayer = gpuExpertsPerLayer
    ndpUnits = point.hardware.ndpUnits
    tpDegree = cost.tpDegree
  }
}

extension SimulationContext {
  /// The same point with another workload (a policy that rewrote the routing).
  func with(workload: PreparedWorkload) -> SimulationContext {
    SimulationContext(
      point: point, cost: cost, nonExpert: nonExpert, workload: workload,
      gpuExpertsPerLayer: gpuExpertsPerLayer, cacheExpertsPerLayer: cacheExpertsPerLayer)
  }

  /// A placement over the NDP units in `groups` groups of `degree` units.
  func ndpPlacement(groups: Int, degree: Int, table: ActivationTable? = nil) -> ExpertPlacementOwner {
    ExpertPlacementOwner(
      table: table ?? self.table, far: .ndp(cost: cost, groups: groups, degree: degree), cost: cost)
  }

  /// A placement over NDP units in `groups` groups of `degree` that stream expert slices to one
  /// another (`tp-stream`).
  func streamedPlacement(groups: Int, degree: Int) -> ExpertPlacementOwner {
    ExpertPlacementOwner(
      table: table, far: .streamedNDP(cost: cost, groups: groups, degree: degree), cost: cost)
  }

  /// A placement whose far side is the host CPU (offloading policies).
  func hostPlacement(table: ActivationTable? = nil) -> ExpertPlacementOwner {
    ExpertPlacementOwner(table: table ?? self.table, far: .host(cost: cost), cost: cost)
  }
}
