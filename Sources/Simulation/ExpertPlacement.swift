import Basics
import NDPModel
import Routing

/// Places one layer's activated experts over the GPU and the far side (NDP units or host CPU)
/// and schedules the phase on the shared resources.
///
/// Order: GPU-resident experts first, then the rest; within each, most tokens first, ties by lower
/// id (the table's order). The GPU takes the first k experts, the far side the others. For a given
/// k, with the phase starting at t0:
/// - GPU: shared experts from t0, then residents once they are in GPU memory, then each fetched
///   expert once its weights arrive; fetches go one after another on the link toward the GPU from
///   when it is free: the GPU computes one expert while the next is in flight;
/// - far side: the activations of the tokens it serves go out in one transfer (one vector per
///   token and group) when the link from the GPU is free; each group computes its experts in turn;
///   partial sums are reduced on the unit links if that is cheaper (`FarSide`), then come back in
///   one transfer after the link toward the GPU has finished this phase's fetches (a streamed far
///   side's groups overlap their experts and return finished vectors: `StreamedGroup`);
/// - the GPU adds the returned vectors once they are back and its own experts are done.
/// Every time is a max or sum of terms monotone in every bandwidth, so the phase end is too, and so
/// is its minimum over k (the `.balanced` split, searched with an exact cut-off); k = 0 is
/// computed exactly as `.allFar` is.
///
/// - Complexity: O(K + A) per phase for K activated experts serving A token-expert activations
///   on the far side, plus O(K) candidates; no allocation.
///
/// A plain struct of raw pointers into scratch memory (`RawStorage`, kept alive by `owners`) and
/// the table (no reference counting in the innermost loop of every sweep); `ExpertPlacementOwner`
/// holds it in place.
public struct ExpertPlacement {
  public let far: FarSide
  let cost: CostModel
  private let capacity: Int
  private let layers: Int
  // The table's arrays, read through raw pointers (the table keeps them alive): this is the
  // innermost loop of every sweep, and going through the table's storage each time retains it.
  private let offsets: UnsafePointer<Int>
  private let tableIDs: UnsafePointer<UInt16>
  private let tableCounts: UnsafePointer<Int32>
  private let totals: UnsafePointer<Int>
  private let tokenStarts: UnsafePointer<Int>
  private let tokenIndices: UnsafePointer<Int32>
  private let tokenSets: UnsafePointer<UInt64>
  private let tokenSetStarts: UnsafePointer<Int>
  private let tokenSetWords: UnsafePointer<Int>
  private let stepTokens: UnsafePointer<Int>
  private let tableSuffixTokens: UnsafePointer<Int32>
  private let tokenExperts: UnsafePointer<UInt16>
  private let tokenExpertStarts: UnsafePointer<Int>
  private let topK: Int
  private let rates: PhaseRates
  // The placement order of the current phase: the table's own lists when nothing is resident,
  // else the scratch copies below (residents first).
  private(set) var ids: UnsafePointer<UInt16>
  private(set) var counts: UnsafePointer<Int32>
  /// Where each position's token list starts in the table's `tokenIndices`.
  private var entries: UnsafePointer<Int>
  /// The phase's first table entry (the table's own suffix counts apply when `ids` is its list).
  private var phaseStart = 0
  /// The phase's token sets (`ActivationTable.tokenSets`) and words per set (a step of more than
  /// 64 tokens).
  private var phaseSets: UnsafePointer<UInt64>
  private var phaseWords = 0
  /// Per expert of a step with token sets, its entry counted from the phase's first.
  private let setEntries: UnsafeMutablePointer<Int>
  private let scratchIDs: UnsafeMutablePointer<UInt16>
  private let scratchCounts: UnsafeMutablePointer<Int32>
  private let scratchEntries: UnsafeMutablePointer<Int>
  /// With the first i positions on the GPU (`prefix[i]`) or positions i... on the far side
  /// (`suffix[i]`): what each candidate needs.
  let prefix: UnsafeMutablePointer<GPUPrefix>
  private let suffix: UnsafeMutablePointer<FarSuffix>
  /// Position i's group load once it and every later position of its group are counted (its
  /// finish after the far side starts, groups running their experts from the last position);
  /// kept only for phases whose timeline is asked for.
  let farFinish: UnsafeMutablePointer<Double>
  private let groupLoad: UnsafeMutablePointer<Double>
  /// Per group, a streamed far side's sums (`backwardStreamed`).
  private let streamed: UnsafeMutablePointer<StreamedGroup>
  let groupOf: UnsafeMutablePointer<Int32>
  /// The recorded phase's far-side weight shares (`PhaseRequest.farWeightShares`), for `describe`.
  private(set) var lastWeightShares: UnsafePointer<Double>?
  /// Per group, the tokens whose vectors a suffix already sends (`phaseWords` words each), for
  /// counting distinct (token, group) vectors of a step of more than 64 tokens.
  private let seen: UnsafeMutablePointer<UInt64>
  /// Per (token, group) of a step of at most 64 tokens, its seen-mark; a fresh mark per phase.
  private let marks: UnsafeMutablePointer<UInt32>
  private let markCount: Int
  private var mark: UInt32 = 0
  /// The owners of the scratch memory above.
  private let owners: [AnyObject]
  /// The last phase's split, residents and experts; its whole schedule and what its candidates
  /// shared only when it was recorded (`describe`).
  private(set) var lastSplit = LastSplit()
  private(set) var last = PhaseTimes()
  private(set) var lastBase = PhaseBase()

