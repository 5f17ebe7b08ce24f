import Basics

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
  /// The tokens each entry serves: `tokenIndices[tokenStarts[i] ..< tokenStarts[i] + tokenCounts[i]]`
  /// for entry `i`, as indices within the step (prefill: request * prompt + token; decode: request).
  @inlinable public var tokenStarts: UnsafeBufferPointer<Int> { storage.tokenStarts }
  @inlinable public var tokenIndices: UnsafeBufferPointer<Int32> { storage.tokenIndices }
  /// Per entry i of a (step, layer): the distinct tokens served by entries i... of that list (its
  /// suffix in table order). The activations that must go to one group of NDP units (or to the
  /// host) when the experts from i on run there.
  @inlinable public var suffixTokens: UnsafeBufferPointer<Int32> { storage.suffixTokens }
  /// Each (step, layer)'s tokens' activated experts, token-major: token t's top-k at
  /// `tokenExperts[tokenExpertStarts[step * layers + layer] + t * topK ..< + topK]`.
  @inlinable public var tokenExperts: UnsafeBufferPointer<UInt16> { storage.tokenExperts }
  @inlinable public var tokenExpertStarts: UnsafeBufferPointer<Int> { storage.tokenExpertStarts }
  /// The tokens each entry of a step with more than 64 tokens serves, as a set: a bit per token
  /// of the step, `tokenSetWords[step]` words per entry, entry i of (step, layer) at
  /// `tokenSets[tokenSetStarts[step * layers + layer] + i * tokenSetWords[step] ..< + words]` (i
  /// counted from the list's start). Steps of at most 64 tokens keep none (0 words).
  @inlinable public var tokenSets: UnsafeBufferPointer<UInt64> { storage.tokenSets }
  @inlinable public var tokenSetStarts: UnsafeBufferPointer<Int> { storage.tokenSetStarts }
  @inlinable public var tokenSetWords: UnsafeBufferPointer<Int> { storage.tokenSetWords }
  /// `tokensPerStep` in raw storage, for the placement loop.
  public var storageTokensPerStep: UnsafePointer<Int> { storage.tokensPerStep.baseAddress! }
  /// The most tokens any step processes (batch * prompt).
  public var maxTokensPerStep: Int { tokensPerStep.max() ?? 0 }
  /// Per layer, the experts of the prefill ordered by prefill activations, most first (ties by id),
  /// only those activated at least once: the ranking a dataset-free prefetcher sees.
  public let prefillRanking: [[UInt16]]
  /// Per layer, all experts ordered by the offline profile, most popular first (ties by id).
  public let profileRanking: [[UInt16]]

  public init(routing: Routing) {
    let layers = routing.layers
    let experts = routing.experts
    let steps = 1 + routing.decodeSteps
    let batch = routing.requests.count
    tokensPerStep = [batch * routing.promptTokens] + [Int](repeating: batch, count: steps - 1)
    let lists = ActivationLists(routing: routing, tokensPerStep: tokensPerStep)
    let tokenIndices = lists.tokenIndices.buffer
    let (ids, counts) = (lists.prefix(of: lists.ids), lists.prefix(of: lists.counts))
    let starts = lists.prefix(of: lists.starts) + [tokenIndices.count]
    let suffixTokens = Self.suffixTokens(
      offsets: lists.offsets, counts: counts, starts: starts, tokens: tokenIndices,
      maxTokens: routing.requests.count * max(1, routing.promptTokens))
    self.steps = steps
    self.layers = layers
    self.experts = experts
    self.topK = routing.topK
    let sets = TokenSets(
      offsets: lists.offsets, counts: counts, starts: starts, tokens: tokenIndices, layers: layers,
      tokensPerStep: tokensPerStep)
    storage = ActivationStorage(
      offsets: lists.offsets, expertIDs: ids, tokenCounts: counts, totals: lists.totals,
      tokensPerStep: tokensPerStep, suffixTokens: suffixTokens, tokenExperts: lists.tokenExperts,
      tokenExpertStarts: lists.tokenExpertStarts, tokenStarts: starts, tokenIndices: lists.tokenIndices,
      tokenSets: sets)
    prefillRanking = lists.ranking
    profileRanking = routing.profile.map { popularity in
      (0..<experts).sorted {
        popularity[$0] != popularity[$1] ? popularity[$0] > popularity[$1] : $0 < $1
      }.map { UInt16($0) }
    }
  }

  /// Distinct tokens of each suffix of each (step, layer)'s list, scanning it from the end.
  static func suffixTokens(
    offsets: [Int], counts: [Int32], starts: [Int], tokens: UnsafeBufferPointer<Int32>, maxTokens: Int
  ) -> [Int32] {
    var result = [Int32](repeating: 0, count: counts.count)
    let marks = RawStorage<Int32>(repeating: -1, count: maxTokens)
    let seen = marks.pointer
    for phase in 0..<(offsets.count - 1) {
      var distinct: Int32 = 0
      for entry in (offsets[phase]..<offsets[phase + 1]).reversed() {
        for j in starts[entry]..<(starts[entry] + Int(counts[entry]))
        where seen[Int(tokens[j])] != Int32(phase) {
          seen[Int(tokens[j])] = Int32(phase)
          distinct += 1
        }
        result[entry] = distinct
      }
    }
    return result
  }

  /// Calls `body(token, expert)` for every activated (token, expert) pair of a step and layer,
  /// tokens numbered within the step.
  @inline(__always)
  static func forEachActivation(
    _ routing: Routing, step: Int, layer: Int, _ body: (Int, Int) -> Void
  ) {
    var token = 0
    for request in routing.requests {
      let block = step == 0 ? request.prefill : request.decode
      let tokenRange = step == 0 ? 0..<block.tokens : (step - 1)..<step
      for t in tokenRange {
        let base = block.base(token: t, layer: layer)
        for slot in 0..<block.topK { body(token, Int(block.experts[base + slot])) }
        token += 1
      }
    }
  }

  @inlinable public func range(step: Int, layer: Int) -> Range<Int> {
    let index = step * layers + layer
    return offsets[index]..<offsets[index + 1]
  }
}

