/// Which experts each step activates at each MoE layer, and for how many tokens: the only view of
/// routing that placement policies need. Built once per workload and shared by every policy and
/// hardware point.
///
/// Step 0 is the prefill (all prompt tokens of all requests), steps 1...decodeSteps are decode
/// steps (one token per request). Within a (step, layer) the activated experts are sorted by token
/// count, most first, ties by lower expert id.
public struct ActivationTable: Sendable {
  public let steps: Int
  public let layers: Int
  public let experts: Int
  public let topK: Int
  /// Tokens processed per step: batch * prompt for step 0, batch afterwards.
  public let tokensPerStep: [Int]
  /// The flat lists, in immutable raw storage shared by every copy of the table (the placement
  /// loop reads them without bounds checks or closures).
  @usableFromInline let storage: ActivationStorage
  /// `offsets[step * layers + layer] ..< offsets[step * layers + layer + 1]` indexes the lists.
  @inlinable public var offsets: UnsafeBufferPointer<Int> { storage.offsets }
  @inlinable public var expertIDs: UnsafeBufferPointer<UInt16> { storage.expertIDs }
  @inlinable public var tokenCounts: UnsafeBufferPointer<Int32> { storage.tokenCounts }
  /// Token-expert activations per (step, layer): the sum of its `tokenCounts`.
  @inlinable public var activationTotals: UnsafeBufferPointer<Int> { storage.activationTotals }
  /// The most experts any (step, layer) activates.
  public let maxActivatedPerLayer: Int
  /// Per (step, layer): the token count every activated expert shares, or 0 when they differ
  /// (every decode step at batch 1 is uniform, with count 1).
  @inlinable public var uniformCounts: UnsafeBufferPointer<Int32> { storage.uniformCounts }
  /// Per layer, the experts of the prefill ordered by prefill activations, most first (ties by id),
  /// only those activated at least once: the ranking a dataset-free prefetcher sees.
  public let prefillRanking: [[UInt16]]
  /// Per layer, all experts ordered by the offline profile, most popular first (ties by id).
  public let profileRanking: [[UInt16]]

  public init(routing: Routing) {
    let layers = routing.layers
    let experts = routing.experts
    let steps = 1 + routing.decodeSteps
    var offsets = [0]
    offsets.reserveCapacity(steps * layers + 1)
    var ids: [UInt16] = []
    var counts: [Int32] = []
    var histogram = [Int32](repeating: 0, count: experts)
    var touched: [Int] = []
    var ranking: [[UInt16]] = []
    var totals: [Int] = []
    for step in 0..<steps {
      for layer in 0..<layers {
        touched.removeAll(keepingCapacity: true)
        for request in routing.requests {
          let block = step == 0 ? request.prefill : request.decode
          let tokenRange = step == 0 ? 0..<block.tokens : (step - 1)..<step
          for token in tokenRange {
            let base = block.base(token: token, layer: layer)
            for slot in 0..<block.topK {
              let e = Int(block.experts[base + slot])
              if histogram[e] == 0 { touched.append(e) }
              histogram[e] += 1
            }
          }
        }
        touched.sort { histogram[$0] != histogram[$1] ? histogram[$0] > histogram[$1] : $0 < $1 }
        totals.append(touched.reduce(0) { $0 + Int(histogram[$1]) })
        for e in touched {
          ids.append(UInt16(e))
          counts.append(histogram[e])
          histogram[e] = 0
        }
        if step == 0 { ranking.append(touched.map { UInt16($0) }) }
        offsets.append(ids.count)
      }
    }
    self.steps = steps
    self.layers = layers
    self.experts = experts
    self.topK = routing.topK
    let batch = routing.requests.count
    tokensPerStep = [batch * routing.promptTokens] + [Int](repeating: batch, count: steps - 1)
    var uniform: [Int32] = []
    uniform.reserveCapacity(steps * layers)
    for index in 0..<(steps * layers) {
      let slice = counts[offsets[index]..<offsets[index + 1]]
      let first = slice.first ?? 0
      uniform.append(slice.allSatisfy { $0 == first } ? first : 0)
    }
    storage = ActivationStorage(
      offsets: offsets, expertIDs: ids, tokenCounts: counts, totals: totals, uniform: uniform)
    var widest = 0
    for index in 0..<(steps * layers) { widest = max(widest, offsets[index + 1] - offsets[index]) }
    maxActivatedPerLayer = widest
    prefillRanking = ranking
    profileRanking = routing.profile.map { popularity in
      (0..<experts).sorted {
        popularity[$0] != popularity[$1] ? popularity[$0] > popularity[$1] : $0 < $1
      }.map { UInt16($0) }
    }
  }

  @inlinable public func range(step: Int, layer: Int) -> Range<Int> {
    let index = step * layers + layer
    return offsets[index]..<offsets[index + 1]
  }
}

/// Raw, immutable storage of an `ActivationTable`: written once at construction, read-only after,
/// freed with the last table that refers to it.
@usableFromInline
final class ActivationStorage: @unchecked Sendable {
  @usableFromInline let offsets: UnsafeBufferPointer<Int>
  @usableFromInline let expertIDs: UnsafeBufferPointer<UInt16>
  @usableFromInline let tokenCounts: UnsafeBufferPointer<Int32>
  @usableFromInline let activationTotals: UnsafeBufferPointer<Int>
  @usableFromInline let uniformCounts: UnsafeBufferPointer<Int32>

  init(
    offsets: [Int], expertIDs: [UInt16], tokenCounts: [Int32], totals: [Int], uniform: [Int32]
  ) {
    func copy<T>(_ array: [T]) -> UnsafeBufferPointer<T> {
      let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: max(1, array.count))
      _ = buffer.initialize(from: array)
      return UnsafeBufferPointer(rebasing: buffer[0..<array.count])
    }
    self.offsets = copy(offsets)
    self.expertIDs = copy(expertIDs)
    self.tokenCounts = copy(tokenCounts)
    activationTotals = copy(totals)
    uniformCounts = copy(uniform)
  }

  deinit {
    offsets.deallocate()
    expertIDs.deallocate()
    tokenCounts.deallocate()
    activationTotals.deallocate()
    uniformCounts.deallocate()
  }
}