  /// Scratch memory for placing the phases of `table`, which must outlive it.
  init(table: ActivationTable, far: FarSide, cost: CostModel) {
    self.far = far
    self.cost = cost
    rates = PhaseRates(cost: cost, far: far)
    capacity = table.experts + 1
    layers = table.layers
    offsets = table.offsets.baseAddress!
    tableIDs = table.expertIDs.baseAddress!
    tableCounts = table.tokenCounts.baseAddress!
    totals = table.activationTotals.baseAddress!
    tokenStarts = table.tokenStarts.baseAddress!
    tokenIndices = table.tokenIndices.baseAddress!
    tokenSets = table.tokenSets.baseAddress!
    tokenSetStarts = table.tokenSetStarts.baseAddress!
    tokenSetWords = table.tokenSetWords.baseAddress!
    phaseSets = tokenSets
    stepTokens = table.storageTokensPerStep
    tableSuffixTokens = table.suffixTokens.baseAddress!
    tokenExperts = table.tokenExperts.baseAddress!
    tokenExpertStarts = table.tokenExpertStarts.baseAddress!
    topK = table.topK
    let scratchIDs = RawStorage<UInt16>(repeating: 0, count: capacity)
    let scratchCounts = RawStorage<Int32>(repeating: 0, count: capacity)
    let scratchEntries = RawStorage(repeating: 0, count: capacity)
    let prefix = RawStorage(
      repeating: GPUPrefix(endSeconds: 0, computeSeconds: 0, tokens: 0), count: capacity)
    let suffix = RawStorage(
      repeating: FarSuffix(busiestSeconds: 0, totalSeconds: 0, vectors: 0), count: capacity)
    let farFinish = RawStorage(repeating: 0.0, count: capacity)
    let groupLoad = RawStorage(repeating: 0.0, count: far.groups)
    let streamed = RawStorage(repeating: StreamedGroup(), count: far.streaming == nil ? 1 : far.groups)
    let groupOf = RawStorage(copying: (0..<table.experts).map { Int32($0 % far.groups) })
    markCount = min(64, max(1, table.maxTokensPerStep)) * far.groups
    let marks = RawStorage<UInt32>(repeating: 0, count: markCount)
    let seen = RawStorage<UInt64>(
      repeating: 0, count: far.groups * max(1, table.tokenSetWords.max() ?? 0))
    let setEntries = RawStorage(repeating: 0, count: table.experts)
    owners = [
      scratchIDs, scratchCounts, scratchEntries, prefix, suffix, farFinish, groupLoad, groupOf, marks,
      streamed, seen, setEntries,
    ]
    (self.seen, self.setEntries) = (seen.pointer, setEntries.pointer)
    self.streamed = streamed.pointer
    (self.scratchIDs, self.scratchCounts, self.scratchEntries) =
      (scratchIDs.pointer, scratchCounts.pointer, scratchEntries.pointer)
    ids = UnsafePointer(scratchIDs.pointer)
    counts = UnsafePointer(scratchCounts.pointer)
    entries = UnsafePointer(scratchEntries.pointer)
    (self.prefix, self.suffix, self.farFinish) = (prefix.pointer, suffix.pointer, farFinish.pointer)
    (self.groupLoad, self.groupOf, self.marks) = (groupLoad.pointer, groupOf.pointer, marks.pointer)
  }

