import Routing

/// Each phase's activated experts, read from the activation table's own lists (most tokens first):
/// how the offloading caches walk a phase's experts when marking them used.
struct PhaseExperts {
  private let layers: Int
  private let offsets: UnsafeBufferPointer<Int>
  private let expertIDs: UnsafeBufferPointer<UInt16>

  init(table: ActivationTable) {
    layers = table.layers
    offsets = table.offsets
    expertIDs = table.expertIDs
  }

  init(context: SimulationContext) { self.init(table: context.table) }

  /// Calls `body` with each expert of (step, layer), least-used first, so that a cache marking
  /// each used in turn ends with the most-used most recent.
  @inline(__always)
  func leastUsedFirst(step: Int, layer: Int, _ body: (Int) -> Void) {
    leastUsedFirst(phase: step &* layers &+ layer, body)
  }

  /// The same, for phase `index` (`step * layers + layer`).
  @inline(__always)
  func leastUsedFirst(phase index: Int, _ body: (Int) -> Void) {
    let first = offsets[index]
    var i = offsets[index &+ 1] &- 1
    while i >= first {
      body(Int(expertIDs[i]))
      i &-= 1
    }
  }
}
