import NDPModel
import Routing
import Testing

@testable import Simulation

/// A policy's decisions (substitutions, cache contents, predictions) are made once per workload
/// and reused at every point that shares it; only their cost depends on the hardware. Reuse must
/// never change a result: each point evaluated after others on a shared workload gives exactly
/// what it gives on a workload of its own.
@Suite struct DecisionReuseTests {
  @Test func sharedDecisionsGiveTheResultsOfFreshOnes() throws {
    var rng = SplitMix64(seed: 29)
    for _ in 0..<6 {
      let base = try ModelLawTests.randomPoint(&rng)
      let shared = PreparedWorkload(generatingFor: base)
      for variant in 0..<4 {
        var point = base
        point.hardware.ndpUnits = [1, 2, 4, 8][variant]
        point.options.tpDegree = nil
        point.hardware.link.bandwidthBytesPerSecond *= 0.5 + Double(variant)
        point.hardware.gpu.memoryBandwidthBytesPerSecond *= 1 + 0.3 * Double(variant)
        point.options.gpuExpertBudgetBytes = variant == 3 ? 1e9 : base.options.gpuExpertBudgetBytes
        let reused = try ModelLawTests.results(point, shared)
        let fresh = try ModelLawTests.results(point, PreparedWorkload(generatingFor: point))
        #expect(reused.count == PolicyName.allCases.count && fresh.count == reused.count)
        for (a, b) in zip(reused, fresh) {
          #expect(a == b, "\(a.policy) at variant \(variant) differs when its decisions are reused")
        }
      }
    }
  }

  /// A point's decisions always fit in what the workload keeps, however large they are next to
  /// a small workload's floor (here none): evaluating every policy at three points makes each
  /// decision once. Under a fixed budget smaller than one point's decisions they evict each other
  /// and are made again at every point.
  @Test func onePointsDecisionsAreMadeOncePerWorkload() throws {
    var rng = SplitMix64(seed: 37)
    let base = try ModelLawTests.randomPoint(&rng)
    let routing = RoutingGenerator.generate(model: base.model, workload: base.workload)
    let workload = PreparedWorkload(
      routing: routing, table: ActivationTable(routing: routing), decisionFloorBytes: 0)
    var madeAtFirst = 0
    for variant in 0..<3 {
      var point = base
      // The NDP units' bandwidth: no decision depends on it (the predictor's horizon depends on
      // the link's).
      point.hardware.ndp.internalBandwidthBytesPerSecond *= 1 + Double(variant)
      _ = try ModelLawTests.results(point, workload)
      if variant == 0 { madeAtFirst = workload.decisions.made }
    }
    #expect(madeAtFirst >= 7, "smoe-evict, smoe-sub, smoe-pf, smoe, tp-lb-pf-sub, tp-lb-pp, offload-pp")
    #expect(workload.decisions.made == madeAtFirst)
    #expect(workload.decisions.approximateBytes > 3 * workload.table.approximateBytes)
  }

  @Test func knobsThatChangeDecisionsAreNotSharedAcrossValues() throws {
    var rng = SplitMix64(seed: 31)
    let base = try ModelLawTests.randomPoint(&rng)
    let shared = PreparedWorkload(generatingFor: base)
    for alpha in [0.0, 0.3, 0.9] {
      for window in [1, 8] {
        var point = base
        point.options.substitutionAlpha = alpha
        point.options.evictionWindowSteps = window
        point.options.prefetchAccuracy = alpha
        // The learned predictor's cache (tp-lb-pp, offload-pp) depends on its accuracy and
        // horizon.
        point.options.predictorAccuracy = 1 - alpha
        point.options.prefetchHorizonLayers = window
        let reused = try ModelLawTests.results(point, shared)
        let fresh = try ModelLawTests.results(point, PreparedWorkload(generatingFor: point))
        #expect(reused == fresh, "alpha \(alpha), window \(window)")
      }
    }
  }
}
