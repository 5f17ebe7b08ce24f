/// `ep`: each expert stored whole on one NDP unit, round-robin (expert e on unit e mod N); the
/// layer waits for the busiest unit. Nothing runs on the GPU but shared experts.
public struct ExpertParallelPolicy: PlacementBackedPolicy {
  public static let name = PolicyName.ep
  public let placement: ExpertPlacement
  public static let split = PlacementSplit.allNDP

  public init(context: SimulationContext) {
    placement = ExpertPlacement(
      table: context.table, groups: context.ndpUnits, degree: 1, cost: context.cost,
      uniformFastPath: context.uniformFastPath)
  }

}
