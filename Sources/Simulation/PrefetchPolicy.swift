/// `tp-lb-pf`: the seed paper's full framework: tp-lb plus dataset-free prefetch. No offline
/// profile: while the prefill runs, each expert's activations are counted, and once the prefill
/// has finished layer l the most frequent experts of layer l (as many as the budget allows, ties
/// by lower id) are fetched to the GPU over the link for the decode. Fetches queue on the link in
/// layer order; the first decode step waits at a layer whose experts have not all arrived.
/// Misses are scheduled by the load balancer (GPU with T_w, or NDP). The set is not refreshed
/// during decode.
public struct PrefetchPolicy: PlacementBackedPolicy {
  public static let name = PolicyName.tpLBPF
  public let placement: ExpertPlacement
  public static let split = PlacementSplit.balanced
  private let prefetched: ResidencyFlags
  private var ready: [Double]
  private var linkFreeSeconds = 0.0
  public private(set) var backgroundLinkBytes = 0.0

  public init(context: SimulationContext) {
    placement = ExpertPlacement(
      table: context.table, groups: context.tpGroups, degree: context.tpDegree, cost: context.cost,
      uniformFastPath: context.uniformFastPath)
    let table = context.table
    prefetched = ResidencyFlags(layers: table.layers, experts: table.experts)
    ready = [Double](repeating: 0, count: table.layers)
  }

  public mutating func prefillLayerFinished(
    layer: Int, atSeconds seconds: Double, context: SimulationContext
  ) {
    let table = context.table
    let chosen = table.prefillRanking[layer].prefix(context.gpuExpertsPerLayer)
    for expert in chosen { prefetched.set(layer: layer, expert: Int(expert)) }
    let bytes = Double(chosen.count) * context.cost.expertWeightBytes
    linkFreeSeconds = max(linkFreeSeconds, seconds) + context.cost.linkSeconds(bytes: bytes)
    ready[layer] = linkFreeSeconds
    backgroundLinkBytes += bytes
  }

  public func readySeconds(step: Int, layer: Int) -> Double { step == 0 ? 0 : ready[layer] }

  public func residency(step: Int, layer: Int) -> UnsafePointer<Bool>? {
    step == 0 ? nil : prefetched.layer(layer)
  }
}
