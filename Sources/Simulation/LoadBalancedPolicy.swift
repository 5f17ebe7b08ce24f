/// `tp-lb`: tp plus load-balancing-aware scheduling (seed paper). The GPU is otherwise idle during
/// the expert phase, so each layer's activated experts are split between the GPU (fetching weights
/// it does not hold over the link) and the NDP units so that the layer finishes soonest
/// (`PlacementSplit.balanced`). No expert is kept on the GPU between steps.
public struct LoadBalancedPolicy: PlacementBackedPolicy {
  public static let name = PolicyName.tpLB
  public static let split = PlacementSplit.balanced
  public let placement: ExpertPlacementOwner

  public init(context: SimulationContext) {
    placement = context.ndpPlacement(groups: context.tpGroups, degree: context.tpDegree)
  }
}
