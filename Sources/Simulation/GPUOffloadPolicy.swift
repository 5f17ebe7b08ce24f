/// `gpu-offload`: GPU + host memory, no NDP (llama.cpp / MoE-Infinity style). Every activated
/// expert runs on the GPU; one that is not in the layer's LRU expert cache is first fetched from
/// host memory over the link (T_w). The cache holds as many experts per layer as the budget allows.
public struct GPUOffloadPolicy: PlacementBackedPolicy {
  public static let name = PolicyName.gpuOffload
  public let placement: ExpertPlacement
  public static let split = PlacementSplit.allGPU
  private let cache: LRUExpertCache
  private let layers: Int
  private let offsets: UnsafeBufferPointer<Int>
  private let expertIDs: UnsafeBufferPointer<UInt16>

  public init(context: SimulationContext) {
    placement = ExpertPlacement(
      table: context.table, groups: 1, degree: 1, cost: context.cost,
      uniformFastPath: context.uniformFastPath)
    layers = context.table.layers
    offsets = context.table.offsets
    expertIDs = context.table.expertIDs
    cache = LRUExpertCache(
      layers: context.table.layers, experts: context.table.experts,
      capacity: context.gpuExpertsPerLayer)
  }

  @inline(__always)
  public mutating func expertPhase(step: Int, layer: Int, context: SimulationContext) -> LayerOutcome {
    var outcome = placement.place(
      step: step, layer: layer, residency: cache.flags(layer: layer),
      split: .allGPU, sharedSeconds: context.nonExpert.sharedExpertSeconds[step])
    outcome.cacheHits = outcome.residentActivations
    // Update recency after use, least-used first so the most-used end up most recent.
    let index = step &* layers &+ layer
    var i = offsets[index + 1] - 1
    let first = offsets[index]
    while i >= first {
      cache.touch(layer: layer, expert: Int(expertIDs[i]))
      i -= 1
    }
    return outcome
  }

  public func residency(step: Int, layer: Int) -> UnsafePointer<Bool>? { cache.flags(layer: layer) }
}
