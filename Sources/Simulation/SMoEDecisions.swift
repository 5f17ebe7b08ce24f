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
///    data arrives is a cost (`SMoEPolicy`).
public final class SMoEDecisions: Sendable {
  /// Flags per table entry.
  public struct Flags: OptionSet, Sendable {
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
  public let flags: [Flags]
  /// Substitutions per phase (`step * layers + layer`).
  let tallies: [SubstitutionTally]
  /// Experts evicted at the end of each phase: `evicted[evictionOffsets[p] ..< evictionOffsets[p + 1]]`.
  let evictionOffsets: [Int]
  let evicted: [UInt16]

  /// - Parameters:
  ///   - capacity: experts per layer the cache holds.
  ///   - substitutes, predicts: the variant's mechanisms.
  public init(
    routing original: Routing, options: PolicyOptions, capacity: Int, substitutes: Bool, predicts: Bool
  ) {
    var pass = DecisionPass(
      routing: original, options: options, capacity: capacity, substitutes: substitutes, predicts: predicts)
    pass.run()
    let table = ActivationTable(routing: pass.routing)
    self.table = table
    tallies = pass.tallies
    flags = pass.entryFlags(table: table)
    evictionOffsets = pass.evictionOffsets
    evicted = pass.evicted
  }
}

/// The sequential pass behind `SMoEDecisions`, with its scratch state.
private struct DecisionPass {
  var routing: Routing
  let options: PolicyOptions
  let substitutes: Bool
  let predicts: Bool
  let cache: ScoreCache
  var tallies: [SubstitutionTally] = []
  /// Per phase, the used experts and their flags.
  var phaseOffsets = [0]
  var phaseExperts: [UInt16] = []
  var phaseFlags: [SMoEDecisions.Flags] = []
  var evictionOffsets = [0]
  var evicted: [UInt16] = []
  private var activated: [Bool]
  private var used: [Int32]
  private var scores: [Double]

  init(routing: Routing, options: PolicyOptions, capacity: Int, substitutes: Bool, predicts: Bool) {
    self.routing = routing
    self.options = options
    self.substitutes = substitutes
    self.predicts = predicts
    cache = ScoreCache(
      layers: routing.layers, experts: routing.experts, capacity: capacity,
      window: options.evictionWindowSteps)
    activated = [Bool](repeating: false, count: routing.experts)
    used = [Int32](repeating: 0, count: routing.experts)
    scores = [Double](repeating: 0, count: routing.experts)
  }

  mutating func run() {
    for step in 0...routing.decodeSteps {
      for layer in 0..<routing.layers { phase(step: step, layer: layer) }
    }
  }

  /// The (request, token) pairs of a step: every prompt token, or one decode token per request.
  func tokens(step: Int) -> [(request: Int, token: Int)] {
    routing.requests.indices.flatMap { r in
      step == 0 ? (0..<routing.promptTokens).map { (r, $0) } : [(r, step - 1)]
    }
  }

  mutating func phase(step: Int, layer: Int) {
    let tokens = tokens(step: step)
    let topK = routing.topK
    for (r, t) in tokens {
      let block = step == 0 ? routing.requests[r].prefill : routing.requests[r].decode
      let base = block.base(token: t, layer: layer)
      for slot in 0..<block.width {
        scores[Int(block.experts[base + slot])] += Double(block.scores[base + slot])
      }
      for slot in 0..<topK { activated[Int(block.experts[base + slot])] = true }
    }
    var tally = SubstitutionTally()
    for (r, t) in tokens { substitute(request: r, token: t, step: step, layer: layer, into: &tally) }
    tallies.append(tally)
    let order = (0..<routing.experts).filter { used[$0] > 0 }.sorted {
      used[$0] != used[$1] ? used[$0] > used[$1] : $0 < $1
    }
    record(layer: layer, order: order)
    for e in 0..<routing.experts {
      activated[e] = false
      used[e] = 0
      scores[e] = 0
    }
  }

  /// Applies the substitution rule to one token and counts the experts it then uses.
  mutating func substitute(
    request r: Int, token t: Int, step: Int, layer: Int, into tally: inout SubstitutionTally
  ) {
    let block = step == 0 ? routing.requests[r].prefill : routing.requests[r].decode
    let base = block.base(token: t, layer: layer)
    let cache = self.cache
    let activated = self.activated
    let outcome = SubstitutionRule.apply(
      experts: block.experts[base..<base + block.width], scores: block.scores[base..<base + block.width],
      topK: block.topK, alpha: substitutes ? options.substitutionAlpha : 0,
      available: { cache.contains(layer: layer, expert: $0) || activated[$0] },
      needsReplacing: { !cache.contains(layer: layer, expert: $0) })
    tally.add(outcome)
    for (slot, expert) in outcome.experts.enumerated() {
      used[expert] += 1
      guard outcome.substituted > 0 else { continue }
      if step == 0 {
        routing.requests[r].prefill.experts[base + slot] = UInt16(expert)
      } else {
        routing.requests[r].decode.experts[base + slot] = UInt16(expert)
      }
    }
  }

  /// Flags the phase's used experts (`order`: most tokens first), then updates the cache.
  mutating func record(layer: Int, order: [Int]) {
    let misses = order.filter { !cache.contains(layer: layer, expert: $0) }
    let predicted = predicts ? Int((Double(misses.count) * options.prefetchAccuracy).rounded()) : 0
    let predictedSet = Set(misses.prefix(predicted))
    cache.record(layer: layer, scores: scores)
    var flags: [SMoEDecisions.Flags] = []
    for e in order {
      var f: SMoEDecisions.Flags = cache.contains(layer: layer, expert: e) ? .cached : []
      if predictedSet.contains(e) { f.insert(.predicted) }
      flags.append(f)
    }
    let used = self.used
    for (i, e) in order.enumerated() {
      let admission = cache.insert(layer: layer, expert: e, protected: { used[$0] > 0 })
      if admission.admitted { flags[i].insert(.admitted) }
      if let victim = admission.evicted { evicted.append(UInt16(victim)) }
    }
    evictionOffsets.append(evicted.count)
    phaseExperts += order.map { UInt16($0) }
    phaseFlags += flags
    phaseOffsets.append(phaseExperts.count)
  }

  /// The flags laid out in `table`'s entry order.
  func entryFlags(table: ActivationTable) -> [SMoEDecisions.Flags] {
    var byExpert = [SMoEDecisions.Flags](repeating: [], count: routing.experts)
    var result = [SMoEDecisions.Flags](repeating: [], count: table.expertIDs.count)
    for phase in 0..<(phaseOffsets.count - 1) {
      for i in phaseOffsets[phase]..<phaseOffsets[phase + 1] {
        byExpert[Int(phaseExperts[i])] = phaseFlags[i]
      }
      for entry in table.offsets[phase]..<table.offsets[phase + 1] {
        result[entry] = byExpert[Int(table.expertIDs[entry])]
      }
      for i in phaseOffsets[phase]..<phaseOffsets[phase + 1] { byExpert[Int(phaseExperts[i])] = [] }
    }
    return result
  }
}
