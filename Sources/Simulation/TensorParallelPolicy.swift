/// `tp`: expert tensor parallelism (seed paper). Every expert is split across the T units of its
/// group (gate/up by columns, down by rows); each unit streams 1/T of the weights and returns
/// partial sums that the GPU reduces. With T = N (the default) all units share every expert and
/// the load is balanced by construction; T = 1 is `ep`.
public struct TensorParallelPolicy: PlacementPolicy {
  public static let name = PolicyName.tp
  private let placement: ExpertPlacement

  public init(context: SimulationContext) {
    placement = ExpertPlacement(
      table: context.table, groups: context.tpGroups, degree: context.tpDegree, cost: context.cost,
      uniformFastPath: context.uniformFastPath)
  }

  @inline(__always)
  public mutating func expertPhase(step: Int, layer: Int, context: SimulationContext) -> LayerOutcome {
    placement.place(
      step: step, layer: layer, residency: nil, split: .allNDP,
      sharedSeconds: context.nonExpert.sharedExpertSeconds[step])
  }

  public func explain(step: Int, layer: Int, context: SimulationContext) -> LayerSchedule {
    placement.explain(
      step: step, layer: layer, residency: nil, split: .allNDP,
      sharedSeconds: context.nonExpert.sharedExpertSeconds[step], policy: Self.name,
      units: Self.name == .gpuOffload ? 0 : context.ndpUnits)
  }
}
