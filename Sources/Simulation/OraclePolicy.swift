import Routing

/// `oracle`: the physical limit. Every activated expert (and the shared experts) is resident on
/// the GPU, all NDP units and the host CPU at once and the work divides perfectly between them,
/// with no transfers, overheads or reductions:
///   t = max(W_total / (BW_gpu + N * BW_ndp + BW_host), F_total / (peak_gpu + N * peak_ndp + peak_host)),
/// with bandwidths and peaks after efficiency. Any real placement leaves some device with at
/// least its share, so no policy can beat it.
public struct OraclePolicy: PlacementPolicy {
  public static let name = PolicyName.oracle
  private let table: ActivationTable
  private let expertWeightBytes: Double
  private let expertFlopsPerToken: Double
  private let sharedBytes: Double
  private let sharedFlopsPerToken: Double
  /// Combined bandwidth and peak of the GPU and all NDP units, after efficiency.
  private let totalBytesPerSecond: Double
  private let totalFlopsPerSecond: Double
  private let gpuShare: Double

  public init(context: SimulationContext) {
    let cost = context.cost
    let units = Double(context.ndpUnits)
    table = context.table
    expertWeightBytes = cost.expertWeightBytes
    expertFlopsPerToken = cost.expertFlopsPerToken
    sharedBytes = context.point.model.sharedExpertWeightBytes
    sharedFlopsPerToken = context.point.model.sharedExpertFlopsPerToken
    let host = context.point.hardware.host
    let gpuBandwidth = 1 / cost.gpuSecondsPerByte
    let ndpBandwidth = units / cost.ndpSecondsPerByte
    totalBytesPerSecond = gpuBandwidth + ndpBandwidth + host.memoryBandwidthBytesPerSecond
    totalFlopsPerSecond =
      1 / cost.gpuSecondsPerFlop + units / cost.ndpSecondsPerFlop + host.peakFlopsPerSecond
    gpuShare = gpuBandwidth / totalBytesPerSecond
  }

  @inline(__always)
  public mutating func expertPhase(step: Int, layer: Int, context: SimulationContext) -> LayerOutcome {
    let index = step * table.layers + layer
    let experts = Double(table.offsets[index + 1] - table.offsets[index])
    let tokens = table.activationTotals[index]
    let bytes = experts * expertWeightBytes + sharedBytes
    let flops =
      Double(tokens) * expertFlopsPerToken
      + Double(context.nonExpert.tokensPerStep[step]) * sharedFlopsPerToken
    let seconds = max(bytes / totalBytesPerSecond, flops / totalFlopsPerSecond)
    var outcome = LayerOutcome()
    outcome.gpuSeconds = seconds
    outcome.ndpSeconds = seconds
    outcome.ndpMeanSeconds = seconds
    // Energy: routed experts only (shared experts are in the non-expert GPU work).
    let routedBytes = experts * expertWeightBytes
    let routedFlops = Double(tokens) * expertFlopsPerToken
    outcome.gpuBytes = routedBytes * gpuShare
    outcome.gpuFlops = routedFlops * gpuShare
    outcome.ndpBytes = routedBytes * (1 - gpuShare)
    outcome.ndpFlops = routedFlops * (1 - gpuShare)
    outcome.residentActivations = tokens
    outcome.activations = tokens
    return outcome
  }

  /// Every device busy for the same time: the balance no real placement reaches.
  public func explain(step: Int, layer: Int, context: SimulationContext) -> LayerSchedule {
    var copy = self
    let seconds = copy.expertPhase(step: step, layer: layer, context: context).gpuSeconds
    let lanes = [LayerSchedule.Lane.gpu] + (0..<context.ndpUnits).map { LayerSchedule.Lane.ndp($0) }
    return LayerSchedule(
      policy: Self.name, step: step, layer: layer, ndpUnits: context.ndpUnits,
      tasks: lanes.map { .init(lane: $0, kind: .compute, start: 0, end: seconds, expert: nil) })
  }
}
