/// `monde` (MoNDE, DAC'24): the hottest experts of each layer by an OFFLINE profile (global
/// popularity) are pinned on the GPU within the expert budget (loaded with the model, before the
/// run); the GPU computes those that are activated, the NDP units compute the rest with expert
/// parallelism, concurrently. Only activations and results cross the link.
public struct MoNDEPolicy: PlacementBackedPolicy {
  public static let name = PolicyName.monde
  public static let split = PlacementSplit.residentsOnGPU
  public let placement: ExpertPlacementOwner
  private let pinned: ResidencyFlags

  public init(context: SimulationContext) {
    placement = context.ndpPlacement(groups: context.ndpUnits, degree: 1)
    let table = context.table
    pinned = ResidencyFlags(top: context.gpuExpertsPerLayer, of: table.profileRanking, experts: table.experts)
  }

  public mutating func residency(
    step: Int, layer: Int, at seconds: Double, links: inout LinkTimeline
  ) -> Residency {
    Residency(flags: pinned.layer(layer), readySeconds: seconds)
  }
}
