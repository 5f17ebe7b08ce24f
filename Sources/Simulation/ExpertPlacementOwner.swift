import Routing

/// Owns an `ExpertPlacement` for a run: keeps the table alive and the placement (with its scratch
/// memory) in one place, so policies reach it through `engine`, a pointer to it, and place phases
/// in place (a class property would pay an exclusivity check on every access).
public final class ExpertPlacementOwner {
  public let engine: UnsafeMutablePointer<ExpertPlacement>
  let table: ActivationTable

  public init(table: ActivationTable, far: FarSide, cost: CostModel) {
    self.table = table
    engine = .allocate(capacity: 1)
    engine.initialize(to: ExpertPlacement(table: table, far: far, cost: cost))
  }

  deinit {
    engine.deinitialize(count: 1)
    engine.deallocate()
  }
}
