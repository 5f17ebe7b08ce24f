/// `ctx-place` (Fan et al., arXiv 2512.04476, context-aware MoE on CXL GPU-NDP): the prefill runs
/// as `monde` does, with the offline profile's hot experts on the GPU. Once the prefill's last
/// layer has routed, each layer's GPU set becomes its most important experts in this context
/// (`ContextDecisions`), kept for the whole decode: experts new to the set are loaded over the
/// link in the background (each counts as resident once its copy has arrived; until then it runs
/// on NDP at the model's precision), and those leaving it are dropped at once. The GPU computes the
/// activated experts it holds, the NDP units the rest with expert parallelism. With
/// `policy.ndp_avg_bits` set, the decode's NDP experts read only the bits `BitBudget` gives them
/// (prefix-structured weights: fewer bit-planes, fewer bytes, the same FLOPs).
public struct ContextPlacementPolicy: PlacementBackedPolicy {
  public static let name = PolicyName.ctxPlace
  public static let split = PlacementSplit.residentsOnGPU
  public let placement: ExpertPlacementOwner
  private let profileSet: ResidencyFlags
  private let decisions: ContextDecisions
  private let copies: BackgroundCopies
  private let layers: Int
  private let experts: Int
  private let weightBytes: Double
  /// Per layer: experts of the decode's GPU set not yet in GPU memory.
  private var missing: [Int]

  public init(context: SimulationContext) {
    placement = context.ndpPlacement(groups: context.ndpUnits, degree: 1)
    let table = context.table
    layers = table.layers
    experts = table.experts
    weightBytes = context.cost.expertWeightBytes
    profileSet = ResidencyFlags(top: context.gpuExpertsPerLayer, of: table.profileRanking, experts: experts)
    let options = context.point.options
    let model = context.point.model
    let budget = options.ndpAverageBits > 0 ? BitBudget(averageBits: options.ndpAverageBits) : nil
    let key = DecisionCache.Key.contextPlacement(
      gpuExperts: context.gpuExpertsPerLayer, averageBits: options.ndpAverageBits,
      modelBits: model.expertBytesPerWeight * 8, scaleBits: options.ndpScaleBitsPerWeight)
    decisions = context.workload.decisions.value(key) {
      ContextDecisions(
        routing: context.routing, table: table, gpuExperts: context.gpuExpertsPerLayer, budget: budget,
        modelBits: model.expertBytesPerWeight * 8, scaleBits: options.ndpScaleBitsPerWeight)
    }
    copies = BackgroundCopies(layers: layers, experts: experts)
    missing = [Int](repeating: 0, count: layers)
  }

  public mutating func residency(
    step: Int, layer: Int, at seconds: Double, links: inout LinkTimeline
  ) -> Residency {
    guard step > 0 else { return Residency(flags: profileSet.layer(layer), readySeconds: seconds) }
    if missing[layer] > 0 {
      let set = decisions.gpuSets[layer]
      missing[layer] = set.count - copies.presentCount(of: set, layer: layer, by: seconds, links: &links)
    }
    return Residency(
      flags: copies.present.layer(layer), readySeconds: seconds,
      farWeightShares: decisions.quantized
        ? UnsafePointer(decisions.weightShares.pointer + layer &* experts) : nil)
  }

  /// After the prefill's last layer: the decode's GPU set replaces the profile's (the decode's
  /// phases then read their NDP experts' bits).
  public mutating func phaseFinished(
    step: Int, layer: Int, endSeconds: Double, links: inout LinkTimeline, totals: inout RunTotals
  ) {
    guard step == 0 && layer == layers - 1 else { return }
    totals.precision = decisions.precision
    for l in 0..<layers {
      for e in decisions.gpuSets[l] {
        let expert = Int(e)
        if profileSet.contains(layer: l, expert: expert) {
          copies.present.set(layer: l, expert: expert)
        } else {
          copies.queue(layer: l, expert: expert, bytes: weightBytes, at: endSeconds, links: &links)
          missing[l] += 1
        }
      }
    }
  }
}
