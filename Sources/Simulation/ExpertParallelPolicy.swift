/// `ep`: each expert stored whole on one NDP unit, round-robin (expert e on unit e mod N); the
/// layer waits for the busiest unit. Nothing runs on the GPU but shared experts.
public struct ExpertParallelPolicy: PlacementPolicy {
  public static let name = PolicyName.ep
  private let placement: ExpertPlacement

  public init(context: SimulationContext) {
    placement = ExpertPlacement(
      table: context.table, groups: context.ndpUnits, degree: 1, cost: context.cost,
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
