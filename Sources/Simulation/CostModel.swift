import NDPModel

/// Per-point constants of the latency and energy model, computed once and shared by every policy.
/// Only scalars, so copying it costs nothing in the inner loop.
///
/// Every piece of work on a device follows the roofline (`rooflineSeconds`), with bandwidth and
/// peak after the device's efficiency factors. Per routed expert with n tokens
/// (W = 3*h*f*bytes, F = 2*3*h*f; brief, section 1):
/// - on the GPU: launch + max(W / BW_gpu, n * F / peak_gpu);
/// - fetched to the GPU over the link: T_w = latency + W / BW_link (one transfer);
/// - on an NDP unit of a group of T: overhead + max((W/T) / BW_ndp, n * (F/T) / peak_ndp);
/// - on the host CPU: max(W / BW_host, n * F / peak_host).
/// Activations travel as vectors of h values (`vectorBytes`): one per token and group out, one
/// partial sum per token and unit back (`FarSide`).
public struct CostModel: Sendable {
  public let expertWeightBytes: Double
  public let expertFlopsPerToken: Double
  /// One token's hidden vector: an activation out, or a partial sum back.
  public let vectorBytes: Double
  // Reciprocal throughputs (seconds per byte / per FLOP) after efficiency.
  public let gpuSecondsPerByte: Double
  public let gpuSecondsPerFlop: Double
  public let ndpSecondsPerByte: Double
  public let ndpSecondsPerFlop: Double
  public let hostSecondsPerByte: Double
  public let hostSecondsPerFlop: Double
  public let gpuLaunchSeconds: Double
  public let ndpOverheadSeconds: Double
  /// T_w: one expert's weights over the link.
  public let expertFetchSeconds: Double
  /// NDP units per tensor-parallel group for the tp family.
  public let tpDegree: Int
  public let linkLatencySeconds: Double
  /// Reciprocal of the link bandwidth per direction after efficiency.
  public let linkSecondsPerByte: Double
  /// Reciprocal of the unit-to-unit link bandwidth (no efficiency factor: a dedicated link).
  public let unitLinkSecondsPerByte: Double

  public init(point: DesignPoint, tpDegree: Int) {
    let model = point.model
    let hardware = point.hardware
    let gpu = hardware.gpu
    let ndp = hardware.ndp
    let host = hardware.host
    expertWeightBytes = model.expertWeightBytes
    expertFlopsPerToken = model.expertFlopsPerToken
    vectorBytes = Double(model.hiddenSize) * model.activationBytes
    gpuSecondsPerByte = 1 / (gpu.memoryBandwidthBytesPerSecond * gpu.memoryEfficiency)
    gpuSecondsPerFlop = 1 / (gpu.peakFlopsPerSecond * gpu.computeEfficiency)
    ndpSecondsPerByte = 1 / (ndp.internalBandwidthBytesPerSecond * ndp.memoryEfficiency)
    ndpSecondsPerFlop = 1 / (ndp.peakFlopsPerSecond * ndp.computeEfficiency)
    hostSecondsPerByte = 1 / (host.memoryBandwidthBytesPerSecond * host.memoryEfficiency)
    hostSecondsPerFlop = 1 / (host.peakFlopsPerSecond * host.computeEfficiency)
    gpuLaunchSeconds = gpu.kernelLaunchSeconds
    ndpOverheadSeconds = ndp.operationOverheadSeconds
    self.tpDegree = tpDegree
    linkLatencySeconds = hardware.link.latencySeconds
    linkSecondsPerByte = 1 / (hardware.link.bandwidthBytesPerSecond * hardware.link.efficiency)
    unitLinkSecondsPerByte = 1 / ndp.unitLinkBandwidthBytesPerSecond
    expertFetchSeconds = linkLatencySeconds + model.expertWeightBytes * linkSecondsPerByte
  }

  /// Shared experts of one MoE layer for `tokens` tokens, on the GPU (0 when the model has none).
  public func sharedExpertSeconds(model: MoEModel, tokens: Int) -> Double {
    guard model.sharedExpertFFN > 0 else { return 0 }
    return rooflineSeconds(
      bytes: model.sharedExpertWeightBytes, flops: Double(tokens) * model.sharedExpertFlopsPerToken,
      secondsPerByte: gpuSecondsPerByte, secondsPerFlop: gpuSecondsPerFlop,
      overhead: gpuLaunchSeconds)
  }
}
