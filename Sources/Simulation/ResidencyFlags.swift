import Basics

/// Which experts of each layer are resident on the GPU (pinned or prefetched), in raw memory so
/// the placement loop reads them without closures or bounds checks.
public final class ResidencyFlags {
  public let layers: Int
  public let experts: Int
  private let storage: RawStorage<Bool>
  private let flags: UnsafeMutablePointer<Bool>

  public init(layers: Int, experts: Int) {
    self.layers = layers
    self.experts = experts
    storage = RawStorage(repeating: false, count: layers * experts)
    flags = storage.pointer
  }

  /// The first `perLayer` experts of each layer's `ranking` (most used first), e.g. an offline
  /// profile's hottest.
  public convenience init(top perLayer: Int, of ranking: [[UInt16]], experts: Int) {
    self.init(layers: ranking.count, experts: experts)
    for (layer, ranked) in ranking.enumerated() {
      for expert in ranked.prefix(min(perLayer, experts)) { set(layer: layer, expert: Int(expert)) }
    }
  }

  /// The flags of `layer`, `experts` of them; valid while this object lives.
  @inline(__always) public func layer(_ layer: Int) -> UnsafePointer<Bool> {
    UnsafePointer(flags + layer &* experts)
  }

  /// All layers' flags, `layer * experts + expert`; valid while this object lives (for an owner
  /// that updates them in a hot loop without going through the object).
  var base: UnsafeMutablePointer<Bool> { flags }

  public func set(layer: Int, expert: Int) { flags[layer * experts + expert] = true }

  public func contains(layer: Int, expert: Int) -> Bool { flags[layer * experts + expert] }
}
