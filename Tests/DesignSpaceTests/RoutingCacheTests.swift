import Dispatch
import NDPModel
import Routing
import Simulation
import Testing

@testable import DesignSpace

/// Workers that need the same workload's routing at the same moment share one generation.
@Suite struct RoutingCacheTests {
  @Test func concurrentWorkersGenerateEachWorkloadOnce() throws {
    var base = try DesignPoint.from(PresetSelection())
    base.workload = Workload(batchSize: 2, promptTokens: 64, outputTokens: 16, seed: 5)
    let point = base
    let cache = RoutingCache()
    let batches = [1, 2, 4]
    DispatchQueue.concurrentPerform(iterations: 24) { i in
      var mine = point
      mine.workload.batchSize = batches[i % batches.count]
      _ = cache.workload(for: mine)
    }
    #expect(cache.generated == batches.count)
  }

  /// Forty workloads asked for in a shuffled order, again and again: each is generated once while
  /// they fit the budget; with a budget for about two, memory wins and they are made again.
  @Test func eachWorkloadOnceWithinTheBudget() throws {
    var selection = PresetSelection()
    selection.model = "olmoe-1b-7b"
    var base = try DesignPoint.from(selection)
    base.workload = Workload(batchSize: 1, promptTokens: 8, outputTokens: 2, seed: 5)
    var order = Array(0..<40)
    var rng = SplitMix64(seed: 7)
    func sweep(_ cache: RoutingCache) {
      for _ in 0..<3 {
        order.shuffle(using: &rng)
        for i in order {
          var point = base
          point.workload.promptTokens = 8 + i
          _ = cache.workload(for: point)
        }
      }
    }
    let roomy = RoutingCache()
    sweep(roomy)
    #expect(roomy.generated == 40)
    let one = PreparedWorkload(generatingFor: base).approximateBytes
    let tight = RoutingCache(budgetBytes: 2 * one)
    sweep(tight)
    #expect(tight.generated > 40)
  }
}
