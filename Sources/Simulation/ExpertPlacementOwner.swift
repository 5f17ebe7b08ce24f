import Routing

/// Owns an `ExpertPlacement` for a run: keeps the table alive, allocates the placement's scratch
/// memory once and frees it at the end. Policies reach the placement through `engine`, a pointer
/// to it, and place phases in place.
public final class ExpertPlacementOwner {
  public let engine: UnsafeMutablePointer<ExpertPlacement>
  let table: ActivationTable

  public init(table: ActivationTable, far: FarSide, cost: CostModel) {
    self.table = table
    engine = .allocate(capacity: 1)
    engine.initialize(to: ExpertPlacement(table: table, far: far, cost: cost))
  }

  deinit {
    engine.pointee.deallocate()
    engine.deinitialize(count: 1)
    engine.deallocate()
  }
}