  /// The experts the last phase placed on the far side.
  public var lastFarExperts: UnsafeBufferPointer<UInt16> {
    UnsafeBufferPointer(start: ids + lastSplit.k, count: lastSplit.count - lastSplit.k)
  }

  /// Activations of the last phase whose expert was resident.
  public var lastResidentActivations: Int { lastSplit.residentActivations }

  /// The experts the last phase fetched to the GPU.
  public var lastGPUFetches: UnsafeBufferPointer<UInt16> {
    UnsafeBufferPointer(start: ids + lastSplit.residents, count: max(0, lastSplit.k - lastSplit.residents))
  }

  /// Places and schedules one phase, books its transfers on `links` and adds its part to
  /// `totals`; returns when it ends. With `recording`, keeps what `describe` needs to draw it.
  /// Once the split is chosen (the `last...` properties name its experts) and before anything is
  /// booked, `atStart` lets the policy act at the phase's start on what it chose (a fetch for
  /// compute makes a copy under way moot).
  @inline(__always)
  mutating func place(
    _ request: PhaseRequest, links: inout LinkTimeline, totals: inout RunTotals, recording: Bool = false,
    atStart: (inout LinkTimeline) -> Void
  ) -> Double {
    let index = request.step &* layers &+ request.layer
    var base = arrange(index: index, residency: request.residency)
    base.phase = index
    base.residency = request.split == .allFar ? nil : request.residency
    base.startSeconds = request.startSeconds
    base.readySeconds = request.residentReadySeconds
    base.sharedSeconds = request.sharedSeconds
    base.fetchStart = max(request.startSeconds, links.toGPU.freeSeconds)
    base.linkToGPUFree = links.toGPU.freeSeconds
    base.dispatchStart = max(request.startSeconds, links.fromGPU.freeSeconds)
    base.singleToken = stepTokens[request.step] == 1
    let (low, high) = bounds(request.split, base)
    base.searching = low != high
    let rates = self.rates
    assert(request.streamsExperts == (far.streaming != nil), "a streaming policy has a streamed far side")
    backward(
      base, downTo: low, recording: recording, shares: request.farWeightShares,
      streams: request.streamsExperts,
      rates)
    let best =
      request.split == .shrinkingGPU
      ? shrink(base, rates) : base.searching ? search(base, through: high, rates) : fixed(base, low, rates)
    let chosen = times(best, base, rates)
    lastSplit = LastSplit(
      k: best, residents: base.residents, count: base.count, residentActivations: base.residentActivations)
    if recording {
      last = chosen
      lastBase = base
      lastWeightShares = request.farWeightShares
    }
    atStart(&links)
    var unitLinkWait: Double?
    if request.streamsExperts, let streaming = far.streaming {
      // The suffix pass left each group's sums for its whole range, which a streamed split takes.
      precondition(best == low, "a streamed far side takes every position the suffix pass counted")
      let use = streamedUse(from: best, count: base.count, streaming)
      totals.usage.unitLinkBytes += use.bytes
      totals.usage.unitLinkBusySeconds += use.busySeconds
      unitLinkWait = use.waitSeconds
    }
    commit(chosen, base, step: request.step, unitLinkWait: unitLinkWait, links: &links, totals: &totals)
    if let shares = request.farWeightShares {
      totals.experts.ndpWeightsSkipped += Self.skippedWeights(ids, from: best, to: base.count, shares: shares)
    }
    return chosen.endSeconds
  }

  /// The phase in the table's own order (nothing resident).
  @inline(__always)
  private mutating func tableOrder(_ arranged: PhaseBase, start: Int) -> PhaseBase {
    var base = arranged
    ids = tableIDs + start
    counts = tableCounts + start
    entries = tokenStarts + start
    base.tableOrder = true
    return base
  }

