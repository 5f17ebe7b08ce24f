/// `duplex` (Duplex, MICRO'24, expert co-processing): every activated expert of a layer starts on
/// the GPU side; then the one with the fewest tokens moves to the NDP side, one at a time, while
/// the layer's estimated makespan falls (`PlacementSplit.shrinkingGPU`): Duplex's lookup table of
/// per-expert times on each side, here an expert's GPU compute or its fetch over the link,
/// whichever is longer, and its NDP group's time. The NDP side's partial sums are reduced once at
/// the end. The GPU fetches its experts' weights over the link and the NDP side runs `tp-lb`'s
/// tensor-parallel groups, so the two differ only in how the split is chosen: `tp-lb` searches the
/// exact schedule, Duplex's estimate leaves out the first fetch before any compute and the
/// transfers of activations and partial sums. Nothing is kept on the GPU between steps.
public struct DuplexPolicy: PlacementBackedPolicy {
  public static let name = PolicyName.duplex
  public static let split = PlacementSplit.shrinkingGPU
  public let placement: ExpertPlacementOwner

  public init(context: SimulationContext) {
    placement = context.ndpPlacement(groups: context.tpGroups, degree: context.tpDegree)
  }
}
