import NDPModel
import Routing

/// Everything a policy may look at while it places experts: per-point costs, the routing's
/// activation table, the GPU expert budget, and the NDP grouping of the tp family.
public final class SimulationContext: Sendable {
  public let point: DesignPoint
  public let cost: CostModel
  public let nonExpert: NonExpertCosts
  public let table: ActivationTable
  /// Per-token routing (substitution needs the scores of each token's ranked experts).
  public let routing: Routing
  /// Experts per MoE layer that fit the GPU expert budget (cache, pinned set or prefetch).
  public let gpuExpertsPerLayer: Int
  public let ndpUnits: Int
  /// Units per tensor-parallel group and the number of groups, for the tp family.
  public let tpDegree: Int
  public var tpGroups: Int { ndpUnits / tpDegree }
  /// Whether placements may take the closed-form path for equal token counts (tests turn it off
  /// to check both paths agree).
  let uniformFastPath: Bool

  public init(
    point: DesignPoint, cost: CostModel, nonExpert: NonExpertCosts, table: ActivationTable,
    routing: Routing, gpuExpertsPerLayer: Int, uniformFastPath: Bool = true
  ) {
    self.routing = routing
    self.uniformFastPath = uniformFastPath
    self.point = point
    self.cost = cost
    self.nonExpert = nonExpert
    self.table = table
    self.gpuExpertsPerLayer = gpuExpertsPerLayer
    ndpUnits = point.hardware.ndpUnits
    tpDegree = cost.tpDegree
  }
}

/// A scheduling policy: answers, for each activated expert of each layer and step, where it runs
/// and what was resident on the GPU; the step loop (`Simulator`) does the rest.
public protocol PlacementPolicy {
  static var name: PolicyName { get }
  init(context: SimulationContext)
  /// The expert phase of MoE layer `layer` at `step` (0 = prefill).
  mutating func expertPhase(step: Int, layer: Int, context: SimulationContext) -> LayerOutcome
  /// Called when the prefill finishes MoE layer `layer` at time `seconds`.
  mutating func prefillLayerFinished(layer: Int, atSeconds seconds: Double, context: SimulationContext)
  /// The time before which the expert phase of `layer` at `step` cannot start (prefetch arrival).
  func readySeconds(step: Int, layer: Int) -> Double
  /// Link bytes and source-memory bytes moved outside expert phases (prefetch), for energy.
  var backgroundLinkBytes: Double { get }
  /// The timeline `expertPhase` would produce at this step and layer, without changing state.
  func explain(step: Int, layer: Int, context: SimulationContext) -> LayerSchedule
}

extension PlacementPolicy {
  public mutating func prefillLayerFinished(
    layer: Int, atSeconds seconds: Double, context: SimulationContext
  ) {}
  public func readySeconds(step: Int, layer: Int) -> Double { 0 }
  public var backgroundLinkBytes: Double { 0 }
}