  /// The phase's placement order, residents first; the table's own lists when none is resident.
  @inline(__always)
  private mutating func arrange(index: Int, residency: UnsafePointer<Bool>?) -> PhaseBase {
    let start = offsets[index]
    let count = offsets[index &+ 1] &- start
    var base = PhaseBase()
    base.count = count
    base.activations = totals[index]
    phaseStart = start
    guard let residency else { return tableOrder(base, start: start) }
    // Branch-free: residency is data-dependent and mispredicts as a branch.
    var residents = 0
    for i in 0..<count {
      residents &+= Int(unsafeBitCast(residency[Int(tableIDs[start &+ i])], to: UInt8.self))
    }
    // No resident: the order is the table's own, whose suffix token counts are known.
    if residents == 0 { return tableOrder(base, start: start) }
    // Residents fill from the front in table order, the rest from after them in table order.
    var front = 0
    var back = residents
    for i in 0..<count {
      let e = tableIDs[start &+ i]
      let n = tableCounts[start &+ i]
      let resident = Int(unsafeBitCast(residency[Int(e)], to: UInt8.self))
      let slot = resident != 0 ? front : back
      scratchIDs[slot] = e
      scratchCounts[slot] = n
      scratchEntries[slot] = tokenStarts[start &+ i]
      front &+= resident
      back &+= 1 &- resident
      base.residentActivations &+= resident &* Int(n)
    }
    ids = UnsafePointer(scratchIDs)
    counts = UnsafePointer(scratchCounts)
    entries = UnsafePointer(scratchEntries)
    base.residents = front
    return base
  }

  @inline(__always) private func bounds(_ split: PlacementSplit, _ base: PhaseBase) -> (Int, Int) {
    switch split {
    case .allFar: return (0, 0)
    case .residentsOnGPU: return (base.residents, base.residents)
    case .allGPU: return (base.count, base.count)
    case .balanced, .shrinkingGPU: return (0, base.count)
    }
  }

  /// A fixed split: the GPU's schedule for its prefix.
  @inline(__always)
  private func fixed(_ base: PhaseBase, _ k: Int, _ rates: PhaseRates) -> Int {
    var p = startPrefix(base)
    for i in 0..<k { p = extend(p, i, base, rates) }
    return k
  }

  /// The searched split: the k whose phase ends first (the lowest on ties), with the GPU's
  /// schedule extended one position at a time. The GPU's finish never decreases with k and every
  /// candidate ends no earlier than it, so once it alone reaches the best end no larger k can win.
  @inline(__always)
  private func search(_ base: PhaseBase, through high: Int, _ rates: PhaseRates) -> Int {
    var p = startPrefix(base)
    var best = 0
    var bestEnd = Double.infinity
    var k = 0
    while true {
      let end = times(k, base, rates).endSeconds
      if end < bestEnd {
        bestEnd = end
        best = k
      }
      guard k < high else { break }
      p = extend(p, k, base, rates)
      k &+= 1
      if p.endSeconds >= bestEnd { break }
    }
    return best
  }

  /// The shrinking split (Duplex): from every position on the GPU, the last one moves to the far
  /// side while that lowers the phase's estimate, the larger of the two sides' sums of per-expert
  /// times as a lookup table gives them: on the GPU, each expert's compute or its fetch over the
  /// link, whichever is longer (a resident's compute alone); on the far side, its busiest group.
  /// The estimate leaves out what the schedule adds (the first fetch before any compute,
  /// activations out, partial sums back, the reduction); the chosen split is then scheduled
  /// exactly.
  @inline(__always)
  private func shrink(_ base: PhaseBase, _ rates: PhaseRates) -> Int {
    var gpuSeconds = base.sharedSeconds
    for i in 0..<base.count {
      let compute = rates.gpuSeconds(counts[i])
      gpuSeconds += i < base.residents ? compute : max(compute, rates.fetchSeconds)
    }
    var k = base.count
    var estimate = gpuSeconds
    while k > 0 {
      let i = k &- 1
      let compute = rates.gpuSeconds(counts[i])
      let fewer = gpuSeconds - (i < base.residents ? compute : max(compute, rates.fetchSeconds))
      let shrunk = max(fewer, suffix[i].busiestSeconds)
      guard shrunk < estimate else { break }
      (gpuSeconds, estimate, k) = (fewer, shrunk, i)
    }
    _ = fixed(base, k, rates)
    return k
  }

  /// The GPU before any routed expert: the shared experts from the start.
  @inline(__always) private func startPrefix(_ base: PhaseBase) -> GPUPrefix {
    let p = GPUPrefix(
      endSeconds: base.startSeconds + base.sharedSeconds, computeSeconds: base.sharedSeconds, tokens: 0)
    prefix[0] = p
    return p
  }

