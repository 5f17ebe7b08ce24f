/// `tp-stream`: fully sharded expert data parallelism (FSE-DP, Ma et al., arXiv 2603.27624). The
/// experts are laid out as `tp` lays them out, 1/T of each on every unit of its group, but a unit
/// computes whole experts for its own tokens: the slices it lacks stream to it over the
/// unit-to-unit links, and the group pairs experts so that slice reads, transfers and
/// computation overlap (`FarSide.Streaming`). Every expert runs on NDP; each token comes back as
/// one finished vector per group, with no partial sums to reduce. T = 1 is `ep` with its experts
/// overlapped.
public struct ExpertStreamingPolicy: PlacementBackedPolicy {
  public static let name = PolicyName.tpStream
  public static let split = PlacementSplit.allFar
  public static let streamsExperts = true
  public let placement: ExpertPlacementOwner

  public init(context: SimulationContext) {
    placement = context.streamedPlacement(groups: context.tpGroups, degree: context.tpDegree)
  }
}
