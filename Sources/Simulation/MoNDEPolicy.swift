/// `monde` (MoNDE, DAC'24): the hottest experts of each layer by an OFFLINE profile (global
/// popularity) are pinned on the GPU within the expert budget; the GPU computes those that are
/// activated, the NDP units compute the rest with expert parallelism, concurrently. Only
/// activations cross the link.
public struct MoNDEPolicy: PlacementPolicy {
  public static let name = PolicyName.monde
  private let placement: ExpertPlacement
  private let pinned: ResidencyFlags

  public init(context: SimulationContext) {
    placement = ExpertPlacement(
      table: context.table, groups: context.ndpUnits, degree: 1, cost: context.cost,
      uniformFastPath: context.uniformFastPath)
    let table = context.table
    pinned = ResidencyFlags(layers: table.layers, experts: table.experts)
    let hot = min(context.gpuExpertsPerLayer, table.experts)
    for layer in 0..<table.layers {
      for expert in table.profileRanking[layer].prefix(hot) {
        pinned.set(layer: layer, expert: Int(expert))
      }
    }
  }

  @inline(__always)
  public mutating func expertPhase(step: Int, layer: Int, context: SimulationContext) -> LayerOutcome {
    placement.place(
      step: step, layer: layer, residency: pinned.layer(layer), split: .residentsOnGPU,
      sharedSeconds: context.nonExpert.sharedExpertSeconds[step])
  }

  public func explain(step: Int, layer: Int, context: SimulationContext) -> LayerSchedule {
    placement.explain(
      step: step, layer: layer, residency: pinned.layer(layer), split: .residentsOnGPU,
      sharedSeconds: context.nonExpert.sharedExpertSeconds[step], policy: Self.name,
      units: Self.name == .gpuOffload ? 0 : context.ndpUnits)
  }
}
