/// `gpu-offload`: GPU + host memory, no NDP (llama.cpp / MoE-Infinity style). Every activated
/// expert runs on the GPU; one that is not in the layer's LRU expert cache is first fetched from
/// host memory over the link (T_w). The cache holds as many experts per layer as the budget allows.
public struct GPUOffloadPolicy: PlacementPolicy {
  public static let name = PolicyName.gpuOffload
  private let placement = ExpertPlacement()
  private let cache: LRUExpertCache

  public init(context: SimulationContext) {
    cache = LRUExpertCache(
      layers: context.table.layers, experts: context.table.experts,
      capacity: context.gpuExpertsPerLayer)
  }

  public mutating func expertPhase(step: Int, layer: Int, context: SimulationContext) -> LayerOutcome {
    let outcome = placement.place(
      table: context.table, step: step, layer: layer, residency: cache.flags(layer: layer),
      split: .allGPU, groups: 1, degree: 1,
      sharedSeconds: context.nonExpert.sharedExpertSeconds[step], cost: context.cost)
    // Update recency after use, least-used first so the most-used end up most recent.
    let range = context.table.range(step: step, layer: layer)
    for i in range.reversed() { cache.touch(layer: layer, expert: Int(context.table.expertIDs[i])) }
    return outcome
  }
}
