import Routing

/// `oracle`: the physical limit. Every activated expert (and the shared experts) is resident on
/// the GPU, all NDP units and the host CPU at once and the work divides perfectly between them,
/// with no transfers, overheads or reductions:
///   t = max(W_total / (BW_gpu + N * BW_ndp + BW_host), F_total / (peak_gpu + N * peak_ndp + peak_host)),
/// with bandwidths and peaks after efficiency. Any real placement leaves some device with at
/// least its share, so no policy can beat it. Each device reads, computes and is billed for its
/// share of the bytes (by bandwidth).
public struct OraclePolicy: PlacementPolicy {
  public static let name = PolicyName.oracle
  private let table: ActivationTable
  private let cost: CostModel
  private let sharedBytes: Double
  private let sharedFlopsPerToken: Double
  private let totalBytesPerSecond: Double
  private let totalFlopsPerSecond: Double
  /// Shares of the work by device: GPU, all NDP units, host.
  private let gpuShare: Double
  private let ndpShare: Double
  private var lastSeconds = 0.0

  public init(context: SimulationContext) {
    cost = context.cost
    table = context.table
    sharedBytes = context.point.model.sharedExpertWeightBytes
    sharedFlopsPerToken = context.point.model.sharedExpertFlopsPerToken
    let gpuBandwidth = 1 / cost.gpuSecondsPerByte
    let ndpBandwidth = Double(context.ndpUnits) / cost.ndpSecondsPerByte
    totalBytesPerSecond = gpuBandwidth + ndpBandwidth + 1 / cost.hostSecondsPerByte
    totalFlopsPerSecond =
      1 / cost.gpuSecondsPerFlop + Double(context.ndpUnits) / cost.ndpSecondsPerFlop
      + 1 / cost.hostSecondsPerFlop
    gpuShare = gpuBandwidth / totalBytesPerSecond
    ndpShare = ndpBandwidth / totalBytesPerSecond
  }

  @inline(__always)
  public mutating func expertPhase(
    _ phase: PhaseStart, links: inout LinkTimeline, totals: inout RunTotals, context: SimulationContext
  ) -> Double {
    let index = phase.step &* table.layers &+ phase.layer
    let experts = Double(table.offsets[index + 1] - table.offsets[index])
    let tokens = table.activationTotals[index]
    let stepTokens = Double(context.nonExpert.tokensPerStep[phase.step])
    let bytes = experts * cost.expertWeightBytes + sharedBytes
    let flops = Double(tokens) * cost.expertFlopsPerToken + stepTokens * sharedFlopsPerToken
    let seconds = max(bytes / totalBytesPerSecond, flops / totalFlopsPerSecond)
    lastSeconds = seconds
    totals.breakdown.expertsGPU += seconds
    totals.phase(seconds: seconds, gpuComputeSeconds: seconds)
    totals.usage.ndpBusiestSeconds += seconds
    totals.usage.ndpMeanSeconds += seconds
    totals.usage.hostBusySeconds += seconds
    // Energy: routed experts only (shared experts are billed with the GPU's other work).
    let routedBytes = experts * cost.expertWeightBytes
    let routedFlops = Double(tokens) * cost.expertFlopsPerToken
    let hostShare = 1 - gpuShare - ndpShare
    totals.gpuBytes += routedBytes * gpuShare
    totals.gpuFlops += routedFlops * gpuShare
    totals.ndpBytes += routedBytes * ndpShare
    totals.ndpFlops += routedFlops * ndpShare
    totals.hostBytes += routedBytes * hostShare
    totals.hostFlops += routedFlops * hostShare
    totals.activations(tokens, resident: tokens, step: phase.step)
    return phase.seconds + seconds
  }

  /// Every device busy for the same time: the balance no real placement reaches.
  public func describeLastPhase(step: Int, layer: Int, context: SimulationContext) -> LayerSchedule {
    let lanes = [LayerSchedule.Lane.gpu] + (0..<context.ndpUnits).map { .ndp($0) } + [.host]
    return LayerSchedule(
      policy: Self.name, step: step, layer: layer, ndpUnits: context.ndpUnits,
      tasks: lanes.map { .init(lane: $0, kind: .compute, start: 0, end: lastSeconds, expert: nil) })
  }
}
