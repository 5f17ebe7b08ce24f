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
///   time and energy and returns nothing.
/// Background transfers move in the link's idle time and step aside for urgent ones. A phase
/// counts as resident the cached experts whose data has arrived.
struct ExpertPredictor {
  let cache: LRUExpertCache
  /// The cached experts' data: in GPU memory, or on its way.
  let copies: BackgroundCopies
  private let wrongGuesses: GuessRing
  private let offsets: UnsafeBufferPointer<Int>
  private let expertIDs: UnsafeBufferPointer<UInt16>
  private let layers: Int
  private let phases: Int
  private let horizon: Int
  private let guessLimit: Int
  private let accuracy: Double
  private let weightBytes: Double

  /// A predictor guessing at most `guessLimit` experts per phase into a cache of that many.
  init(context: SimulationContext, guessLimit: Int) {
    let table = context.table
    offsets = table.offsets
    expertIDs = table.expertIDs
    layers = table.layers
    phases = table.offsets.count - 1
    let horizon = PrefetchHorizon(context: context, guessLimit: guessLimit)
    self.horizon = horizon.phases
    self.guessLimit = guessLimit
    accuracy = context.point.options.predictorAccuracy
    weightBytes = context.cost.expertWeightBytes
    cache = LRUExpertCache(layers: layers, experts: table.experts, capacity: guessLimit)
    wrongGuesses = GuessRing(slots: horizon.phases + 1, perSlot: guessLimit)
    copies = BackgroundCopies(layers: layers, experts: table.experts)
  }

  /// The phase starts: the wrong guesses for it are cancelled, the guesses for the phase `horizon`
  /// later are queued, and what is resident is returned.
  @inline(__always)
  mutating func residency(step: Int, layer: Int, at seconds: Double, links: inout LinkTimeline) -> Residency {
    let phase = step &* layers &+ layer
    for ticket in wrongGuesses.tickets(phase: phase) { links.toGPU.cancel(ticket) }
    var residents = 0
    for entry in offsets[phase]..<offsets[phase &+ 1]
    where copies.isPresent(layer: layer, expert: Int(expertIDs[entry]), by: seconds, links: &links) {
      residents &+= 1
    }
    guess(phase: phase &+ horizon, at: seconds, links: &links)
    return residents == 0
      ? .none(at: seconds) : Residency(flags: copies.present.layer(layer), readySeconds: seconds)
  }

  /// Queues the predictor's guesses for `phase`, if the run reaches it.
  @inline(__always)
  private func guess(phase: Int, at seconds: Double, links: inout LinkTimeline) {
    wrongGuesses.reset(phase: phase)
    guard phase < phases else { return }
    let layer = phase % layers
    let first = offsets[phase]
    let count = min(offsets[phase &+ 1] &- first, guessLimit)
    let right = Int((Double(count) * accuracy).rounded())
    for entry in first..<(first &+ right) {
      let e = Int(expertIDs[entry])
      let cached = cache.contains(layer: layer, expert: e)
      admit(layer: layer, expert: e, links: &links)
      if !cached { copies.queue(layer: layer, expert: e, bytes: weightBytes, at: seconds, links: &links) }
    }
    for _ in right..<count {
      if let ticket = links.toGPU.enqueue(bytes: weightBytes, at: seconds) {
        wrongGuesses.add(phase: phase, ticket: ticket)
      }
    }
  }

  /// Makes `expert` the most recently used, evicting the least recently used if it was not cached.
  @inline(__always)
  func admit(layer: Int, expert: Int, links: inout LinkTimeline) {
    if let victim = cache.touch(layer: layer, expert: expert) {
      copies.drop(layer: layer, expert: victim, links: &links)
    }
  }
}

/// The wrong guesses' transfers in flight, one slot per predicted phase (`phase & mask`: at least
/// `slots` of them, a power of two, so that finding a phase's slot needs no division).
struct GuessRing {
  private let mask: Int
  private let perSlot: Int
  private let storage: RawStorage<Int>
  private let counts: RawStorage<Int>

  init(slots: Int, perSlot: Int) {
    var size = 1
    while size < slots { size <<= 1 }
    mask = size - 1
    self.perSlot = perSlot
    storage = RawStorage(repeating: 0, count: size * perSlot)
    counts = RawStorage(repeating: 0, count: size)
  }

  func tickets(phase: Int) -> UnsafeBufferPointer<Int> {
    let slot = phase & mask
    return UnsafeBufferPointer(start: storage.pointer + slot * perSlot, count: counts[slot])
  }

  /// Empties `phase`'s slot (the phase that used it before has started).
  func reset(phase: Int) { counts[phase & mask] = 0 }

  func add(phase: Int, ticket: Int) {
    let slot = phase & mask
    storage[slot * perSlot + counts[slot]] = ticket
    counts[slot] += 1
  }
}
