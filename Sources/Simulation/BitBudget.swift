/// How `ctx-place` spreads an average-bits budget over one layer's NDP experts (Fan et al., arXiv
/// 2512.04476): each expert is kept at 4, 3, 2 or 1 bits, never more bits than a more important
/// expert. Walking from the most important, each takes as many bits as it can (at most 4) while
/// leaving every later expert at least 1, so the most important keep 4 bits, one expert may sit
/// in between, and the rest get 1: the budget buys precision for importance first.
public struct BitBudget: Sendable, Equatable {
  /// The most bits an expert keeps, and the fewest.
  public static let maximumBits = 4
  public static let minimumBits = 1

  /// The average bits per expert; at least 1, at most 4.
  public let averageBits: Double

  public init(averageBits: Double) {
    precondition(averageBits >= Double(Self.minimumBits) && averageBits <= Double(Self.maximumBits))
    self.averageBits = averageBits
  }

  /// Bits of `count` experts in importance order (the most important first); they average at
  /// most `averageBits`.
  public func allocate(count: Int) -> [Int] {
    var left = Int((averageBits * Double(count)).rounded(.down))
    var bits: [Int] = []
    bits.reserveCapacity(count)
    for position in 0..<count {
      let later = count - position - 1
      let taken = max(Self.minimumBits, min(Self.maximumBits, left - later * Self.minimumBits))
      bits.append(taken)
      left -= taken
    }
    return bits
  }
}
