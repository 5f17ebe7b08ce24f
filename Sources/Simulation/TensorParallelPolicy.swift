/// `tp`: expert tensor parallelism (seed paper). Every expert is split across the T units of its
/// group (gate/up by columns, down by rows); each unit streams 1/T of the weights and returns
/// partial sums that the GPU reduces. With T = N (the default) all units share every expert and
/// the load is balanced by construction; T = 1 is `ep`.
public struct TensorParallelPolicy: PlacementBackedPolicy {
  public static let name = PolicyName.tp
  public let placement: ExpertPlacement
  public static let split = PlacementSplit.allNDP

  public init(context: SimulationContext) {
    placement = ExpertPlacement(
      table: context.table, groups: context.tpGroups, degree: context.tpDegree, cost: context.cost,
      uniformFastPath: context.uniformFastPath)
  }

}
