import Basics
import NDPModel
import Routing

/// Which smoe mechanisms a variant has; each ablation adds one.
public protocol SMoEFeatures {
  static var name: PolicyName { get }
  static var substitutes: Bool { get }
  static var prefetchesNextLayer: Bool { get }
  static var computesMissesOnHost: Bool { get }
}

/// `smoe-evict`: offloading with the score-based cache only.
public enum ScoreEviction: SMoEFeatures {
  public static let name = PolicyName.smoeEvict
  public static let substitutes = false
  public static let prefetchesNextLayer = false
  public static let computesMissesOnHost = false
}

/// `smoe-sub`: + substitution.
public enum ScoreEvictionSubstitution: SMoEFeatures {
  public static let name = PolicyName.smoeSub
  public static let substitutes = true
  public static let prefetchesNextLayer = false
  public static let computesMissesOnHost = false
}

/// `smoe-pf`: + next-layer prefetch.
public enum ScoreEvictionSubstitutionPrefetch: SMoEFeatures {
  public static let name = PolicyName.smoePF
  public static let substitutes = true
  public static let prefetchesNextLayer = true
  public static let computesMissesOnHost = false
}

/// `smoe`: + host-CPU computation of misses.
public enum FullSMoE: SMoEFeatures {
  public static let name = PolicyName.smoe
  public static let substitutes = true
  public static let prefetchesNextLayer = true
  public static let computesMissesOnHost = true
}

/// The smoe family (Zhu et al., arXiv 2508.18983) on GPU + host memory. `SMoEDecisions` fixes
/// substitutions, cache contents and predictions; this costs them on the shared resources:
/// - a cache hit runs on the GPU if its data is in GPU memory; a slot whose fill is still in
///   flight is a miss for this phase (the data is not there to compute with);
/// - predicted misses (most tokens first) were queued as background transfers, one per expert,
///   when the previous phase started, as many as the link had room for (its queued work, each
///   included, within the length of the phase before); they move in the link's idle time, and one
///   not yet arrived is a miss like any other;
/// - the other misses are fetched over the link (the GPU computes each as it arrives) or, with
///   host assist, computed on the host CPU from host memory: the split that ends the phase
///   soonest, fewest tokens to the CPU (`PlacementSplit.balanced`, far side the host);
/// - an admitted expert the host computed is filled into its cache slot in the background, one
///   transfer per expert, only if the link has room: its queued work, the fill included, fits in
///   the time the phase took (else the slot stays empty until the expert is next fetched); fills
///   move in the link's idle time, and a fetch for compute or an eviction cancels one not yet
///   moved. Substituted-away experts are never loaded;
/// - a used expert the cache did not admit keeps nothing in GPU memory: its fetched weights are
///   dropped with the phase and a prefetch of it under way is cancelled.
public struct SMoEPolicy<Features: SMoEFeatures>: PlacementBackedPolicy {
  public static var name: PolicyName { Features.name }
  public static var split: PlacementSplit { Features.computesMissesOnHost ? .balanced : .allGPU }
  /// Predictions and fills are queued only while the link has room.
  public static var readsLinkBacklog: Bool { true }
  public let placement: ExpertPlacementOwner
  /// The decisions (kept alive here) and what the step loop reads of them.
  private let decisions: SMoEDecisions
  private let d: SMoEDecisions.View
  private let steps: Int
  private let experts: Int
  private let layers: Int
  private let weightBytes: Double
  /// One expert's weights over the link (latency included): a fetch, prediction or fill.
  private let transferSeconds: Double
  /// This phase's flags by expert (cleared after each phase): whether it is resident, and
  /// whether the decisions admitted it to the cache (set only in phases where some were not).
  private let resident: UnsafeMutablePointer<Bool>
  private let admitted: UnsafeMutablePointer<Bool>
  /// Per (layer, expert): whether its data is in GPU memory (`present`), not (`absent`), or on
  /// its way (a background transfer's ticket, 0 or more).
  private let data: UnsafeMutablePointer<Int>
  private static var present: Int { -1 }
  private static var absent: Int { -2 }
  /// The memory of the flags and `data`: this run's own (a copy of the policy shares it, so one
  /// run uses one policy value).
  private let storage: (flags: RawStorage<Bool>, data: RawStorage<Int>)
  /// The current phase's residents that are cache hits with their data in GPU memory, and when it
  /// started.
  private var presentHits = 0
  private var startSeconds = 0.0
  /// The previous phase's length: the room a prediction may use.
  private var previousSeconds = 0.0