  /// The GPU after position `i` too: its weights arrive (residents when in GPU memory, the others
  /// one after another on the link), then the GPU computes it once both are ready.
  @inline(__always)
  private func extend(_ previous: GPUPrefix, _ i: Int, _ base: PhaseBase, _ rates: PhaseRates) -> GPUPrefix {
    var p = previous
    let seconds = rates.gpuSeconds(counts[i])
    let ready =
      i < base.residents
      ? base.readySeconds : base.fetchStart + Double(i &- base.residents &+ 1) * rates.fetchSeconds
    p.endSeconds = max(p.endSeconds, ready) + seconds
    p.computeSeconds += seconds
    p.tokens &+= Int(counts[i])
    prefix[i &+ 1] = p
    return p
  }

  /// The far side's load for every suffix from `low`: the busiest group, the total, and the
  /// distinct (token, group) vectors that must go out.
  @inline(__always)
  private mutating func backward(
    _ base: PhaseBase, downTo low: Int, recording: Bool, shares: UnsafePointer<Double>?, streams: Bool,
    _ rates: PhaseRates
  ) {
    // Only a search over k reads every position's record; a fixed split reads the last one.
    suffix[base.count] = FarSuffix(busiestSeconds: 0, totalSeconds: 0, vectors: 0)
    guard low < base.count else { return }
    if far.groups > 1 {
      for g in 0..<far.groups { groupLoad[g] = 0 }
    }
    // The same loop, specialised by the compiler for the common cases so that its body carries
    // no tests of them: one token (decode at batch 1), the table's own order with one group (the
    // table counts each suffix's tokens once per workload), else per group a mark per token for a
    // step of at most 64 tokens (a few per expert) or the table's token sets for a larger one (a
    // word per 64 tokens rather than a mark per activation).
    let oneGroup = far.groups == 1
    let vectors: VectorCount =
      base.singleToken
      ? .singleToken
      : oneGroup && base.tableOrder
        ? .tableSuffix
        : !base.searching && !recording && far.groups <= 64
          ? .tokenMasks : tokenSetWords[base.phase / layers] > 0 ? .tokenSets : .marks
    switch vectors {
    case .singleToken: if !oneGroup { nextMark() }
    case .marks: if !oneGroup { nextMark() }
    case .tokenSets: startTokenSets(base)
    case .tableSuffix, .tokenMasks: break
    }
    if shares != nil || streams {
      backwardUncommon(base, low, oneGroup: oneGroup, vectors: vectors, recording: recording, shares, rates)
      return
    }
    switch (oneGroup, vectors, recording) {
    case (true, .singleToken, false):
      backwardLoop(base, low, oneGroup: true, vectors: .singleToken, recording: false, shares: nil, rates)
    case (true, .tableSuffix, false):
      backwardLoop(base, low, oneGroup: true, vectors: .tableSuffix, recording: false, shares: nil, rates)
    case (true, .marks, false):
      backwardLoop(base, low, oneGroup: true, vectors: .marks, recording: false, shares: nil, rates)
    case (true, .tokenSets, false):
      backwardLoop(base, low, oneGroup: true, vectors: .tokenSets, recording: false, shares: nil, rates)
    case (false, .singleToken, false):
      backwardLoop(base, low, oneGroup: false, vectors: .singleToken, recording: false, shares: nil, rates)
    case (false, .marks, false):
      backwardLoop(base, low, oneGroup: false, vectors: .marks, recording: false, shares: nil, rates)
    case (false, .tokenSets, false):
      backwardLoop(base, low, oneGroup: false, vectors: .tokenSets, recording: false, shares: nil, rates)
    case (false, .tokenMasks, false):
      backwardLoop(base, low, oneGroup: false, vectors: .tokenMasks, recording: false, shares: nil, rates)
    default:
      backwardLoop(base, low, oneGroup: oneGroup, vectors: vectors, recording: recording, shares: nil, rates)
    }
  }

  /// The same with scaled far weights (`ctx-place`'s reduced precision) or a streamed far side
  /// (`tp-stream`): kept out of line so the common paths stay as they are.
  @inline(never)
  private mutating func backwardUncommon(
    _ base: PhaseBase, _ low: Int, oneGroup: Bool, vectors: VectorCount, recording: Bool,
    _ shares: UnsafePointer<Double>?, _ rates: PhaseRates
  ) {
    if let streaming = far.streaming {
      backwardStreamed(
        base, low, oneGroup: oneGroup, vectors: vectors, recording: recording, streaming, rates)
    } else {
      backwardLoop(
        base, low, oneGroup: oneGroup, vectors: vectors, recording: recording, shares: shares, rates)
    }
  }

