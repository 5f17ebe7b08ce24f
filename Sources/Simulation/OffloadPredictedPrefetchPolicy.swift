/// `offload-pp`: `gpu-offload` with its per-layer LRU cache also filled by a learned expert
/// predictor (`ExpertPredictor`, MoE-Beyond and ExpertFlow's setting: GPU + host memory, no NDP).
/// Every activated expert runs on the GPU; one not resident is fetched from host memory (which
/// completes a copy under way) and enters the cache as in `gpu-offload`, least-used first.
public struct OffloadPredictedPrefetchPolicy: PlacementBackedPolicy {
  public static let name = PolicyName.offloadPP
  public static let split = PlacementSplit.allGPU
  public let placement: ExpertPlacementOwner
  private var predictor: ExpertPredictor

  public init(context: SimulationContext) {
    placement = context.hostPlacement()
    predictor = ExpertPredictor(context: context, guessLimit: context.cacheExpertsPerLayer, admitsUsed: true)
  }

  @inline(__always)
  public mutating func residency(
    step: Int, layer: Int, at seconds: Double, links: inout LinkTimeline
  ) -> Residency {
    predictor.residency(step: step, layer: layer, at: seconds, links: &links)
  }

  /// A cached expert the phase fetches for compute is in GPU memory from its start: its
  /// background copy is moot.
  @inline(__always)
  public mutating func placed(step: Int, layer: Int, at seconds: Double, links: inout LinkTimeline) {
    predictor.copies.fetched(
      placement.engine.pointee.lastGPUFetches, layer: layer, at: seconds, links: &links)
  }

  /// The phase's experts are all in GPU memory: each is used in the cache, least-used first so the
  /// most-used end up most recent.
  @inline(__always)
  public mutating func phaseFinished(
    step: Int, layer: Int, endSeconds: Double, links: inout LinkTimeline, totals: inout RunTotals
  ) {
    totals.countCacheHits(placement.engine.pointee.lastResidentActivations, step: step)
    predictor.markUsed(step: step, layer: layer, at: endSeconds, links: &links)
  }
}
