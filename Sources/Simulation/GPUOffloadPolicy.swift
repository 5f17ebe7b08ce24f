/// `gpu-offload`: GPU + host memory, no NDP (llama.cpp / MoE-Infinity style). Every activated
/// expert runs on the GPU; one that is not in the layer's LRU expert cache is first fetched from
/// host memory over the link, and the GPU computes each expert as soon as its weights are in.
/// Fetched experts enter the cache (`policy.cache_experts` per layer, or as the budget allows),
/// evicting the least recently used.
public struct GPUOffloadPolicy: PlacementBackedPolicy {
  public static let name = PolicyName.gpuOffload
  public static let split = PlacementSplit.allGPU
  public let placement: ExpertPlacementOwner
  private let cache: LRUExpertCache
  private let phaseExperts: PhaseExperts

  public init(context: SimulationContext) {
    placement = context.hostPlacement()
    phaseExperts = PhaseExperts(context: context)
    cache = LRUExpertCache(
      layers: context.table.layers, experts: context.table.experts,
      capacity: context.cacheExpertsPerLayer)
  }

  public mutating func residency(
    step: Int, layer: Int, at seconds: Double, links: inout LinkTimeline
  ) -> Residency {
    Residency(flags: cache.flags(layer: layer), readySeconds: seconds)
  }

  /// Updates recency after use, least-used first so the most-used end up most recent.
  @inline(__always)
  public mutating func phaseFinished(
    step: Int, layer: Int, endSeconds: Double, links: inout LinkTimeline, totals: inout RunTotals
  ) {
    totals.countCacheHits(placement.engine.pointee.lastResidentActivations, step: step)
    phaseExperts.leastUsedFirst(step: step, layer: layer) { cache.touch(layer: layer, expert: $0) }
  }
}