  @inline(__always)
  private mutating func backwardLoop(
    _ base: PhaseBase, _ low: Int, oneGroup: Bool, vectors: VectorCount, recording: Bool,
    shares: UnsafePointer<Double>?, _ rates: PhaseRates
  ) {
    let searching = base.searching
    let counts = self.counts
    let ids = self.ids
    let suffix = self.suffix
    let groupLoad = self.groupLoad
    let groupOf = self.groupOf
    var s = FarSuffix(busiestSeconds: 0, totalSeconds: 0, vectors: 0)
    var distinct = 0
    var sentTokens: UInt64 = 0
    var i = base.count &- 1
    while i >= low {
      let seconds = rates.farSeconds(counts[i], weightShare: shares.map { $0[Int(ids[i])] } ?? 1)
      let group = oneGroup ? 0 : Int(groupOf[Int(ids[i])])
      // One group's load is the total: kept in a register rather than round-tripping memory.
      let load: Double
      if oneGroup {
        load = s.totalSeconds + seconds
      } else {
        load = groupLoad[group] + seconds
        groupLoad[group] = load
      }
      if recording { farFinish[i] = load }
      // One group's load is the total so far, never below an earlier one (no time is negative).
      s.busiestSeconds = oneGroup ? load : max(s.busiestSeconds, load)
      s.totalSeconds += seconds
      count(vectors, at: i, group: group, oneGroup: oneGroup, into: &distinct, sent: &sentTokens)
      if searching || recording {
        s.vectors = Double(distinct)
        suffix[i] = s
      }
      i &-= 1
    }
    s.vectors = Double(vectors == .tokenMasks ? farTokenGroups(base) : distinct)
    suffix[low] = s
  }

  /// Adds the (token, group) vectors position `i` brings to the suffix's `distinct` (the table's
  /// count itself where it applies). With one group and at most 64 tokens, the tokens already
  /// sent are the bits of `sent`, kept in a register rather than marks in memory.
  @inline(__always)
  private func count(
    _ vectors: VectorCount, at i: Int, group: Int, oneGroup: Bool, into distinct: inout Int,
    sent: inout UInt64
  ) {
    switch vectors {
    // One token and one group: one vector, whichever positions the suffix holds.
    case .singleToken: distinct = oneGroup ? 1 : distinct &+ see(group)
    case .tableSuffix: distinct = Int(tableSuffixTokens[phaseStart &+ i])
    case .tokenMasks: break
    case .marks:
      let tokens = tokenIndices + entries[i]
      let groups = far.groups
      for j in 0..<Int(counts[i]) {
        if oneGroup {
          let token = UInt64(truncatingIfNeeded: tokens[j])
          distinct &+= Int(truncatingIfNeeded: ((sent &>> token) & 1) ^ 1)
          sent |= 1 &<< token
        } else {
          distinct &+= see(Int(tokens[j]) &* groups &+ group)
        }
      }
    case .tokenSets: distinct &+= unseenTokens(at: i, group: oneGroup ? 0 : group)
    }
  }

  /// The tokens of position `i` that `group` does not send yet, now marked sent. Out of line: the
  /// suffix loops of the other ways of counting keep their registers.
  @inline(never)
  private func unseenTokens(at i: Int, group: Int) -> Int {
    let words = phaseWords
    let set = phaseSets + setEntries[Int(ids[i])] &* words
    let seen = self.seen + group &* words
    var unseen = 0
    for w in 0..<words {
      let tokens = set[w]
      unseen &+= (tokens & ~seen[w]).nonzeroBitCount
      seen[w] |= tokens
    }
    return unseen
  }

  /// The phase's token sets, each expert's found, and no token seen yet in any group.
  @inline(__always) private mutating func startTokenSets(_ base: PhaseBase) {
    phaseWords = tokenSetWords[base.phase / layers]
    phaseSets = tokenSets + tokenSetStarts[base.phase]
    for i in 0..<base.count { setEntries[Int(tableIDs[phaseStart &+ i])] = i }
    seen.update(repeating: 0, count: far.groups &* phaseWords)
  }

