/// `tp`: expert tensor parallelism (seed paper). Every expert is split across the T units of its
/// group (gate/up by columns, down by rows); each unit streams 1/T of the weights, sums its slices
/// for each token and returns one partial sum per token. With T = N (the default) all units share
/// every expert and the load is balanced by construction; T = 1 is `ep`.
public struct TensorParallelPolicy: PlacementBackedPolicy {
  public static let name = PolicyName.tp
  public static let split = PlacementSplit.allFar
  public let placement: ExpertPlacementOwner

  public init(context: SimulationContext) {
    placement = context.ndpPlacement(groups: context.tpGroups, degree: context.tpDegree)
  }
}
