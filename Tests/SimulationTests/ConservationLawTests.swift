import NDPModel
import Routing
import Simulation
import Testing

/// Conservation laws on seeded random valid points, for every policy: no resource is busy longer
/// than the run, no link direction moves more than its bandwidth allows, the bytes reported are the
/// bytes the link's time moved, the breakdown and the energy add up, power is energy over time.
@Suite struct ConservationLawTests {
  static let cases = 24

  /// Every feasible result of every policy at `cases` random points, with its point.
  static func samples(seed: UInt64) throws -> [(point: DesignPoint, result: PolicyResult)] {
    var rng = SplitMix64(seed: seed)
    var samples: [(DesignPoint, PolicyResult)] = []
    for _ in 0..<cases {
      var point = try ModelLawTests.randomPoint(&rng)
      point.hardware.link.latencySeconds = rng.nextUnit() * 4e-6
      point.hardware.gpu.kernelLaunchSeconds = rng.nextUnit() * 8e-6
      let results = try ModelLawTests.results(point, PreparedWorkload(generatingFor: point))
      samples += results.filter(\.feasible).map { (point, $0) }
    }
    return samples
  }

  func notAbove(_ a: Double, _ b: Double) -> Bool { a <= b * (1 + 1e-9) + 1e-15 }
  func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(abs(a), abs(b)) + 1e-12 }

  @Test func noResourceIsBusyLongerThanTheRun() throws {
    for (_, r) in try Self.samples(seed: 61) {
      let u = r.resources
      let e2e = r.e2eSeconds
      for (name, busy) in [
        ("GPU", u.gpuBusySeconds), ("link to GPU", u.linkToGPU.busySeconds),
        ("link from GPU", u.linkFromGPU.busySeconds), ("busiest NDP unit", u.ndpBusiestSeconds),
        ("host CPU", u.hostBusySeconds), ("unit links", u.unitLinkBusySeconds),
      ] {
        #expect(notAbove(busy, e2e), "\(r.policy): \(name) busy \(busy) s in a \(e2e) s run")
      }
      #expect(notAbove(u.gpuExpertSeconds, u.expertPhaseSeconds), "\(r.policy)")
      #expect(r.gpuExpertUtilisation >= 0 && notAbove(r.gpuExpertUtilisation, 1), "\(r.policy)")
      #expect(r.linkUtilisation >= 0 && notAbove(r.linkUtilisation, 1), "\(r.policy)")
    }
  }

  @Test func noLinkDirectionMovesMoreThanItsBandwidthAllows() throws {
    for (point, r) in try Self.samples(seed: 62) {
      let link = point.hardware.link
      let ceiling = link.bandwidthBytesPerSecond * link.efficiency * r.e2eSeconds
      for lane in [r.resources.linkToGPU, r.resources.linkFromGPU] {
        #expect(notAbove(lane.bytes, ceiling), "\(r.policy): \(lane.bytes) B > \(ceiling) B")
      }
    }
  }

  /// Every unit's link moves at most its bandwidth while the busiest one is busy.
  @Test func noUnitLinkMovesMoreThanItsBandwidthAllows() throws {
    let samples = try Self.samples(seed: 65)
    #expect(samples.contains { $0.result.resources.unitLinkBytes > 0 }, "no sample reduced on the unit links")
    for (point, r) in samples {
      let ndp = point.hardware.ndp
      let ceiling =
        ndp.unitLinkBandwidthBytesPerSecond * Double(point.hardware.ndpUnits)
        * r.resources.unitLinkBusySeconds
      #expect(
        notAbove(r.resources.unitLinkBytes, ceiling),
        "\(r.policy): \(r.resources.unitLinkBytes) B > \(ceiling) B")
    }
  }

  /// The laws above are checked for every policy: each is feasible at some sampled point.
  @Test func everyPolicyIsSampled() throws {
    let sampled = Set(try Self.samples(seed: 61).map(\.result.policy))
    #expect(
      sampled == Set(PolicyName.allCases), "never feasible: \(Set(PolicyName.allCases).subtracting(sampled))")
  }

  @Test func bytesReportedAreTheBytesTheLinkTimeMoved() throws {
    for (point, r) in try Self.samples(seed: 63) {
      let link = point.hardware.link
      let perByte = 1 / (link.bandwidthBytesPerSecond * link.efficiency)
      for lane in [r.resources.linkToGPU, r.resources.linkFromGPU] {
        let moved = (lane.busySeconds - lane.transfers * link.latencySeconds) / perByte
        #expect(close(moved, lane.bytes), "\(r.policy): time moved \(moved) B, reported \(lane.bytes) B")
      }
      let tokens = Double(point.workload.batchSize * point.workload.outputTokens)
      let total = r.resources.linkToGPU.bytes + r.resources.linkFromGPU.bytes
      #expect(close(r.linkBytesPerToken * tokens, total), "\(r.policy)")
    }
  }

  @Test func breakdownAndEnergyAddUp() throws {
    for (point, r) in try Self.samples(seed: 64) {
      #expect(close(r.breakdown.total, r.e2eSeconds), "\(r.policy): breakdown \(r.breakdown.total)")
      let steps = Double(point.workload.decodeSteps)
      #expect(close(r.ttftSeconds + r.tpotSeconds * steps, r.e2eSeconds), "\(r.policy)")
      let tokens = Double(point.workload.batchSize * point.workload.outputTokens)
      #expect(close(r.energy.parts.reduce(0) { $0 + $1.joules }, r.energyJoulesPerToken * tokens))
      #expect(r.energy.parts.allSatisfy { $0.joules >= 0 }, "\(r.policy)")
      #expect(r.breakdown.parts.allSatisfy { $0.seconds >= -1e-15 }, "\(r.policy): \(r.breakdown)")
    }
  }

  /// Power is energy over time; no stage's mean is below the run's (the run's is their
  /// time-weighted mean), and the static power of the GPU and host is always drawn.
  @Test func powerIsEnergyOverTimeAndThePeakStageIsNotBelowTheMean() throws {
    for (point, r) in try Self.samples(seed: 65) {
      #expect(close(r.averagePowerWatts, r.energy.total / r.e2eSeconds), "\(r.policy)")
      #expect(notAbove(r.averagePowerWatts, r.peakPowerWatts), "\(r.policy): peak \(r.peakPowerWatts)")
      let static_ = point.hardware.gpu.staticPowerWatts + point.hardware.host.staticPowerWatts
      #expect(notAbove(static_, r.averagePowerWatts), "\(r.policy)")
      let decodeRate = point.workload.decodeSteps > 0 ? Double(point.workload.batchSize) / r.tpotSeconds : 0
      #expect(close(r.decodeTokensPerSecond, decodeRate), "\(r.policy)")
    }
  }

  /// smoe's GPU memory holds an expert's weights only once they have come over the link: at batch
  /// 1 without substitution each resident decode activation that is not a cache hit is a
  /// prediction that arrived, one background transfer each. (A fetched expert the cache did not
  /// admit once stayed in GPU memory for free, and later predictions of it cost nothing.)
  @Test func everyPredictedExpertInGPUMemoryCameOverTheLink() throws {
    var rng = SplitMix64(seed: 66)
    var checked = 0
    for _ in 0..<Self.cases {
      var point = try ModelLawTests.randomPoint(&rng)
      point.workload.batchSize = 1
      point.options.substitutionAlpha = 0
      let workload = PreparedWorkload(generatingFor: point)
      let evaluation = try Evaluator.evaluate(point: point, workload: workload, policies: [.smoePF, .smoe])
      let model = point.model
      let activations = Double(point.workload.decodeSteps * model.moeLayers * model.topK)
      for r in evaluation.results where r.feasible {
        let predicted = (r.prefetchHitRate - r.cacheHitRate) * activations
        let arrived = r.resources.linkToGPU.backgroundBytes / model.expertWeightBytes
        #expect(
          notAbove(predicted, arrived), "\(r.policy): \(predicted) predicted hits, \(arrived) transfers")
        if predicted >= 1 { checked += 1 }
      }
    }
    #expect(checked > 0, "no sampled run had a predicted expert in GPU memory")
  }
}
