/// `monde` (MoNDE, DAC'24): the hottest experts of each layer by an OFFLINE profile (global
/// popularity) are pinned on the GPU within the expert budget; the GPU computes those that are
/// activated, the NDP units compute the rest with expert parallelism, concurrently. Only
/// activations cross the link.
public struct MoNDEPolicy: PlacementBackedPolicy {
  public static let name = PolicyName.monde
  public let placement: ExpertPlacement
  public static let split = PlacementSplit.residentsOnGPU
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

  public func residency(step: Int, layer: Int) -> UnsafePointer<Bool>? { pinned.layer(layer) }
}
