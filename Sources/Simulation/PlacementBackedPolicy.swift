/// A policy whose expert phase is one `ExpertPlacement` decision: it only states the split and
/// what is resident; placing, and explaining a placement as a timeline, are shared.
public protocol PlacementBackedPolicy: PlacementPolicy {
  var placement: ExpertPlacement { get }
  /// Which prefix of the placement order goes to the GPU.
  static var split: PlacementSplit { get }
  /// The GPU-resident experts of `layer` at `step`, or nil when none are.
  func residency(step: Int, layer: Int) -> UnsafePointer<Bool>?
}

extension PlacementBackedPolicy {
  public func residency(step: Int, layer: Int) -> UnsafePointer<Bool>? { nil }

  @inline(__always)
  public mutating func expertPhase(step: Int, layer: Int, context: SimulationContext) -> LayerOutcome {
    placement.place(
      step: step, layer: layer, residency: residency(step: step, layer: layer), split: Self.split,
      sharedSeconds: context.nonExpert.sharedExpertSeconds[step])
  }

  public func explain(step: Int, layer: Int, context: SimulationContext) -> LayerSchedule {
    placement.explain(
      step: step, layer: layer, residency: residency(step: step, layer: layer), split: Self.split,
      sharedSeconds: context.nonExpert.sharedExpertSeconds[step], policy: Self.name,
      units: Self.name.offloads ? 0 : context.ndpUnits)
  }
}
