/// `oracle`: the physical limit. Every activated expert (and the shared experts) is resident on
/// the GPU and all NDP units at once and the work divides perfectly between them, with no
/// transfers, overheads or reductions:
///   t = max(W_total / (BW_gpu + N * BW_ndp), F_total / (peak_gpu + N * peak_ndp)),
/// with bandwidths and peaks after efficiency. Any real placement leaves some device with at
/// least its share, so no policy can beat it.
public struct OraclePolicy: PlacementPolicy {
  public static let name = PolicyName.oracle

  public init(context: SimulationContext) {}

  public mutating func expertPhase(step: Int, layer: Int, context: SimulationContext) -> LayerOutcome {
    let cost = context.cost
    let model = cost.point.model
    let table = context.table
    let units = Double(context.ndpUnits)
    let range = table.range(step: step, layer: layer)
    let tokens = table.activationTotals[step * table.layers + layer]
    let bytes = Double(range.count) * cost.expertWeightBytes + model.sharedExpertWeightBytes
    let flops =
      Double(tokens) * cost.expertFlopsPerToken
      + Double(context.nonExpert.tokensPerStep[step]) * model.sharedExpertFlopsPerToken
    let gpuBandwidth = 1 / cost.gpuSecondsPerByte
    let ndpBandwidth = units / cost.ndpSecondsPerByte
    let gpuPeak = 1 / cost.gpuSecondsPerFlop
    let ndpPeak = units / cost.ndpSecondsPerFlop
    let seconds = max(bytes / (gpuBandwidth + ndpBandwidth), flops / (gpuPeak + ndpPeak))
    let gpuShare = gpuBandwidth / (gpuBandwidth + ndpBandwidth)
    var outcome = LayerOutcome()
    outcome.gpuSeconds = seconds
    outcome.ndpSeconds = seconds
    outcome.ndpMeanSeconds = seconds
    // Energy: routed experts only (shared experts are in the non-expert GPU work).
    let routedBytes = Double(range.count) * cost.expertWeightBytes
    let routedFlops = Double(tokens) * cost.expertFlopsPerToken
    outcome.gpuBytes = routedBytes * gpuShare
    outcome.gpuFlops = routedFlops * gpuShare
    outcome.ndpBytes = routedBytes * (1 - gpuShare)
    outcome.ndpFlops = routedFlops * (1 - gpuShare)
    outcome.residentActivations = tokens
    outcome.activations = tokens
    return outcome
  }
}
