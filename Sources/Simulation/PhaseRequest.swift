/// Which experts of a layer go to the GPU, as a prefix of the placement order.
public enum PlacementSplit: Sendable, Equatable {
  /// Everything on the far side (NDP units).
  case allFar
  /// Exactly the GPU-resident experts on the GPU, the rest on the far side (MoNDE).
  case residentsOnGPU
  /// Everything on the GPU (offloading without host compute).
  case allGPU
  /// The prefix that ends the phase soonest (load-balancing scheduler, host-assisted offloading).
  case balanced
  /// Everything on the GPU to start with; then the last position (fewest tokens) moves to the far
  /// side, one at a time, while that lowers an estimate from per-expert times (Duplex's greedy
  /// co-processing). Never ends the phase sooner than `balanced`.
  case shrinkingGPU
}

/// One expert phase to place: MoE layer `layer` at `step`, starting at `startSeconds` on the GPU.
public struct PhaseRequest {
  public var step: Int
  public var layer: Int
  public var startSeconds: Double
  /// Per-expert residency flags of the layer (`experts` of them), or nil when none is resident.
  public var residency: UnsafePointer<Bool>?
  /// When the resident experts are in GPU memory (after the start while a prefetch is in flight).
  public var residentReadySeconds: Double
  public var split: PlacementSplit
  /// Shared experts of the layer, on the GPU before any routed expert.
  public var sharedSeconds: Double
  /// Per expert of the layer, the share of its weights a far-side unit reads (below 1 at reduced
  /// precision); nil when every expert is read whole.
  public var farWeightShares: UnsafePointer<Double>?
  /// Whether the far side streams experts across its units (`FarSide.Streaming`): a constant of
  /// the policy, so that the other policies' phases compile without the test.
  public var streamsExperts = false
}