  /// The far side's load for every suffix from `low` when experts are streamed across each
  /// group's units (`StreamedGroup`).
  @inline(__always)
  private mutating func backwardStreamed(
    _ base: PhaseBase, _ low: Int, oneGroup: Bool, vectors: VectorCount, recording: Bool,
    _ streaming: FarSide.Streaming, _ rates: PhaseRates
  ) {
    if !oneGroup { streamed.update(repeating: StreamedGroup(), count: far.groups) }
    // One group's sums stay in registers.
    var single = StreamedGroup()
    var s = FarSuffix(busiestSeconds: 0, totalSeconds: 0, vectors: 0)
    var distinct = 0
    var sentTokens: UInt64 = 0
    var i = base.count &- 1
    while i >= low {
      let group = oneGroup ? 0 : Int(groupOf[Int(ids[i])])
      let load: Double
      if oneGroup {
        single.add(tokens: counts[i], streaming, rates)
        load = single.seconds
        s.totalSeconds = load
      } else {
        let before = streamed[group].seconds
        streamed[group].add(tokens: counts[i], streaming, rates)
        load = streamed[group].seconds
        s.totalSeconds += load - before
      }
      if recording { farFinish[i] = load }
      s.busiestSeconds = max(s.busiestSeconds, load)
      count(vectors, at: i, group: group, oneGroup: oneGroup, into: &distinct, sent: &sentTokens)
      if base.searching || recording {
        s.vectors = Double(distinct)
        suffix[i] = s
      }
      i &-= 1
    }
    s.vectors = Double(vectors == .tokenMasks ? farTokenGroups(base) : distinct)
    suffix[low] = s
    if oneGroup { streamed[0] = single }
  }

  /// The distinct (token, group) pairs of a fixed split's far experts, token by token: per token a
  /// bit per group it needs (at most 64 groups), counted.
  @inline(__always)
  private func farTokenGroups(_ base: PhaseBase) -> Int {
    var pairs = 0
    var j = tokenExpertStarts[base.phase]
    let end = tokenExpertStarts[base.phase &+ 1]
    while j < end {
      var groups: UInt64 = 0
      for slot in 0..<topK {
        let e = Int(tokenExperts[j &+ slot])
        let isFar = base.residency.map { 1 &- UInt64(unsafeBitCast($0[e], to: UInt8.self)) } ?? 1
        groups |= isFar &<< UInt64(groupOf[e])
      }
      pairs &+= groups.nonzeroBitCount
      j &+= topK
    }
    return pairs
  }

  /// 1 the first time this phase sees (token, group) `slot`, else 0. Branch-free: whether a
  /// pair was seen is data-dependent and mispredicts as a branch.
  @inline(__always) private func see(_ slot: Int) -> Int {
    let fresh = marks[slot] != mark
    marks[slot] = mark
    return fresh ? 1 : 0
  }

  @inline(__always) private mutating func nextMark() {
    if mark == UInt32.max {
      marks.update(repeating: 0, count: markCount)
      mark = 0
    }
    mark &+= 1
  }

  /// The phase's schedule when the GPU takes the first `k` positions.
  @inline(__always)
  func times(_ k: Int, _ base: PhaseBase, _ rates: PhaseRates) -> PhaseTimes {
    var t = PhaseTimes()
    t.k = k
    t.gpuDone = prefix[k].endSeconds
    t.fetchEnd =
      k > base.residents
      ? base.fetchStart + Double(k &- base.residents) * rates.fetchSeconds : base.linkToGPUFree
    guard k < base.count else {
      t.endSeconds = t.gpuDone
      return t
    }
    let far = suffix[k]
    let v = far.vectors
    t.vectors = v
    t.dispatchEnd = base.dispatchStart + rates.linkLatencySeconds + v * rates.dispatchSecondsPerVector
    t.farDone = t.dispatchEnd + far.busiestSeconds
    t.reduced = t.farDone + v * rates.unitLinkSecondsPerVector
    t.returnStart = max(t.reduced, t.fetchEnd)
    t.returnBytes = v * rates.returnBytesPerVector
    t.returnEnd = t.returnStart + rates.linkLatencySeconds + v * rates.returnSecondsPerVector
    t.reduceSeconds = v * rates.reduceSecondsPerVector
    t.endSeconds = max(t.gpuDone, t.returnEnd) + t.reduceSeconds
    return t
  }

