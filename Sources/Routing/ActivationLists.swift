import Basics

/// The flat lists of an `ActivationTable`, built phase by phase from the routing: each phase's
/// experts, most tokens first (ties by lower id), with their token counts and token lists, and
/// its tokens' experts token by token. The passes over every activation write raw storage sized
/// for all of them (a phase's token lists fill the same range as its activations), and the lists
/// per entry raw storage for as many entries as the phases can have at most.
struct ActivationLists {
  var offsets: [Int] = [0]
  /// Entries `0 ..< entries` of `ids`, `counts` and `starts`.
  private(set) var entries = 0
  let ids: RawStorage<UInt16>
  let counts: RawStorage<Int32>
  /// Where each entry's tokens start in `tokenIndices`.
  let starts: RawStorage<Int>
  var totals: [Int] = []
  var tokenExpertStarts: [Int] = []
  /// Per layer, the prefill's experts in the table's order.
  var ranking: [[UInt16]] = []
  let tokenExperts: RawStorage<UInt16>
  let tokenIndices: RawStorage<Int32>
  private let topK: Int
  /// Per expert, within a phase: its activations, then where its next token goes.
  private let histogram: RawStorage<Int32>
  private let next: RawStorage<Int>
  private var touched: [Int] = []

  init(routing: Routing, tokensPerStep: [Int]) {
    let layers = routing.layers
    let topK = routing.topK
    self.topK = topK
    let activations = layers * topK * tokensPerStep.reduce(0, +)
    tokenExperts = RawStorage(repeating: 0, count: activations)
    tokenIndices = RawStorage(repeating: 0, count: activations)
    histogram = RawStorage(repeating: 0, count: routing.experts)
    next = RawStorage(repeating: 0, count: routing.experts)
    let most = tokensPerStep.reduce(0) { $0 + layers * min(routing.experts, $1 * topK) }
    ids = RawStorage(repeating: 0, count: most)
    counts = RawStorage(repeating: 0, count: most)
    starts = RawStorage(repeating: 0, count: most)
    offsets.reserveCapacity(tokensPerStep.count * layers + 1)
    var written = 0
    for step in tokensPerStep.indices {
      for layer in 0..<layers {
        let first = written
        let experts = tokenExperts.pointer
        ActivationTable.forEachActivation(routing, step: step, layer: layer) { _, e in
          experts[written] = UInt16(e)
          written += 1
        }
        addPhase(first..<written, isPrefill: step == 0)
      }
    }
    precondition(written == activations, "every token has top-k experts")
    tokenExpertStarts.append(activations)
  }

  /// The first `entries` of `list`, as an array.
  func prefix<Element>(of list: RawStorage<Element>) -> [Element] {
    Array(UnsafeBufferPointer(start: list.pointer, count: entries))
  }

  /// Lists the phase whose activations, token by token, are `range` of `tokenExperts`.
  private mutating func addPhase(_ range: Range<Int>, isPrefill: Bool) {
    let experts = tokenExperts.pointer
    let histogram = self.histogram.pointer
    let next = self.next.pointer
    tokenExpertStarts.append(range.lowerBound)
    touched.removeAll(keepingCapacity: true)
    for j in range {
      let e = Int(experts[j])
      if histogram[e] == 0 { touched.append(e) }
      histogram[e] &+= 1
    }
    MostUsedFirst.sort(&touched) { histogram[$0] }
    // Each entry's token list starts where the previous entry's ends.
    var running = range.lowerBound
    let (ids, counts, starts) = (self.ids.pointer, self.counts.pointer, self.starts.pointer)
    for e in touched {
      ids[entries] = UInt16(e)
      counts[entries] = histogram[e]
      starts[entries] = running
      entries &+= 1
      next[e] = running
      running &+= Int(histogram[e])
      histogram[e] = 0
    }
    totals.append(running - range.lowerBound)
    let tokens = tokenIndices.pointer
    for j in range {
      let e = Int(experts[j])
      tokens[next[e]] = Int32((j &- range.lowerBound) / topK)
      next[e] &+= 1
    }
    if isPrefill { ranking.append(touched.map { UInt16($0) }) }
    offsets.append(entries)
  }
}
