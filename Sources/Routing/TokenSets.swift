/// The tokens each entry of an `ActivationTable` serves, as bit sets (a bit per token of its
/// step), for the steps with more than 64 tokens (the prefill, mostly): how many distinct tokens
/// a group of entries serves is then a union and a population count, a word per 64 tokens, rather
/// than a mark per activation. A step of at most 64 tokens keeps none: its entries serve a few
/// tokens each, and a mark per (token, group) is cheaper than a word and its population count.
struct TokenSets {
  /// Per step: words per entry (one per 64 tokens; 0 for a step of at most 64 tokens).
  let wordsPerStep: [Int]
  /// Per (step, layer), where its entries' sets start in `bits`; one more at the end.
  let starts: [Int]
  let bits: [UInt64]

  /// - Parameters: the table's flat lists (`offsets` per (step, layer), `counts` and `starts` per
  ///   entry into `tokens`, which holds each entry's tokens numbered within the step).
  init(
    offsets: [Int], counts: [Int32], starts: [Int], tokens: UnsafeBufferPointer<Int32>, layers: Int,
    tokensPerStep: [Int]
  ) {
    wordsPerStep = tokensPerStep.map { $0 > 64 ? ($0 + 63) / 64 : 0 }
    var setStarts: [Int] = []
    setStarts.reserveCapacity(offsets.count)
    var bits: [UInt64] = []
    for phase in 0..<(offsets.count - 1) {
      let words = wordsPerStep[phase / layers]
      setStarts.append(bits.count)
      // Most phases (every decode step's, below batch 65) keep nothing.
      guard words > 0 else { continue }
      let first = bits.count
      bits.append(contentsOf: repeatElement(0, count: (offsets[phase + 1] - offsets[phase]) * words))
      for (i, entry) in (offsets[phase]..<offsets[phase + 1]).enumerated() {
        let set = first + i * words
        for j in starts[entry]..<(starts[entry] + Int(counts[entry])) {
          let token = Int(tokens[j])
          bits[set + token >> 6] |= 1 << UInt64(token & 63)
        }
      }
    }
    setStarts.append(bits.count)
    self.starts = setStarts
    self.bits = bits
  }
}
