import Basics
import Routing

/// What a learned expert predictor (`ExpertPredictor`) decides, phase by phase: which experts its
/// per-layer LRU cache holds, which guesses each phase's start queues and which expert each
/// evicts, how many wrong guesses it sends, and (for a cache that also admits every expert a
/// phase uses, `offload-pp`) what that admission does. All of it follows from the routing, the
/// guess limit, the accuracy and the horizon, never from the hardware, so it is made once per
/// workload and knobs; when copies arrive is the cost, paid per point.
///
/// Per phase p, in the order the step loop meets them:
/// 1. `cached(p)`: p's experts the cache holds when p starts (table order, most tokens first).
///    A copy lives only while its expert is cached, so only these may be resident.
/// 2. `guesses(p)`: the right guesses for phase p + horizon the cache did not hold, in the order
///    they are queued, each with the expert its admission evicted (if any).
/// 3. `wrongGuesses(p)`: how many wrong guesses for phase p + horizon are sent.
/// 4. `used(p)`: with `admitsUsed`, the phase's experts marked used when it ends (least-used
///    first), each evicting the least recently used expert if it was not cached.
final class PredictorDecisions: Decisions {
  /// A right guess queued, and the expert its admission evicted.
  struct Guess: BitwiseCopyable {
    let expert: UInt16
    private let victimPlusOne: UInt16

    init(expert: Int, victim: Int?) {
      self.expert = UInt16(expert)
      victimPlusOne = victim.map { UInt16($0 + 1) } ?? 0
    }

    var victim: Int? { victimPlusOne == 0 ? nil : Int(victimPlusOne) - 1 }
  }

  /// An expert admitted as used (its data is in GPU memory after the phase), or one evicted.
  struct UsedEvent: BitwiseCopyable {
    private let raw: UInt32

    static func held(_ expert: Int) -> UsedEvent { UsedEvent(raw: UInt32(expert)) }
    static func evicted(_ expert: Int) -> UsedEvent { UsedEvent(raw: UInt32(expert) | 1 << 16) }

    var expert: Int { Int(raw & 0xFFFF) }
    var isEviction: Bool { raw >> 16 != 0 }
  }

  let cached: PhaseLists<UInt16>
  let guesses: PhaseLists<Guess>
  let wrongGuesses: RawStorage<UInt16>
  let used: PhaseLists<UsedEvent>

  var approximateBytes: Int {
    cached.approximateBytes + guesses.approximateBytes + 2 * wrongGuesses.count + used.approximateBytes
  }

  /// - Parameters:
  ///   - guessLimit: experts guessed per phase at most, and the cache's capacity per layer.
  ///   - horizon: phases between a guess and the phase it is for.
  ///   - admitsUsed: whether the cache also admits every expert a phase uses.
  init(table: ActivationTable, guessLimit: Int, accuracy: Double, horizon: Int, admitsUsed: Bool) {
    var pass = PredictorPass(table: table, guessLimit: guessLimit, accuracy: accuracy, horizon: horizon)
    for phase in 0..<pass.phases {
      pass.start(phase: phase)
      if admitsUsed { pass.finish(phase: phase) }
      pass.closePhase()
    }
    cached = PhaseLists(pass.cached)
    guesses = PhaseLists(pass.guesses)
    wrongGuesses = RawStorage(copying: pass.wrongGuesses)
    used = PhaseLists(pass.used)
  }
}

/// The sequential pass behind `PredictorDecisions`: the predictor's cache, run over the routing.
private struct PredictorPass {
  let phaseExperts: PhaseExperts
  let offsets: UnsafeBufferPointer<Int>
  let expertIDs: UnsafeBufferPointer<UInt16>
  let layers: Int
  let phases: Int
  let guessLimit: Int
  let accuracy: Double
  let horizon: Int
  let cache: LRUExpertCache
  var cached = PhaseListBuilder<UInt16>()
  var guesses = PhaseListBuilder<PredictorDecisions.Guess>()
  var wrongGuesses: [UInt16] = []
  var used = PhaseListBuilder<PredictorDecisions.UsedEvent>()

  init(table: ActivationTable, guessLimit: Int, accuracy: Double, horizon: Int) {
    phaseExperts = PhaseExperts(table: table)
    offsets = table.offsets
    expertIDs = table.expertIDs
    layers = table.layers
    phases = table.offsets.count - 1
    self.guessLimit = guessLimit
    self.accuracy = accuracy
    self.horizon = horizon
    cache = LRUExpertCache(layers: layers, experts: table.experts, capacity: guessLimit)
  }

  /// Phase `phase` starts: its cached experts are looked for, and the guesses for the phase
  /// `horizon` later are made: `round(accuracy x guesses)` right (the experts serving most
  /// tokens), admitted most recently used; the rest wrong, never admitted.
  mutating func start(phase: Int) {
    let layer = phase % layers
    for entry in offsets[phase]..<offsets[phase + 1]
    where cache.contains(layer: layer, expert: Int(expertIDs[entry])) {
      cached.append(expertIDs[entry])
    }
    let target = phase + horizon
    guard target < phases else { return wrongGuesses.append(0) }
    let targetLayer = target % layers
    let first = offsets[target]
    let count = min(offsets[target + 1] - first, guessLimit)
    let right = Int((Double(count) * accuracy).rounded())
    for entry in first..<(first + right) {
      let expert = Int(expertIDs[entry])
      let wasCached = cache.contains(layer: targetLayer, expert: expert)
      let victim = cache.touch(layer: targetLayer, expert: expert)
      if !wasCached { guesses.append(.init(expert: expert, victim: victim)) }
    }
    wrongGuesses.append(UInt16(count - right))
  }

  /// Phase `phase` ends: each of its experts is marked used, least-used first so that the
  /// most-used end up most recent.
  mutating func finish(phase: Int) {
    let layer = phase % layers
    phaseExperts.leastUsedFirst(phase: phase) { expert in
      if let victim = cache.touch(layer: layer, expert: expert) { used.append(.evicted(victim)) }
      if cache.contains(layer: layer, expert: expert) { used.append(.held(expert)) }
    }
  }

  mutating func closePhase() {
    cached.close()
    guesses.close()
    used.close()
  }
}
