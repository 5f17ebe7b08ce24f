/// The expert phase of one MoE layer in one step, as a policy placed it.
///
/// Its time is `dispatchSeconds + max(gpuSeconds, ndpSeconds) + returnSeconds`: the GPU and the NDP
/// units work concurrently between sending activations out and collecting results.
public struct LayerOutcome: Sendable, Equatable {
  /// Activations sent to the NDP units.
  public var dispatchSeconds = 0.0
  /// GPU side: shared experts, resident experts, and fetched experts including their fetch.
  public var gpuSeconds = 0.0
  /// The weight-fetch part of `gpuSeconds`.
  public var gpuFetchSeconds = 0.0
  /// The busiest NDP unit.
  public var ndpSeconds = 0.0
  /// Mean busy time over all NDP units.
  public var ndpMeanSeconds = 0.0
  /// Partial results back over the link, plus the GPU reduction for tensor parallelism.
  public var returnSeconds = 0.0
  public var reduceSeconds = 0.0
  /// Bytes and FLOPs for the energy model.
  public var linkBytes = 0.0
  public var gpuBytes = 0.0
  public var gpuFlops = 0.0
  public var ndpBytes = 0.0
  public var ndpFlops = 0.0
  /// Expert weights read from NDP or host memory to be fetched to the GPU.
  public var fetchedBytes = 0.0
  /// Token-expert activations whose expert was resident on the GPU, and all of them.
  public var residentActivations = 0
  public var activations = 0
  /// Host-CPU side (offloading policies that compute missed experts on the CPU).
  public var hostSeconds = 0.0
  /// Activations served from a GPU expert cache (offloading policies).
  public var cacheHits = 0
  /// Activated expert slots replaced by a substitute, the gate-score mass they carried, and the
  /// total activated mass.
  public var substituted = 0
  public var substitutedMass = 0.0
  public var activatedMass = 0.0

  public init() {}

  public var seconds: Double {
    dispatchSeconds + max(max(gpuSeconds, ndpSeconds), hostSeconds) + returnSeconds
  }
}
