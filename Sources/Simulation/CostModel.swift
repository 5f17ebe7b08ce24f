import NDPModel

/// Per-point constants of the latency and energy model, computed once and shared by every policy.
/// Only scalars, so copying it costs nothing in the inner loop.
///
/// All expert costs follow the roofline (`rooflineSeconds`). Formulas, each per MoE layer and step:
/// - GPU expert with n tokens: launch + max(W / BW_gpu, n * F / peak_gpu), W = 3*h*f*bytes,
///   F = 2*3*h*f (brief, section 1);
/// - fetching an expert over the link: T_w = latency + W / link bandwidth;
/// - NDP slice of an expert in a group of T units: overhead + max((W/T) / BW_ndp, (n*F/T) / peak_ndp);
/// - dispatch: one transfer of the activations of the tokens routed to NDP experts,
///   n * h * activation bytes per expert, broadcast once per group;
/// - return: each of the T units of a group sends back partial sums of n * h values, and the GPU
///   reduces them (reads T * n * h values) when T > 1.
public struct CostModel: Sendable {
  public let expertWeightBytes: Double
  public let expertFlopsPerToken: Double
  public let activationBytesPerToken: Double
  // Reciprocal throughputs (seconds per byte / per FLOP) after efficiency.
  public let gpuSecondsPerByte: Double
  public let gpuSecondsPerFlop: Double
  public let ndpSecondsPerByte: Double
  public let ndpSecondsPerFlop: Double
  public let gpuLaunchSeconds: Double
  public let ndpOverheadSeconds: Double
  /// T_w: one expert's weights over the link.
  public let expertFetchSeconds: Double
  /// NDP units per tensor-parallel group for the tp family.
  public let tpDegree: Int
  public let linkLatencySeconds: Double
  /// Reciprocal of the link bandwidth per direction after efficiency.
  public let linkSecondsPerByte: Double

  public init(point: DesignPoint, tpDegree: Int) {
    let model = point.model
    let gpu = point.hardware.gpu
    let ndp = point.hardware.ndp
    expertWeightBytes = model.expertWeightBytes
    expertFlopsPerToken = model.expertFlopsPerToken
    activationBytesPerToken = Double(model.hiddenSize) * model.activationBytes
    gpuSecondsPerByte = 1 / (gpu.memoryBandwidthBytesPerSecond * gpu.memoryEfficiency)
    gpuSecondsPerFlop = 1 / (gpu.peakFlopsPerSecond * gpu.computeEfficiency)
    ndpSecondsPerByte = 1 / (ndp.internalBandwidthBytesPerSecond * ndp.memoryEfficiency)
    ndpSecondsPerFlop = 1 / (ndp.peakFlopsPerSecond * ndp.computeEfficiency)
    gpuLaunchSeconds = gpu.kernelLaunchSeconds
    ndpOverheadSeconds = ndp.operationOverheadSeconds
    self.tpDegree = tpDegree
    linkLatencySeconds = point.hardware.link.latencySeconds
    linkSecondsPerByte =
      1 / (point.hardware.link.bandwidthBytesPerSecond * point.hardware.link.efficiency)
    expertFetchSeconds = linkLatencySeconds + model.expertWeightBytes * linkSecondsPerByte
  }

  /// One routed expert on the GPU with its weights resident.
  @inlinable public func gpuExpertSeconds(tokens: Int32) -> Double {
    rooflineSeconds(
      bytes: expertWeightBytes, flops: Double(tokens) * expertFlopsPerToken,
      secondsPerByte: gpuSecondsPerByte, secondsPerFlop: gpuSecondsPerFlop,
      overhead: gpuLaunchSeconds)
  }

  /// The slice of one routed expert that each unit of a group of `degree` units computes.
  @inlinable public func ndpExpertSeconds(tokens: Int32, degree: Int) -> Double {
    let share = 1 / Double(degree)
    return rooflineSeconds(
      bytes: expertWeightBytes * share, flops: Double(tokens) * expertFlopsPerToken * share,
      secondsPerByte: ndpSecondsPerByte, secondsPerFlop: ndpSecondsPerFlop,
      overhead: ndpOverheadSeconds)
  }

  /// Shared experts of one MoE layer for `tokens` tokens, on the GPU (0 when the model has none).
  public func sharedExpertSeconds(model: MoEModel, tokens: Int) -> Double {
    guard model.sharedExpertFFN > 0 else { return 0 }
    return rooflineSeconds(
      bytes: model.sharedExpertWeightBytes, flops: Double(tokens) * model.sharedExpertFlopsPerToken,
      secondsPerByte: gpuSecondsPerByte, secondsPerFlop: gpuSecondsPerFlop,
      overhead: gpuLaunchSeconds)
  }

  /// Link transfer time for `bytes` (0 for nothing to send).
  @inlinable public func linkSeconds(bytes: Double) -> Double {
    bytes <= 0 ? 0 : linkLatencySeconds + bytes * linkSecondsPerByte
  }

  /// Partial results back over the link, plus the GPU's reduction when a group has several units.
  @inlinable public func returnSeconds(bytes: Double, degree: Int) -> Double {
    linkSeconds(bytes: bytes) + (degree > 1 ? reduceSeconds(bytes: bytes) : 0)
  }

  /// GPU time to sum `bytes` of partial results (tensor-parallel reduction).
  @inlinable public func reduceSeconds(bytes: Double) -> Double {
    bytes <= 0 ? 0 : bytes * gpuSecondsPerByte
  }
}
