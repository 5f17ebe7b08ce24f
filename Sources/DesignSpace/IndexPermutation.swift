import Routing

/// A seeded bijection of 0..<count onto itself, computed per index in O(1) memory: a 4-round
/// Feistel network over the smallest even number of bits that covers `count`, with cycle walking
/// (an image at or beyond `count` is permuted again until it falls inside). Random sampling draws
/// point i as configuration `map(i)`, so no configuration is drawn twice and point i is the same
/// in every shard.
struct IndexPermutation: Sendable {
  let count: UInt64
  private let halfBits: UInt64
  private let keys: [UInt64]

  init(count: UInt64, seed: UInt64) {
    precondition(count > 0 && count <= 1 << 62, "a permutation of 1 to 2^62 indices")
    self.count = count
    var bits: UInt64 = 2
    while bits < 62 && (1 << bits) < count { bits += 2 }
    halfBits = bits / 2
    keys = (0..<4).map { SplitMix64.derive(seed, 104, UInt64($0)) }
  }

  func map(_ index: UInt64) -> UInt64 {
    precondition(index < count, "index \(index) outside the permutation's 0..<\(count)")
    var x = index
    repeat { x = round(x) } while x >= count
    return x
  }

  /// One pass of the Feistel network over 2 * halfBits bits.
  private func round(_ value: UInt64) -> UInt64 {
    let mask: UInt64 = (1 << halfBits) - 1
    var left = value >> halfBits
    var right = value & mask
    for key in keys {
      var mix = SplitMix64(seed: right ^ key)
      (left, right) = (right, (left ^ mix.next()) & mask)
    }
    return (left << halfBits) | right
  }
}