  /// Books the chosen schedule on the link and adds the phase to the run's totals.
  @inline(__always)
  private func commit(
    _ t: PhaseTimes, _ base: PhaseBase, step: Int, unitLinkWait: Double?, links: inout LinkTimeline,
    totals: inout RunTotals
  ) {
    let k = t.k
    let fetched = max(0, k &- base.residents)
    let gpu = prefix[k]
    addCriticalPath(t, base, unitLinkWait: unitLinkWait, to: &totals.breakdown)
    totals.phase(
      seconds: t.endSeconds - base.startSeconds, gpuComputeSeconds: gpu.computeSeconds + t.reduceSeconds)
    totals.experts.onGPU &+= k
    totals.experts.fetched &+= fetched
    totals.experts.gpuTokens &+= gpu.tokens
    totals.activations(base.activations, resident: base.residentActivations, step: step)
    if fetched > 0 {
      links.toGPU.send(bytes: Double(fetched) * cost.expertWeightBytes, count: fetched, at: base.startSeconds)
    }
    guard k < base.count else { return }
    links.fromGPU.send(bytes: t.vectors * cost.vectorBytes, at: base.startSeconds)
    links.toGPU.send(bytes: t.returnBytes, at: t.reduced)
    totals.experts.returnedVectors += t.vectors * far.returnVectorsPerVector
    let farSide = suffix[k]
    let farExperts = base.count &- k
    let farTokens = base.activations &- gpu.tokens
    totals.usage.unitLinkBusySeconds += t.reduced - t.farDone
    totals.usage.unitLinkBytes += t.vectors * far.unitLinkBytesPerVector
    switch far.kind {
    case .ndp:
      totals.usage.ndpBusiestSeconds += farSide.busiestSeconds
      totals.usage.ndpMeanSeconds += farSide.totalSeconds / Double(far.groups)
      totals.experts.onNDP &+= farExperts
      totals.experts.ndpTokens &+= farTokens
    case .host:
      totals.usage.hostBusySeconds += farSide.busiestSeconds
      totals.experts.onHost &+= farExperts
      totals.experts.hostTokens &+= farTokens
    }
  }

  /// The unit links in a streamed phase whose far side takes positions `k..<count`, from the
  /// groups' sums the suffix pass left: each far expert's slices cross to the other units of its
  /// group; the links of the group with the most transfers are busy for them; and the busiest
  /// group waits on its links for as long as its transfers outlast its reads and computation.
  @inline(never)
  private func streamedUse(from k: Int, count: Int, _ streaming: FarSide.Streaming) -> StreamedUse {
    guard k < count else { return StreamedUse(bytes: 0, busySeconds: 0, waitSeconds: 0) }
    var busiest = StreamedGroup()
    var busySeconds = 0.0
    for g in 0..<far.groups {
      if streamed[g].seconds > busiest.seconds { busiest = streamed[g] }
      busySeconds = max(busySeconds, streamed[g].transferSeconds)
    }
    return StreamedUse(
      bytes: Double(count &- k) * streaming.unitLinkBytesPerExpert, busySeconds: busySeconds,
      waitSeconds: max(0, busiest.transferSeconds - max(busiest.memorySeconds, busiest.computeSeconds)))
  }

  /// Expert weights the far side did not read for positions `k..<count` (reduced precision).
  @inline(never)
  private static func skippedWeights(
    _ ids: UnsafePointer<UInt16>, from k: Int, to count: Int, shares: UnsafePointer<Double>
  ) -> Double {
    var skipped = 0.0
    for i in k..<count { skipped += 1 - shares[Int(ids[i])] }
    return skipped
  }

  /// The phase's time by the resource on its critical path (parts sum to end - start). A streamed
  /// far side's wait on its unit links (`unitLinkWait`) counts as weight fetching.
  @inline(__always)
  private func addCriticalPath(
    _ t: PhaseTimes, _ base: PhaseBase, unitLinkWait: Double?, to parts: inout Breakdown
  ) {
    let start = base.startSeconds
    parts.reduce += t.reduceSeconds
    if t.k == base.count || t.gpuDone >= t.returnEnd {
      let compute = prefix[t.k].computeSeconds
      parts.expertsGPU += compute
      parts.weightFetch += max(0, (t.gpuDone - start) - compute)
      return
    }
    parts.reduce += t.returnEnd - t.returnStart
    if t.fetchEnd > t.reduced {
      parts.weightFetch += t.returnStart - start
      return
    }
    parts.reduce += t.reduced - t.farDone
    switch far.kind {
    case .ndp:
      if let wait = unitLinkWait {
        parts.expertsNDP += (t.farDone - t.dispatchEnd) - wait
        parts.weightFetch += wait
      } else {
        parts.expertsNDP += t.farDone - t.dispatchEnd
      }
    case .host: parts.expertsHost += t.farDone - t.dispatchEnd
    }
    parts.dispatch += t.dispatchEnd - start
  }
}
