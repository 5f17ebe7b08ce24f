/// `tp-lb`: tp plus load-balancing-aware scheduling (seed paper). The GPU is otherwise idle during
/// the expert phase, so each layer's activated experts are split between the GPU (paying T_w to
/// fetch weights it does not hold) and the NDP units so that the layer finishes soonest
/// (`PlacementSplit.balanced`). No expert is kept on the GPU between steps.
public struct LoadBalancedPolicy: PlacementPolicy {
  public static let name = PolicyName.tpLB
  private let placement: ExpertPlacement

  public init(context: SimulationContext) {
    placement = ExpertPlacement(
      table: context.table, groups: context.tpGroups, degree: context.tpDegree, cost: context.cost,
      uniformFastPath: context.uniformFastPath)
  }

  @inline(__always)
  public mutating func expertPhase(step: Int, layer: Int, context: SimulationContext) -> LayerOutcome {
    placement.place(
      step: step, layer: layer, residency: nil, split: .balanced,
      sharedSeconds: context.nonExpert.sharedExpertSeconds[step])
  }

  public func explain(step: Int, layer: Int, context: SimulationContext) -> LayerSchedule {
    placement.explain(
      step: step, layer: layer, residency: nil, split: .balanced,
      sharedSeconds: context.nonExpert.sharedExpertSeconds[step], policy: Self.name,
      units: Self.name == .gpuOffload ? 0 : context.ndpUnits)
  }
}
