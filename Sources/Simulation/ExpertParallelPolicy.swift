/// `ep`: each expert stored whole on one NDP unit, round-robin (expert e on unit e mod N); the
/// layer waits for the busiest unit. Nothing runs on the GPU but shared experts.
public struct ExpertParallelPolicy: PlacementBackedPolicy {
  public static let name = PolicyName.ep
  public static let split = PlacementSplit.allFar
  public let placement: ExpertPlacementOwner

  public init(context: SimulationContext) {
    placement = context.ndpPlacement(groups: context.ndpUnits, degree: 1)
  }
}
