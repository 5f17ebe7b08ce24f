/// `tp-lb-pp`: tp-lb plus prefetch driven by a learned expert predictor (`ExpertPredictor`)
/// instead of the prefill's counts. The GPU holds a per-layer cache of the budget's experts,
/// filled only by the predictor; the load balancer places the experts not resident like any miss
/// (NDP, or a fetch, which completes a cached expert's copy).
public struct PredictedPrefetchPolicy: PlacementBackedPolicy {
  public static let name = PolicyName.tpLBPP
  public static let split = PlacementSplit.balanced
  public let placement: ExpertPlacementOwner
  private var predictor: ExpertPredictor

  public init(context: SimulationContext) {
    placement = context.ndpPlacement(groups: context.tpGroups, degree: context.tpDegree)
    predictor = ExpertPredictor(context: context, guessLimit: context.gpuExpertsPerLayer, admitsUsed: false)
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
}
