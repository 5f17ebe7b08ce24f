/// How long each resource was busy over a run, and what moved over the link. Every figure here is
/// at most the end-to-end time (the conservation laws the tests check).
public struct ResourceUsage: Sendable, Equatable {
  /// All GPU work: attention, router, dense layers, LM head, experts, reductions.
  public var gpuBusySeconds = 0.0
  /// The GPU's computation inside expert phases (shared and routed experts, reductions).
  public var gpuExpertSeconds = 0.0
  /// Total length of the expert phases.
  public var expertPhaseSeconds = 0.0
  /// Per expert phase the busiest NDP unit, summed; and the mean over units, summed.
  public var ndpBusiestSeconds = 0.0
  public var ndpMeanSeconds = 0.0
  public var hostBusySeconds = 0.0
  /// Busiest unit-to-unit link (all units send equal shares in a ring reduction).
  public var unitLinkBusySeconds = 0.0
  public var unitLinkBytes = 0.0
  /// Toward the GPU and from it.
  public var linkToGPU = LaneUsage()
  public var linkFromGPU = LaneUsage()

  public init() {}
}