extension ActivationTable {
  /// About how much memory the table holds (its flat lists).
  public var approximateBytes: Int {
    let s = storage
    return 8 * (s.offsets.count + s.activationTotals.count + s.tokenStarts.count + s.tokensPerStep.count)
      + 8 * s.tokenExpertStarts.count + 2 * (s.expertIDs.count + s.tokenExperts.count)
      + 4 * (s.tokenCounts.count + s.tokenIndices.count + s.suffixTokens.count)
      + 8 * (s.tokenSets.count + s.tokenSetStarts.count + s.tokenSetWords.count)
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
  @usableFromInline let tokenStarts: UnsafeBufferPointer<Int>
  @usableFromInline let tokenIndices: UnsafeBufferPointer<Int32>
  @usableFromInline let tokensPerStep: UnsafeBufferPointer<Int>
  @usableFromInline let suffixTokens: UnsafeBufferPointer<Int32>
  @usableFromInline let tokenExperts: UnsafeBufferPointer<UInt16>
  @usableFromInline let tokenExpertStarts: UnsafeBufferPointer<Int>
  @usableFromInline let tokenSets: UnsafeBufferPointer<UInt64>
  @usableFromInline let tokenSetStarts: UnsafeBufferPointer<Int>
  @usableFromInline let tokenSetWords: UnsafeBufferPointer<Int>
  /// The owners of the memory above.
  private var owners: [AnyObject] = []

  init(
    offsets: [Int], expertIDs: [UInt16], tokenCounts: [Int32], totals: [Int], tokensPerStep: [Int],
    suffixTokens: [Int32], tokenExperts: RawStorage<UInt16>, tokenExpertStarts: [Int],
    tokenStarts: [Int], tokenIndices: RawStorage<Int32>, tokenSets: TokenSets
  ) {
    var owners: [AnyObject] = []
    func copy<T: BitwiseCopyable>(_ array: [T]) -> UnsafeBufferPointer<T> {
      let storage = RawStorage(copying: array)
      owners.append(storage)
      return storage.buffer
    }
    self.offsets = copy(offsets)
    self.expertIDs = copy(expertIDs)
    self.tokenCounts = copy(tokenCounts)
    activationTotals = copy(totals)
    self.tokenStarts = copy(tokenStarts)
    self.tokenIndices = tokenIndices.buffer
    owners.append(tokenIndices)
    self.tokensPerStep = copy(tokensPerStep)
    self.suffixTokens = copy(suffixTokens)
    self.tokenExperts = tokenExperts.buffer
    owners.append(tokenExperts)
    self.tokenExpertStarts = copy(tokenExpertStarts)
    self.tokenSets = copy(tokenSets.bits)
    tokenSetStarts = copy(tokenSets.starts)
    tokenSetWords = copy(tokenSets.wordsPerStep)
    self.owners = owners
  }
}
