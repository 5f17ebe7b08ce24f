import Basics
import NDPModel
import Routing

/// What a smoe-family policy decides, phase by phase: which activated experts are substituted,
/// what its score-based cache holds, which misses its next-layer predictor fetches ahead. All of
/// it follows from the routing, the policy's knobs and the cache size, never from the hardware,
/// so it is computed once and then costed on the shared resources.
///
/// Per phase (step, layer), in execution order:
/// 1. each token's low-score experts that are not cached may be substituted (`SubstitutionRule`),
///    by a cached expert or another token's activated one; the routing is rewritten;
/// 2. the experts the tokens then use are split into cache hits and misses; with prediction,
///    `round(accuracy x misses)` of the misses (most tokens first) were predicted during the
///    previous phase and fetched ahead;
/// 3. the router's scores of the step (activated and recorded candidates) enter the eviction
///    history; every used expert is admitted (most tokens first), evicting the lowest mean score
///    over the window, never an expert used in this phase. Admission allocates the slot; when the
///    data arrives is a cost (`SMoEPolicy`). A used expert not admitted (the cache is full of
///    this phase's experts) has no slot: its data is released after the phase, as an evicted
///    one's is.
public final class SMoEDecisions: Decisions {
  /// Flags per table entry.
  public struct Flags: OptionSet, Sendable, BitwiseCopyable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// In the cache when the phase starts.
    public static let cached = Flags(rawValue: 1)
    /// Fetched ahead by the next-layer predictor.
    public static let predicted = Flags(rawValue: 2)
    /// In the cache after the phase.
    public static let admitted = Flags(rawValue: 4)
  }

  /// The activations after substitution.
  public let table: ActivationTable
  /// Flags of each entry of `table`.
  public let flags: RawStorage<Flags>
  /// The experts of the entries flagged `predicted`, phase by phase in table order.
  let predicted: PhaseLists<UInt16>
  /// The entries that may be resident when their phase starts (flagged `cached` or `predicted`),
  /// laid out the same way: the only ones whose data the costing must look for.
  let candidates: PhaseLists<Candidate>
  /// Per phase, whether some used expert was not admitted (the cache was full of experts the
  /// phase used): only then must the costing tell admitted experts from the others.
  let partlyAdmitted: RawStorage<Bool>
  /// Substitutions per phase (`step * layers + layer`).
  let tallies: RawStorage<SubstitutionTally>
  /// Experts whose data leaves GPU memory at the end of each phase: the used ones the cache did
  /// not admit (they have no slot), then the evicted ones.
  let released: PhaseLists<UInt16>
  /// Whether a substitution rewrote the routing (`table` is then this object's own).
  private let ownsTable: Bool

  var approximateBytes: Int {
    flags.count + predicted.approximateBytes + candidates.approximateBytes + partlyAdmitted.count
      + 24 * tallies.count + released.approximateBytes + (ownsTable ? table.approximateBytes : 0)
  }

  /// - Parameters:
  ///   - capacity: experts per layer the cache holds.
  ///   - substitutes, predicts: the variant's mechanisms.
  public init(
    workload: PreparedWorkload, options: PolicyOptions, capacity: Int, substitutes: Bool, predicts: Bool
  ) {
    var pass = DecisionPass(
      routing: workload.routing, options: options, capacity: capacity, substitutes: substitutes,
      predicts: predicts)
    pass.run()
    // Without a substitution the routing is the workload's: its table serves.
    ownsTable = pass.rewritten
    let table = pass.rewritten ? ActivationTable(routing: pass.routing) : workload.table
    self.table = table
    tallies = RawStorage(copying: pass.tallies)
    // The pass flags each phase's used experts most tokens first, ties by id: the table's own
    // order within a phase, so the flags are already laid out as its entries.
    let flags = pass.phaseFlags
    assert(flags.count == table.expertIDs.count, "one flag per table entry")
    self.flags = RawStorage(copying: flags)
    predicted = PhaseLists(table: table, where: { flags[$0].contains(.predicted) }) { table.expertIDs[$0] }
    candidates = PhaseLists(table: table, where: { !flags[$0].isDisjoint(with: [.cached, .predicted]) }) {
      let hitTokens = flags[$0].contains(.cached) ? table.tokenCounts[$0] : 0
      return Candidate(expert: table.expertIDs[$0], hitTokens: hitTokens)
    }
    partlyAdmitted = RawStorage(
      copying: (0..<(table.offsets.count - 1)).map { phase in
        (table.offsets[phase]..<table.offsets[phase + 1]).contains { !flags[$0].contains(.admitted) }
      })
    released = PhaseLists(pass.released)
  }
}

