/// A scheduling policy: decides, for each expert phase, where each activated expert runs and what
/// is resident on the GPU, and schedules that on the shared resources; the step loop
/// (`Simulator`) does the rest.
public protocol PlacementPolicy {
  static var name: PolicyName { get }
  init(context: SimulationContext)
  /// Places and schedules an expert phase; books its transfers, and any background ones it
  /// starts, on `links`, adds its part to `totals`, and returns when it ends.
  mutating func expertPhase(
    _ phase: PhaseStart, links: inout LinkTimeline, totals: inout RunTotals, context: SimulationContext
  ) -> Double
  /// The timeline of the phase `expertPhase` just scheduled.
  func describeLastPhase(step: Int, layer: Int, context: SimulationContext) -> LayerSchedule
  /// Whether the policy asks the link toward the GPU for its backlog (`LinkLane.backlogSeconds`).
  static var readsLinkBacklog: Bool { get }
}

extension PlacementPolicy {
  public static var readsLinkBacklog: Bool { false }
}

/// Which expert phase to run and when it starts.
public struct PhaseStart: Sendable {
  /// 0 is the prefill; decode steps follow.
  public var step: Int
  /// MoE layer.
  public var layer: Int
  public var seconds: Double
  /// The step's shared experts, on the GPU before any routed expert.
  public var sharedSeconds: Double
  /// Whether the phase's timeline will be asked for (`describeLastPhase`).
  public var recording: Bool
}

/// What is on the GPU for one phase: per-expert flags of the layer (nil when nothing is), and
/// when those experts are in GPU memory.
public struct Residency {
  public var flags: UnsafePointer<Bool>?
  public var readySeconds: Double
  /// The far side's weight shares for the phase (`PhaseRequest.farWeightShares`).
  public var farWeightShares: UnsafePointer<Double>? = nil

  public static func none(at seconds: Double) -> Residency { Residency(flags: nil, readySeconds: seconds) }
}

/// A policy whose expert phase is one `ExpertPlacement`: it states the split, what is resident,
/// and what happens after the phase (cache updates, background transfers); placing, scheduling
/// and describing are shared.
public protocol PlacementBackedPolicy: PlacementPolicy {
  var placement: ExpertPlacementOwner { get }
  static var split: PlacementSplit { get }
  /// Whether the placement's far side streams experts across its units (`tp-stream`).
  static var streamsExperts: Bool { get }
  /// What is resident for this phase; may await background transfers on `links`.
  mutating func residency(step: Int, layer: Int, at seconds: Double, links: inout LinkTimeline) -> Residency
  /// The phase starting at `seconds` is placed (`ExpertPlacement.lastGPUFetches` names what it
  /// fetches for compute) but its transfers are not yet booked: what the policy does at its
  /// start about that (a copy under way of an expert fetched for compute is moot).
  mutating func placed(step: Int, layer: Int, at seconds: Double, links: inout LinkTimeline)
  /// After the phase (which ended at `endSeconds`): cache updates, background transfers it
  /// starts, and the policy's own counts (cache hits, substitutions).
  mutating func phaseFinished(
    step: Int, layer: Int, endSeconds: Double, links: inout LinkTimeline, totals: inout RunTotals)
}

extension PlacementBackedPolicy {
  public static var streamsExperts: Bool { false }

  public mutating func residency(
    step: Int, layer: Int, at seconds: Double, links: inout LinkTimeline
  ) -> Residency { .none(at: seconds) }

  public mutating func placed(step: Int, layer: Int, at seconds: Double, links: inout LinkTimeline) {}

  public mutating func phaseFinished(
    step: Int, layer: Int, endSeconds: Double, links: inout LinkTimeline, totals: inout RunTotals
  ) {}

  @inline(__always)
  public mutating func expertPhase(
    _ phase: PhaseStart, links: inout LinkTimeline, totals: inout RunTotals, context: SimulationContext
  ) -> Double {
    let resident = residency(step: phase.step, layer: phase.layer, at: phase.seconds, links: &links)
    let request = PhaseRequest(
      step: phase.step, layer: phase.layer, startSeconds: phase.seconds, residency: resident.flags,
      residentReadySeconds: resident.readySeconds, split: Self.split, sharedSeconds: phase.sharedSeconds,
      farWeightShares: resident.farWeightShares, streamsExperts: Self.streamsExperts)
    let engine = placement.engine
    let end = engine.pointee.place(request, links: &links, totals: &totals, recording: phase.recording) {
      placed(step: phase.step, layer: phase.layer, at: phase.seconds, links: &$0)
    }
    phaseFinished(step: phase.step, layer: phase.layer, endSeconds: end, links: &links, totals: &totals)
    return end
  }

  public func describeLastPhase(step: Int, layer: Int, context: SimulationContext) -> LayerSchedule {
    placement.engine.pointee.describe(
      policy: Self.name, step: step, layer: layer, ndpUnits: Self.name.offloads ? 0 : context.ndpUnits)
  }
}