  // The hooks below are inlined into the step loop: each runs once per phase (about 25,000 times
  // a point at 512 + 512 tokens), and as calls they cost more than their loops.

  public init(context: SimulationContext) {
    let options = context.point.options
    let capacity = context.cacheExpertsPerLayer
    let key = DecisionCache.Key.smoe(
      substitutes: Features.substitutes && options.substitutionAlpha > 0,
      predicts: Features.prefetchesNextLayer,
      alpha: Features.substitutes ? options.substitutionAlpha : 0, window: options.evictionWindowSteps,
      accuracy: Features.prefetchesNextLayer ? options.prefetchAccuracy : 0, capacity: capacity)
    decisions = context.workload.decisions.value(key) {
      SMoEDecisions(
        workload: context.workload, options: options, capacity: capacity, substitutes: Features.substitutes,
        predicts: Features.prefetchesNextLayer)
    }
    d = decisions.view
    steps = decisions.table.steps
    placement = context.hostPlacement(table: decisions.table)
    experts = context.table.experts
    layers = context.table.layers
    weightBytes = context.cost.expertWeightBytes
    transferSeconds = context.cost.expertFetchSeconds
    storage = (
      RawStorage(repeating: false, count: 2 * experts),
      RawStorage(repeating: Self.absent, count: layers * experts)
    )
    resident = storage.flags.pointer
    admitted = storage.flags.pointer + experts
    data = storage.data.pointer
  }

  @inline(__always)
  public mutating func residency(
    step: Int, layer: Int, at seconds: Double, links: inout LinkTimeline
  ) -> Residency {
    presentHits = 0
    startSeconds = seconds
    let phase = step &* layers &+ layer
    let d = self.d
    if d.partlyAdmitted[phase] {
      for entry in d.offsets[phase]..<d.offsets[phase &+ 1] where d.flags[entry].contains(.admitted) {
        admitted[Int(d.expertIDs[entry])] = true
      }
    }
    // Only the cached and predicted entries can be resident.
    let candidates = d.candidates[phase]
    let slots = data + layer &* experts
    let next = predictions(after: step, layer: layer)
    // The lane is asked what it has room for when predictions are to be queued, else what has
    // finished only when some candidate's data is under way.
    if !next.experts.isEmpty || candidates.contains(where: { slots[Int($0.expert)] >= 0 }) {
      links.toGPU.advanceInLine(to: seconds)
    }
    let finished = links.toGPU.finished
    var hits = 0
    var residents = 0
    // Branch-free: whether a candidate's data is there is data-dependent and mispredicts as a
    // branch.
    for candidate in candidates {
      let e = Int(candidate.expert)
      let state = slots[e]
      // A cancellation rewrites the slot (`FinishedTickets`).
      let one = Self.bit(state == Self.present) | Self.bit(finished.contains(state))
      slots[e] = one != 0 ? Self.present : state
      hits &+= one &* Int(candidate.hitTokens)
      resident[e] = one != 0
      residents &+= one
    }
    presentHits = hits
    // The next phase's predicted misses are queued while the link has room.
    for e in next.experts {
      guard links.toGPU.backlogSeconds(at: seconds) + transferSeconds <= previousSeconds else { break }
      let slot = next.layer &* experts &+ Int(e)
      guard data[slot] == Self.absent else { continue }
      data[slot] = links.toGPU.enqueue(bytes: weightBytes, at: seconds) ?? Self.absent
    }
    // With nothing resident the placement takes the table's own order, without sorting flags.
    return residents == 0
      ? .none(at: seconds) : Residency(flags: UnsafePointer(resident), readySeconds: seconds)
  }

