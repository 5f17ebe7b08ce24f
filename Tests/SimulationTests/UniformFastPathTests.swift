import NDPModel
import Routing
import Testing

@testable import Simulation

/// Layer-steps whose experts all have the same token count (every batch-1 decode step) take a
/// closed-form path; it must agree with the general prefix/suffix path on everything.
@Suite struct UniformFastPathTests {
  func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(abs(a), abs(b)) + 1e-15 }

  @Test func fastPathAgreesWithTheGeneralPath() throws {
    var rng = SplitMix64(seed: 61)
    var uniformSteps = 0
    for _ in 0..<ModelLawTests.cases {
      var point = try ModelLawTests.randomPoint(&rng)
      if rng.next() % 2 == 0 { point.workload.batchSize = 1 }
      let workload = PreparedWorkload(generatingFor: point)
      uniformSteps += workload.table.uniformCounts.filter { $0 > 0 }.count
      let fast = try Evaluator.evaluate(
        point: point, workload: workload, policies: PolicyName.allCases, baseline: .tp,
        uniformFastPath: true)
      let general = try Evaluator.evaluate(
        point: point, workload: workload, policies: PolicyName.allCases, baseline: .tp,
        uniformFastPath: false)
      for (f, g) in zip(fast.results, general.results) {
        #expect(f.feasible == g.feasible)
        guard f.feasible else { continue }
        #expect(close(f.e2eSeconds, g.e2eSeconds), "\(f.policy) e2e")
        #expect(close(f.ttftSeconds, g.ttftSeconds), "\(f.policy) ttft")
        #expect(close(f.energyJoulesPerToken, g.energyJoulesPerToken), "\(f.policy) energy")
        #expect(close(f.linkBytesPerToken, g.linkBytesPerToken), "\(f.policy) link")
        #expect(close(f.gpuExpertUtilisation, g.gpuExpertUtilisation), "\(f.policy) util")
        #expect(close(f.ndpImbalance, g.ndpImbalance), "\(f.policy) imbalance")
        #expect(f.prefetchHitRate == g.prefetchHitRate, "\(f.policy) hit rate")
        for (a, b) in zip(f.breakdown.parts, g.breakdown.parts) {
          #expect(close(a.seconds, b.seconds), "\(f.policy) \(a.key)")
        }
      }
    }
    // The comparison exercised the fast path for real.
    #expect(uniformSteps > 100)
  }
}
