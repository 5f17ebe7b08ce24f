import Dispatch
import NDPModel
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
}