extension SMoEDecisions {
  /// An entry that may be resident when its phase starts: its expert, and its tokens if it is a
  /// cache hit (0 for a prediction), read together by the costing.
  struct Candidate: BitwiseCopyable {
    let expert: UInt16
    let hitTokens: Int32
  }

  /// What the step loop reads of the decisions, as raw pointers: valid while the decisions live
  /// (the holder keeps them). Going through the object and its storage objects on every read
  /// reloads each pointer behind every write the loop makes.
  struct View {
    let offsets: UnsafePointer<Int>
    let expertIDs: UnsafePointer<UInt16>
    let tokenCounts: UnsafePointer<Int32>
    let flags: UnsafePointer<Flags>
    let predicted: PhaseListView<UInt16>
    let candidates: PhaseListView<Candidate>
    let partlyAdmitted: UnsafePointer<Bool>
    let released: PhaseListView<UInt16>
    let tallies: UnsafePointer<SubstitutionTally>
  }

  var view: View {
    View(
      offsets: table.offsets.baseAddress!, expertIDs: table.expertIDs.baseAddress!,
      tokenCounts: table.tokenCounts.baseAddress!, flags: flags.pointer,
      predicted: predicted.view, candidates: candidates.view, partlyAdmitted: partlyAdmitted.pointer,
      released: released.view, tallies: tallies.pointer)
  }
}

/// The sequential pass behind `SMoEDecisions`, with its scratch state. Per phase its own
/// bookkeeping touches only the experts the phase's tokens name (the score cache's history update
/// is one pass over the layer's experts); nothing is allocated.
private struct DecisionPass {
  var routing: Routing
  let options: PolicyOptions
  let substitutes: Bool
  let predicts: Bool
  let cache: ScoreCache
  /// Whether a substitution changed the routing.
  private(set) var rewritten = false
  var tallies: [SubstitutionTally] = []
  /// Per phase, the flags of its used experts in the table's order (most tokens first).
  var phaseFlags: [SMoEDecisions.Flags] = []
  var released = PhaseListBuilder<UInt16>()
  /// The phase's evicted experts, released after the unadmitted ones.
  private var victims: [UInt16] = []
  /// Per expert, within a phase: activated by some token, tokens using it, summed router score;
  /// `touched` lists the experts whose entries are set.
  private var activated: [Bool]
  private var used: [Int32]
  private var scores: [Double]
  private var touched: [Int] = []
  private var isTouched: [Bool]
  private var order: [Int] = []

  init(routing: Routing, options: PolicyOptions, capacity: Int, substitutes: Bool, predicts: Bool) {
    self.routing = routing
    self.options = options
    self.substitutes = substitutes && options.substitutionAlpha > 0
    self.predicts = predicts
    cache = ScoreCache(
      layers: routing.layers, experts: routing.experts, capacity: capacity,
      window: options.evictionWindowSteps)
    activated = [Bool](repeating: false, count: routing.experts)
    used = [Int32](repeating: 0, count: routing.experts)
    scores = [Double](repeating: 0, count: routing.experts)
    isTouched = [Bool](repeating: false, count: routing.experts)
  }

  /// Lists `e` among the experts whose entries this phase set.
  private mutating func touch(_ e: Int) {
    if !isTouched[e] {
      isTouched[e] = true
      touched.append(e)
    }
  }

  mutating func run() {
    for step in 0...routing.decodeSteps {
      for layer in 0..<routing.layers { phase(step: step, layer: layer) }
    }
  }

  /// The tokens of a step: every prompt token of each request, or its one decode token. (Plain
  /// ranges, not a closure over `self`: a borrowed copy of the routing would make every in-place
  /// rewrite copy the whole block.)
  func tokens(step: Int) -> Range<Int> { step == 0 ? 0..<routing.promptTokens : (step - 1)..<step }

