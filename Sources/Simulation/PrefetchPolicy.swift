/// `tp-lb-pf`: the seed paper's full framework: tp-lb plus dataset-free prefetch. No offline
/// profile: while the prefill runs, each expert's activations are counted, and once the prefill
/// has finished layer l the most frequent experts of layer l (as many as the budget allows, ties
/// by lower id) are queued for the GPU, one background transfer each: they move while the link is
/// idle, never delaying the prefill's own fetches and partial sums. A decode phase counts as
/// resident only the prefetched experts that have arrived; the load balancer places the others
/// like any miss (NDP, or a fetch that cancels the background copy). The set is not refreshed
/// during decode.
public struct PrefetchPolicy: PlacementBackedPolicy {
  public static let name = PolicyName.tpLBPF
  public static let split = PlacementSplit.balanced
  public let placement: ExpertPlacementOwner
  private let chosen: [ArraySlice<UInt16>]
  private let weightBytes: Double
  /// The prefetched experts: in GPU memory, or on their way.
  private let copies: BackgroundCopies
  /// Per layer: prefetched experts not yet in GPU memory.
  private var missing: [Int]

  public init(context: SimulationContext) {
    placement = context.ndpPlacement(groups: context.tpGroups, degree: context.tpDegree)
    let table = context.table
    weightBytes = context.cost.expertWeightBytes
    chosen = table.prefillRanking.map { $0.prefix(context.gpuExpertsPerLayer) }
    copies = BackgroundCopies(layers: table.layers, experts: table.experts)
    missing = chosen.map(\.count)
  }

  public mutating func residency(
    step: Int, layer: Int, at seconds: Double, links: inout LinkTimeline
  ) -> Residency {
    guard step > 0 else { return .none(at: seconds) }
    if missing[layer] > 0 {
      let set = chosen[layer]
      missing[layer] = set.count - copies.presentCount(of: set, layer: layer, by: seconds, links: &links)
    }
    return Residency(flags: copies.present.layer(layer), readySeconds: seconds)
  }

  /// A prefetched expert the phase fetches for compute is in GPU memory from its start: its
  /// background copy is moot.
  public mutating func placed(step: Int, layer: Int, at seconds: Double, links: inout LinkTimeline) {
    guard step > 0, missing[layer] > 0 else { return }
    missing[layer] -= copies.fetched(
      placement.engine.pointee.lastGPUFetches, layer: layer, at: seconds, links: &links)
  }

  public mutating func phaseFinished(
    step: Int, layer: Int, endSeconds: Double, links: inout LinkTimeline, totals: inout RunTotals
  ) {
    guard step == 0 else { return }
    for e in chosen[layer] {
      copies.queue(layer: layer, expert: Int(e), bytes: weightBytes, at: endSeconds, links: &links)
    }
  }
}
