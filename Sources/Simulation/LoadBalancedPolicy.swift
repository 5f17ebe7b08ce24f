/// `tp-lb`: tp plus load-balancing-aware scheduling (seed paper). The GPU is otherwise idle during
/// the expert phase, so each layer's activated experts are split between the GPU (paying T_w to
/// fetch weights it does not hold) and the NDP units so that the layer finishes soonest
/// (`PlacementSplit.balanced`). No expert is kept on the GPU between steps.
public struct LoadBalancedPolicy: PlacementBackedPolicy {
  public static let name = PolicyName.tpLB
  public let placement: ExpertPlacement
  public static let split = PlacementSplit.balanced

  public init(context: SimulationContext) {
    placement = ExpertPlacement(
      table: context.table, groups: context.tpGroups, degree: context.tpDegree, cost: context.cost,
      uniformFastPath: context.uniformFastPath)
  }

}