  /// The next phase's predicted misses.
  private struct Predictions {
    let layer: Int
    let experts: UnsafeBufferPointer<UInt16>
  }

  /// 1 if `condition` holds, else 0, without a branch.
  @inline(__always) private static func bit(_ condition: Bool) -> Int {
    Int(unsafeBitCast(condition, to: UInt8.self))
  }

  /// The next phase's predicted misses: its layer, and the experts (none without prediction or
  /// after the last phase).
  @inline(__always)
  private func predictions(after step: Int, layer: Int) -> Predictions {
    let (nextStep, nextLayer) = layer + 1 < layers ? (step, layer + 1) : (step + 1, 0)
    guard Features.prefetchesNextLayer, nextStep < steps else {
      return Predictions(layer: nextLayer, experts: UnsafeBufferPointer(start: nil, count: 0))
    }
    return Predictions(layer: nextLayer, experts: d.predicted[nextStep &* layers &+ nextLayer])
  }

  /// An expert the phase fetches for compute is in GPU memory from its start: a prediction or
  /// fill of it under way is moot.
  @inline(__always)
  public mutating func placed(step: Int, layer: Int, at seconds: Double, links: inout LinkTimeline) {
    let slots = data + layer &* experts
    for e in placement.engine.pointee.lastGPUFetches {
      cancelTransfer(slots + Int(e), at: seconds, links: &links)
      slots[Int(e)] = Self.present
    }
  }

  /// The released experts' data leaves GPU memory, then the host-computed experts the cache
  /// admitted are filled while the link has room (after the releases: they free it).
  @inline(__always)
  public mutating func phaseFinished(
    step: Int, layer: Int, endSeconds: Double, links: inout LinkTimeline, totals: inout RunTotals
  ) {
    let phase = step &* layers &+ layer
    let d = self.d
    let partlyAdmitted = d.partlyAdmitted[phase]
    totals.countCacheHits(presentHits, step: step)
    totals.substitution.add(d.tallies[phase])
    let slots = data + layer &* experts
    for e in d.released[phase] {
      cancelTransfer(slots + Int(e), at: endSeconds, links: &links)
      slots[Int(e)] = Self.absent
    }
    let room = endSeconds - startSeconds
    previousSeconds = room
    for e in placement.engine.pointee.lastFarExperts {
      guard slots[Int(e)] == Self.absent, !partlyAdmitted || admitted[Int(e)] else { continue }
      links.toGPU.advanceInLine(to: endSeconds)
      guard links.toGPU.backlogSeconds(at: endSeconds) + transferSeconds <= room else { break }
      slots[Int(e)] = links.toGPU.enqueue(bytes: weightBytes, at: endSeconds) ?? Self.absent
    }
    clearFlags(phase: phase, admitted: partlyAdmitted)
  }

  /// Clears the phase's resident flags (set only for candidates), and its admitted ones when it
  /// set them.
  @inline(__always)
  private func clearFlags(phase: Int, admitted clearsAdmitted: Bool) {
    for candidate in d.candidates[phase] { resident[Int(candidate.expert)] = false }
    guard clearsAdmitted else { return }
    for entry in d.offsets[phase]..<d.offsets[phase &+ 1] { admitted[Int(d.expertIDs[entry])] = false }
  }

  /// The expert's data came some other way, or is no longer wanted, at `seconds`: drop a transfer
  /// under way.
  @inline(__always)
  private func cancelTransfer(
    _ slot: UnsafeMutablePointer<Int>, at seconds: Double, links: inout LinkTimeline
  ) {
    guard slot.pointee >= 0 else { return }
    links.toGPU.advanceInLine(to: seconds)
    links.toGPU.cancelAtCursor(slot.pointee)
  }
}
