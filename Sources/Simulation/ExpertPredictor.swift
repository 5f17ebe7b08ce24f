import Basics
import Routing

/// A learned expert predictor's prefetch into a per-layer LRU cache (MoE-Beyond, arXiv 2508.17137;
/// ExpertFlow, arXiv 2510.26730), shared by `tp-lb-pp` and `offload-pp`.
///
/// When an expert phase starts, the predictor guesses the experts of the phase `horizon` phases
/// later (`PrefetchHorizon`), as many as that phase activates, at most `guessLimit`:
/// `round(accuracy x guesses)` are right (the experts serving most tokens), the rest are experts
/// that phase does not use.
/// - A right guess the cache holds is marked most recently used. One it does not hold is admitted
///   (evicting the least recently used, whose transfer is cancelled if still under way) and
///   fetched as a background transfer on the link toward the GPU.
/// - A wrong guess is fetched the same way but never admitted: when the predicted phase starts,
///   the router shows it is not needed and what has not moved of it is cancelled. It costs link
///   time and energy and returns nothing. A phase's wrong guesses queue together, one after
///   another, as one background transfer.
/// Background transfers move in the link's idle time and step aside for urgent ones. A phase
/// counts as resident the cached experts whose data has arrived.
///
/// What the cache holds and what each guess evicts is decided once per workload and knobs
/// (`PredictorDecisions`); this costs it: the copies' transfers, and when each arrives.
struct ExpertPredictor {
  /// The cached experts' data: in GPU memory, or on its way.
  let copies: BackgroundCopies
  private let wrongGuesses: GuessRing
  /// What the predictor and its cache decide (kept alive for the views below).
  private let decisions: PredictorDecisions
  private let cached: PhaseListView<UInt16>
  private let guesses: PhaseListView<PredictorDecisions.Guess>
  private let wrongCounts: UnsafePointer<UInt16>
  private let used: PhaseListView<PredictorDecisions.UsedEvent>
  private let layers: Int
  private let phases: Int
  private let horizon: Int
  /// How many layers past a phase's the phase it guesses for is (`horizon % layers`).
  private let horizonLayers: Int
  private let weightBytes: Double

  /// A predictor guessing at most `guessLimit` experts per phase into a cache of that many, which
  /// with `admitsUsed` also admits every expert a phase uses (`markUsed`).
  init(context: SimulationContext, guessLimit: Int, admitsUsed: Bool) {
    let table = context.table
    layers = table.layers
    phases = table.offsets.count - 1
    let horizon = PrefetchHorizon(context: context, guessLimit: guessLimit).phases
    self.horizon = horizon
    horizonLayers = horizon % layers
    weightBytes = context.cost.expertWeightBytes
    let accuracy = context.point.options.predictorAccuracy
    let key = DecisionCache.Key.predictor(
      guessLimit: guessLimit, accuracy: accuracy, horizon: horizon, admitsUsed: admitsUsed)
    decisions = context.workload.decisions.value(key) {
      PredictorDecisions(
        table: table, guessLimit: guessLimit, accuracy: accuracy, horizon: horizon, admitsUsed: admitsUsed)
    }
    (cached, guesses, used) = (decisions.cached.view, decisions.guesses.view, decisions.used.view)
    wrongCounts = UnsafePointer(decisions.wrongGuesses.pointer)
    wrongGuesses = GuessRing(slots: horizon + 1)
    copies = BackgroundCopies(layers: layers, experts: table.experts)
  }

  /// The phase starts: the wrong guesses for it are cancelled, the guesses for the phase `horizon`
  /// later are queued, and what is resident is returned.
  @inline(__always)
  mutating func residency(step: Int, layer: Int, at seconds: Double, links: inout LinkTimeline) -> Residency {
    let phase = step &* layers &+ layer
    if let ticket = wrongGuesses.ticket(phase: phase) { links.toGPU.cancel(ticket, at: seconds) }
    let residents = copies.presentCount(of: cached[phase], layer: layer, by: seconds, links: &links)
    guess(phase: phase, layer: layer, at: seconds, links: &links)
    return residents == 0
      ? .none(at: seconds) : Residency(flags: copies.present.layer(layer), readySeconds: seconds)
  }

  /// Queues the guesses `phase` makes for the phase `horizon` later, if the run reaches it: each
  /// right one the cache did not hold (evicting its victim's copy), then the wrong ones.
  @inline(__always)
  private func guess(phase: Int, layer: Int, at seconds: Double, links: inout LinkTimeline) {
    let target = phase &+ horizon
    wrongGuesses.reset(phase: target)
    guard target < phases else { return }
    var targetLayer = layer &+ horizonLayers
    if targetLayer >= layers { targetLayer &-= layers }
    for guess in guesses[phase] {
      if let victim = guess.victim {
        copies.drop(layer: targetLayer, expert: victim, at: seconds, links: &links)
      }
      copies.queue(
        layer: targetLayer, expert: Int(guess.expert), bytes: weightBytes, at: seconds, links: &links)
    }
    let wrong = Int(wrongCounts[phase])
    if let ticket = links.toGPU.enqueue(bytes: Double(wrong) * weightBytes, count: wrong, at: seconds) {
      wrongGuesses.set(phase: target, ticket: ticket)
    }
  }

  /// The phase ended at `seconds` and its experts are in GPU memory: each is admitted to the
  /// cache (its copy under way is moot), evicting as `PredictorDecisions` decided. Only for
  /// `admitsUsed`.
  @inline(__always)
  func markUsed(step: Int, layer: Int, at seconds: Double, links: inout LinkTimeline) {
    for event in used[step &* layers &+ layer] {
      if event.isEviction {
        copies.drop(layer: layer, expert: event.expert, at: seconds, links: &links)
      } else {
        copies.hold(layer: layer, expert: event.expert, at: seconds, links: &links)
      }
    }
  }
}

/// The wrong guesses' transfer in flight (one per predicted phase, all its wrong guesses), one
/// slot per phase (`phase & mask`: at least `slots` of them, a power of two, so that finding a
/// phase's slot needs no division).
struct GuessRing {
  private let mask: Int
  private let tickets: RawStorage<Int>

  init(slots: Int) {
    var size = 1
    while size < slots { size <<= 1 }
    mask = size - 1
    tickets = RawStorage(repeating: -1, count: size)
  }

  /// The ticket of the wrong guesses for `phase`, if any were sent.
  func ticket(phase: Int) -> Int? {
    let ticket = tickets[phase & mask]
    return ticket < 0 ? nil : ticket
  }

  /// Empties `phase`'s slot (the phase that used it before has started).
  func reset(phase: Int) { tickets[phase & mask] = -1 }

  func set(phase: Int, ticket: Int) { tickets[phase & mask] = ticket }
}