  mutating func phase(step: Int, layer: Int) {
    let requests = routing.requests.count
    let tokens = tokens(step: step)
    for r in 0..<requests {
      for t in tokens { note(request: r, token: t, step: step, layer: layer) }
    }
    var tally = SubstitutionTally()
    for r in 0..<requests {
      for t in tokens { tally.add(substitute(request: r, token: t, step: step, layer: layer)) }
    }
    tallies.append(tally)
    order.removeAll(keepingCapacity: true)
    for e in touched where used[e] > 0 { order.append(e) }
    used.withUnsafeBufferPointer { used in MostUsedFirst.sort(&order) { used[$0] } }
    record(layer: layer)
    for e in touched {
      activated[e] = false
      used[e] = 0
      scores[e] = 0
      isTouched[e] = false
    }
    touched.removeAll(keepingCapacity: true)
  }

  /// Adds a token's router scores and activated experts to the phase's tallies.
  private mutating func note(request r: Int, token t: Int, step: Int, layer: Int) {
    let block = step == 0 ? routing.requests[r].prefill : routing.requests[r].decode
    let base = block.base(token: t, layer: layer)
    for slot in 0..<block.width {
      let e = Int(block.experts[base + slot])
      touch(e)
      scores[e] += Double(block.scores[base + slot])
      if slot < block.topK { activated[e] = true }
    }
  }

  /// Applies the substitution rule to one token (rewriting its slots) and counts the experts it
  /// then uses.
  private mutating func substitute(request r: Int, token t: Int, step: Int, layer: Int) -> SubstitutionTally {
    let width = routing.requests[r].prefill.width
    let topK = routing.topK
    let base = (t * routing.layers + layer) * width
    var tally = SubstitutionTally()
    if substitutes {
      let cache = self.cache
      let alpha = options.substitutionAlpha
      tally = activated.withUnsafeBufferPointer { activated in
        let available = { (e: Int) in cache.contains(layer: layer, expert: e) || activated[e] }
        let needsReplacing = { (e: Int) in !cache.contains(layer: layer, expert: e) }
        return step == 0
          ? SubstitutionRule.substitute(
            in: &routing.requests[r].prefill, token: t, layer: layer, alpha: alpha, available: available,
            needsReplacing: needsReplacing)
          : SubstitutionRule.substitute(
            in: &routing.requests[r].decode, token: t, layer: layer, alpha: alpha, available: available,
            needsReplacing: needsReplacing)
      }
      if tally.substituted > 0 { rewritten = true }
    } else {
      let block = step == 0 ? routing.requests[r].prefill : routing.requests[r].decode
      for slot in 0..<topK { tally.activatedMass += Double(block.scores[base + slot]) }
    }
    let block = step == 0 ? routing.requests[r].prefill : routing.requests[r].decode
    for slot in 0..<topK {
      let e = Int(block.experts[base + slot])
      touch(e)
      used[e] += 1
    }
    return tally
  }

  /// Flags the phase's used experts (`order`: most tokens first), then updates the cache.
  mutating func record(layer: Int) {
    var misses = 0
    for e in order where !cache.contains(layer: layer, expert: e) { misses += 1 }
    let predicted = predicts ? Int((Double(misses) * options.prefetchAccuracy).rounded()) : 0
    cache.record(layer: layer, scores: scores)
    let first = phaseFlags.count
    var miss = 0
    for e in order {
      let hit = cache.contains(layer: layer, expert: e)
      var f: SMoEDecisions.Flags = hit ? .cached : []
      if !hit {
        if miss < predicted { f.insert(.predicted) }
        miss += 1
      }
      phaseFlags.append(f)
    }
    let used = self.used
    for (i, e) in order.enumerated() {
      let admission = cache.insert(layer: layer, expert: e, protected: { used[$0] > 0 })
      if admission.admitted {
        phaseFlags[first + i].insert(.admitted)
      } else {
        released.append(UInt16(e))
      }
      if let victim = admission.evicted { victims.append(UInt16(victim)) }
    }
    released.append(contentsOf: victims)
    victims.removeAll(keepingCapacity: true)
    released.close()
  }
}
