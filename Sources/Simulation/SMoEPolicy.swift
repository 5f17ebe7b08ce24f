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
///   moved. Substituted-away experts are never loaded.
public struct SMoEPolicy<Features: SMoEFeatures>: PlacementBackedPolicy {
  public static var name: PolicyName { Features.name }
  public static var split: PlacementSplit { Features.computesMissesOnHost ? .balanced : .allGPU }
  public let placement: ExpertPlacementOwner
  private let decisions: SMoEDecisions
  /// The decisions' table and flags, held here so the step loop reads them without reference
  /// counting.
  private let table: ActivationTable
  private let entryFlags: RawStorage<SMoEDecisions.Flags>
  private let experts: Int
  private let layers: Int
  private let weightBytes: Double
  /// One expert's weights over the link (latency included): a fetch, prediction or fill.
  private let transferSeconds: Double
  /// This phase's flags by expert (cleared after each phase): layer 0 says resident, layer 1
  /// says admitted to the cache by the decisions.
  private let flags: ResidencyFlags
  private static var residentFlags: Int { 0 }
  private static var admittedFlags: Int { 1 }
  /// Per (layer, expert), in storage of this run's own (a copy of the policy shares it, so one
  /// run uses one policy value): whether its data is in GPU memory (`present`), not (`absent`), or on its
  /// way (a background transfer's ticket, 0 or more).
  private let data: RawStorage<Int>
  private static var present: Int { -1 }
  private static var absent: Int { -2 }
  /// The current phase's residents that are cache hits with their data in GPU memory, and when it
  /// started.
  private var presentHits = 0
  private var startSeconds = 0.0
  /// The previous phase's length: the room a prediction may use.
  private var previousSeconds = 0.0

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
    table = decisions.table
    entryFlags = decisions.flags
    placement = context.hostPlacement(table: decisions.table)
    experts = context.table.experts
    layers = context.table.layers
    weightBytes = context.cost.expertWeightBytes
    transferSeconds = context.cost.expertFetchSeconds
    flags = ResidencyFlags(layers: 2, experts: experts)
    data = RawStorage(repeating: Self.absent, count: layers * experts)
  }

  public mutating func residency(
    step: Int, layer: Int, at seconds: Double, links: inout LinkTimeline
  ) -> Residency {
    presentHits = 0
    startSeconds = seconds
    for entry in table.range(step: step, layer: layer) {
      let f = entryFlags[entry]
      let e = Int(table.expertIDs[entry])
      if f.contains(.admitted) { flags.set(layer: Self.admittedFlags, expert: e) }
      let slot = layer * experts + e
      guard !f.isDisjoint(with: [.cached, .predicted]), arrived(slot, by: seconds, links: &links) else {
        continue
      }
      if f.contains(.cached) { presentHits += Int(table.tokenCounts[entry]) }
      flags.set(layer: Self.residentFlags, expert: e)
    }
    queuePredictions(after: step, layer: layer, at: seconds, links: &links)
    return Residency(flags: flags.layer(Self.residentFlags), readySeconds: seconds)
  }

  /// Whether the data of `slot` is in GPU memory by `seconds` (a transfer under way that has
  /// finished makes it so).
  private mutating func arrived(_ slot: Int, by seconds: Double, links: inout LinkTimeline) -> Bool {
    if data[slot] >= 0 && links.toGPU.isComplete(data[slot], by: seconds) { data[slot] = Self.present }
    return data[slot] == Self.present
  }

  /// Queues the predicted misses of the next phase, fetched ahead while this one runs.
  private mutating func queuePredictions(
    after step: Int, layer: Int, at seconds: Double, links: inout LinkTimeline
  ) {
    guard Features.prefetchesNextLayer else { return }
    let (nextStep, nextLayer) = layer + 1 < layers ? (step, layer + 1) : (step + 1, 0)
    guard nextStep < table.steps else { return }
    let phase = nextStep * layers + nextLayer
    for i in decisions.predictedOffsets[phase]..<decisions.predictedOffsets[phase + 1] {
      let entry = Int(decisions.predictedEntries[i])
      guard links.toGPU.backlogSeconds(at: seconds) + transferSeconds <= previousSeconds else { break }
      let slot = nextLayer * experts + Int(table.expertIDs[entry])
      guard data[slot] == Self.absent else { continue }
      data[slot] = links.toGPU.enqueue(bytes: weightBytes, at: seconds) ?? Self.absent
    }
  }

  public mutating func phaseFinished(
    step: Int, layer: Int, endSeconds: Double, links: inout LinkTimeline, totals: inout RunTotals
  ) {
    let range = table.range(step: step, layer: layer)
    defer {
      for entry in range {
        flags.clear(layer: Self.residentFlags, expert: Int(table.expertIDs[entry]))
        flags.clear(layer: Self.admittedFlags, expert: Int(table.expertIDs[entry]))
      }
    }
    totals.countCacheHits(presentHits, step: step)
    let phase = step * layers + layer
    totals.substitution.add(decisions.tallies[phase])
    for e in placement.engine.pointee.lastGPUFetches {
      cancelTransfer(layer: layer, expert: Int(e), links: &links)
      data[layer * experts + Int(e)] = Self.present
    }
    let room = endSeconds - startSeconds
    previousSeconds = room
    for e in placement.engine.pointee.lastFarExperts {
      let slot = layer * experts + Int(e)
      guard data[slot] == Self.absent, flags.contains(layer: Self.admittedFlags, expert: Int(e)) else {
        continue
      }
      guard links.toGPU.backlogSeconds(at: endSeconds) + transferSeconds <= room else { break }
      data[slot] = links.toGPU.enqueue(bytes: weightBytes, at: endSeconds) ?? Self.absent
    }
    for i in decisions.evictionOffsets[phase]..<decisions.evictionOffsets[phase + 1] {
      cancelTransfer(layer: layer, expert: Int(decisions.evicted[i]), links: &links)
      data[layer * experts + Int(decisions.evicted[i])] = Self.absent
    }
  }

  /// The expert's data came some other way, or is no longer wanted: drop a transfer under way.
  private mutating func cancelTransfer(layer: Int, expert: Int, links: inout LinkTimeline) {
    let slot = layer * experts + expert
    if data[slot] >= 0 { links.toGPU.cancel(data[slot]) }
  }
}
