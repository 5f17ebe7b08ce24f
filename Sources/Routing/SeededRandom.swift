/// SplitMix64: a tiny, fast, seedable generator (Steele, Lea, Flood 2014). Used to derive
/// independent streams from (seed, request, phase, layer) so results never depend on the order
/// in which anything is generated.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  private var state: UInt64

  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniform double in the open interval (0, 1).
  @inlinable public mutating func nextUnit() -> Double {
    (Double(next() >> 11) + 0.5) * 0x1.0p-53
  }

  /// A seed for an independent stream named by `parts`.
  public static func derive(_ seed: UInt64, _ parts: UInt64...) -> UInt64 {
    var mixer = SplitMix64(seed: seed)
    var value = mixer.next()
    for part in parts {
      mixer = SplitMix64(seed: value ^ (part &* 0xD6E8_FEB8_6659_FD93))
      value = mixer.next()
    }
    return value
  }
}
