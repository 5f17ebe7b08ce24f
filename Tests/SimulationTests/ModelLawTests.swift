import NDPModel
import Routing
import Simulation
import Testing

/// The model's laws, checked on seeded random valid points: oracle never beaten, more bandwidth
/// never slower, tp = ep on one unit, tp-lb never slower than tp, same seed same results. One law
/// has a real exception, pinned by `aFasterGPUCanLeaveNextLayerPredictionsLessTimeToArrive`.
/// The bandwidth laws leave out what `PolicyName.obeys` exempts: run with 400 cases, each exempt
/// policy breaks them somewhere.
@Suite struct ModelLawTests {
  static let cases = 24

  /// A random valid point from the presets: small models and workloads so debug builds stay fast.
  static func randomPoint(_ rng: inout SplitMix64) throws -> DesignPoint {
    func pick<T>(_ items: [T]) -> T { items[Int(rng.next() % UInt64(items.count))] }
    let selection = PresetSelection(
      model: pick(["olmoe-1b-7b", "qwen1.5-moe-a2.7b", "deepseek-v2-lite", "mixtral-8x7b", "phi-3.5-moe"]),
      gpu: pick(Presets.names(of: .gpu)), ndp: pick(Presets.names(of: .ndp)),
      link: pick(Presets.names(of: .link)), host: pick(Presets.names(of: .host)))
    var point = try DesignPoint.from(selection)
    let units = pick([1, 2, 3, 4, 6, 8])
    point.hardware.ndpUnits = units
    let divisors = (1...units).filter { units % $0 == 0 }
    point.options.tpDegree = rng.next() % 2 == 0 ? nil : pick(divisors)
    point.options.gpuExpertBudgetBytes = rng.next() % 3 == 0 ? nil : Double(rng.next() % 8) * 1e9
    point.hardware.ndp.internalBandwidthBytesPerSecond *= 0.5 + rng.nextUnit() * 2
    point.hardware.gpu.memoryBandwidthBytesPerSecond *= 0.5 + rng.nextUnit()
    point.hardware.link.bandwidthBytesPerSecond *= 0.5 + rng.nextUnit()
    point.hardware.ndp.operationOverheadSeconds = rng.nextUnit() * 5e-6
    point.workload = Workload(
      batchSize: pick([1, 2, 4]), promptTokens: pick([8, 16, 48]), outputTokens: pick([2, 6, 12]),
      seed: rng.next() % 1000)
    point.model.routing.zipfExponent = rng.nextUnit()
    point.options.ndpAverageBits = pick([0, 0, 1, 2, 2.5, 3, 4])
    return point
  }

  static func results(_ point: DesignPoint, _ workload: PreparedWorkload) throws -> [PolicyResult] {
    try Evaluator.evaluate(point: point, workload: workload, policies: PolicyName.allCases).results
  }

  /// `a <= b` up to rounding in the last bits.
  func notAbove(_ a: Double, _ b: Double) -> Bool { a <= b * (1 + 1e-12) }

  @Test func oracleIsNeverBeaten() throws {
    var rng = SplitMix64(seed: 11)
    for _ in 0..<Self.cases {
      let point = try Self.randomPoint(&rng)
      let results = try Self.results(point, PreparedWorkload(generatingFor: point))
      let oracle = try #require(results.first { $0.policy == .oracle })
      guard oracle.feasible else { continue }
      // Substituting policies change the work itself; the oracle bounds those that compute the
      // routed experts.
      for r in results where r.feasible && !r.policy.substitutes {
        #expect(notAbove(oracle.e2eSeconds, r.e2eSeconds), "\(r.policy) beat the oracle")
        #expect(notAbove(oracle.ttftSeconds, r.ttftSeconds), "\(r.policy) beat the oracle's TTFT")
      }
    }
  }

  /// `MonotoneLaws` (what `solve` bisects) rests on these: e2e and ttft never rise, nor does
  /// tpot unless `decode` is false (link bandwidth: a prefill that ends sooner can leave a
  /// prefetching decode less overlap).
  func checkMoreIsNeverSlower(
    _ faster: (inout DesignPoint) -> Void, seed: UInt64, except: Set<PolicyName> = [], decode: Bool = true,
    setting: (inout DesignPoint) -> Void = { _ in }
  ) throws {
    var rng = SplitMix64(seed: seed)
    for _ in 0..<Self.cases {
      var point = try Self.randomPoint(&rng)
      setting(&point)
      var better = point
      faster(&better)
      let workload = PreparedWorkload(generatingFor: point)
      let before = try Self.results(point, workload)
      let after = try Self.results(better, workload)
      for (slow, fast) in zip(before, after) where slow.feasible && !except.contains(slow.policy) {
        #expect(fast.feasible)
        #expect(notAbove(fast.e2eSeconds, slow.e2eSeconds), "\(slow.policy) got slower")
        #expect(notAbove(fast.ttftSeconds, slow.ttftSeconds), "\(slow.policy) prefill got slower")
        if decode {
          #expect(notAbove(fast.tpotSeconds, slow.tpotSeconds), "\(slow.policy) decode got slower")
        }
      }
    }
  }

  /// The policies `PolicyName.obeys` exempts from `law`.
  static func exempt(_ law: BandwidthLaw) -> Set<PolicyName> {
    Set(PolicyName.allCases.filter { !$0.obeys(law) })
  }

  @Test func moreNDPBandwidthIsNeverSlower() throws {
    try checkMoreIsNeverSlower(
      { $0.hardware.ndp.internalBandwidthBytesPerSecond *= 1.37 }, seed: 21, except: Self.exempt(.ndp))
  }

  /// Next-layer predictions hide their transfers behind the layer before: a faster GPU leaves
  /// them less time (see the test below), so smoe-pf and smoe are left out here.
  @Test func moreGPUBandwidthIsNeverSlower() throws {
    try checkMoreIsNeverSlower(
      { $0.hardware.gpu.memoryBandwidthBytesPerSecond *= 1.29 }, seed: 22,
      except: Self.exempt(.gpu))
  }

  /// The tightest form that holds for smoe-pf: without predictions it obeys the law (smoe does
  /// not: its cache fills get the room its phases leave).
  @Test func moreGPUBandwidthIsNeverSlowerForSMoEPFWithoutPredictions() throws {
    try checkMoreIsNeverSlower(
      { $0.hardware.gpu.memoryBandwidthBytesPerSecond *= 1.29 }, seed: 24,
      except: Set(PolicyName.allCases).subtracting([.smoePF]),
      setting: { $0.options.prefetchAccuracy = 0 })
  }

  /// The README's case: OLMoE-1B-7B on a Jetson AGX Thor whose memory runs at 190 GB/s, batch 1,
  /// 48 + 12 tokens, 4 GB for experts. With 245 GB/s each layer ends sooner, so fewer of the
  /// next layer's predicted experts have crossed the link when it starts: smoe-pf's resident share
  /// falls and its time per token rises, while every other policy gets faster.
  @Test func aFasterGPUCanLeaveNextLayerPredictionsLessTimeToArrive() throws {
    var point = try DesignPoint.from(
      PresetSelection(
        model: "olmoe-1b-7b", gpu: "jetson-agx-thor", ndp: "ndp-dimm", link: "pcie5-x16",
        host: "ddr5-host-128"))
    point.workload = Workload(batchSize: 1, promptTokens: 48, outputTokens: 12, seed: 538)
    point.options.gpuExpertBudgetBytes = 4e9
    point.hardware.gpu.memoryBandwidthBytesPerSecond = 190e9
    point.hardware.link.bandwidthBytesPerSecond = 54.4e9
    point.model.routing.zipfExponent = 0.24
    var faster = point
    faster.hardware.gpu.memoryBandwidthBytesPerSecond = 245e9
    let workload = PreparedWorkload(generatingFor: point)
    let policies: [PolicyName] = [.smoeSub, .smoePF]
    let slow = try Evaluator.evaluate(point: point, workload: workload, policies: policies).results
    let fast = try Evaluator.evaluate(point: faster, workload: workload, policies: policies).results
    #expect(fast[0].e2eSeconds < slow[0].e2eSeconds)
    #expect(fast[1].prefetchHitRate < slow[1].prefetchHitRate)
    #expect(fast[1].e2eSeconds > slow[1].e2eSeconds)
  }

  @Test func moreHostBandwidthIsNeverSlower() throws {
    try checkMoreIsNeverSlower(
      { $0.hardware.host.memoryBandwidthBytesPerSecond *= 1.4 }, seed: 25,
      except: Self.exempt(.host))
  }

  @Test func moreLinkBandwidthIsNeverSlower() throws {
    try checkMoreIsNeverSlower(
      { $0.hardware.link.bandwidthBytesPerSecond *= 1.5 }, seed: 23,
      except: Self.exempt(.link), decode: false)
  }

  /// Raising the unit-to-unit bandwidth (what tp reduces partial sums over and tp-stream moves
  /// slices over), from a tenth of each preset's so that it matters.
  @Test func moreUnitLinkBandwidthIsNeverSlower() throws {
    try checkMoreIsNeverSlower(
      { $0.hardware.ndp.unitLinkBandwidthBytesPerSecond *= 1.6 }, seed: 26, except: Self.exempt(.unitLink),
      setting: { $0.hardware.ndp.unitLinkBandwidthBytesPerSecond *= 0.1 })
  }

  /// With one unit per group nothing is streamed: tp-stream is ep with each unit's experts
  /// overlapped (the largest of the read and compute sums, not the sum of each expert's larger),
  /// so it never ends later, and ends sooner wherever an expert's compute outweighs its read.
  @Test func streamingOnOneUnitPerGroupIsNeverSlowerThanExpertParallel() throws {
    let sooner = try checkNeverSlower(.tpStream, than: .ep, seed: 32) { $0.options.tpDegree = 1 }
    #expect(sooner > 0, "no sampled point where overlapping experts helped")
  }

  @Test func withOneNDPUnitTensorParallelIsExpertParallel() throws {
    var rng = SplitMix64(seed: 31)
    for _ in 0..<Self.cases {
      var point = try Self.randomPoint(&rng)
      point.hardware.ndpUnits = 1
      point.options.tpDegree = nil
      let results = try Self.results(point, PreparedWorkload(generatingFor: point))
      let tp = try #require(results.first { $0.policy == .tp })
      let ep = try #require(results.first { $0.policy == .ep })
      #expect(tp.feasible == ep.feasible)
      #expect(tp.e2eSeconds == ep.e2eSeconds)
      #expect(tp.breakdown == ep.breakdown)
    }
  }

  @Test func loadBalancingIsNeverSlowerThanTensorParallel() throws {
    var rng = SplitMix64(seed: 41)
    for _ in 0..<Self.cases {
      let point = try Self.randomPoint(&rng)
      let results = try Self.results(point, PreparedWorkload(generatingFor: point))
      let tp = try #require(results.first { $0.policy == .tp })
      let lb = try #require(results.first { $0.policy == .tpLB })
      guard tp.feasible else { continue }
      #expect(lb.e2eSeconds <= tp.e2eSeconds)
      #expect(lb.ttftSeconds <= tp.ttftSeconds)
    }
  }

  /// On random points `faster` never ends the run or the prefill later than `slower` (feasible
  /// at the point); returns at how many points it ended the run strictly sooner.
  func checkNeverSlower(
    _ faster: PolicyName, than slower: PolicyName, seed: UInt64,
    setting: (inout DesignPoint) -> Void = { _ in }
  ) throws -> Int {
    var rng = SplitMix64(seed: seed)
    var sooner = 0
    for _ in 0..<Self.cases {
      var point = try Self.randomPoint(&rng)
      setting(&point)
      let results = try Evaluator.evaluate(
        point: point, workload: PreparedWorkload(generatingFor: point), policies: [slower, faster],
        baseline: slower
      ).results
      let (slow, fast) = (results[0], results[1])
      guard slow.feasible else { continue }
      #expect(
        notAbove(fast.e2eSeconds, slow.e2eSeconds),
        "\(faster) \(fast.e2eSeconds) s, \(slower) \(slow.e2eSeconds) s")
      #expect(notAbove(fast.ttftSeconds, slow.ttftSeconds))
      if fast.e2eSeconds < slow.e2eSeconds { sooner += 1 }
    }
    return sooner
  }

  /// smoe's next-layer predictions move only in the link's idle time and only ever save a fetch,
  /// so they never make it slower.
  @Test func predictionNeverSlowsSMoE() throws {
    let helped = try checkNeverSlower(.smoePF, than: .smoeSub, seed: 42)
    #expect(helped > 0, "no sampled point where a prediction helped")
  }

  /// Duplex's greedy descent over an estimate picks one of the splits the exact search weighs, and
  /// every phase starts with the link free, so it never ends a phase, or the run, sooner.
  @Test func duplexNeverBeatsTheExactSearch() throws {
    let slower = try checkNeverSlower(.tpLB, than: .duplex, seed: 43)
    #expect(slower > 0, "no sampled point where duplex's estimate cost time")
  }

  /// A predictor that is always right, one phase ahead, only ever saves a fetch; one that is
  /// always wrong only moves bytes in the link's idle time: tp-lb's time, more link bytes.
  @Test func predictorGuessesHelpWhenRightAndOnlyCostWhenWrong() throws {
    var rng = SplitMix64(seed: 44)
    var helped = 0
    for _ in 0..<Self.cases {
      var point = try Self.randomPoint(&rng)
      point.options.prefetchHorizonLayers = 1
      let workload = PreparedWorkload(generatingFor: point)
      var wrong = point
      point.options.predictorAccuracy = 1
      wrong.options.predictorAccuracy = 0
      let right = try Evaluator.evaluate(point: point, workload: workload, policies: [.tpLB, .tpLBPP]).results
      let miss = try Evaluator.evaluate(point: wrong, workload: workload, policies: [.tpLBPP]).results[0]
      let lb = right[0]
      guard lb.feasible else { continue }
      #expect(notAbove(right[1].e2eSeconds, lb.e2eSeconds))
      #expect(notAbove(right[1].ttftSeconds, lb.ttftSeconds))
      #expect(miss.e2eSeconds == lb.e2eSeconds && miss.ttftSeconds == lb.ttftSeconds)
      #expect(miss.resources.linkToGPU.bytes >= lb.resources.linkToGPU.bytes)
      if right[1].e2eSeconds < lb.e2eSeconds { helped += 1 }
    }
    #expect(helped > 0, "no sampled point where a right guess helped")
  }

  @Test func offloadPredictorGuessesOnlyCostWhenAllWrong() throws {
    var rng = SplitMix64(seed: 46)
    var helped = 0
    for _ in 0..<Self.cases {
      var point = try Self.randomPoint(&rng)
      point.options.predictorAccuracy = 0
      let workload = PreparedWorkload(generatingFor: point)
      let wrong = try Evaluator.evaluate(
        point: point, workload: workload, policies: [.gpuOffload, .offloadPP]
      )
      .results
      guard wrong[0].feasible else { continue }
      #expect(wrong[1].e2eSeconds == wrong[0].e2eSeconds && wrong[1].ttftSeconds == wrong[0].ttftSeconds)
      #expect(wrong[1].cacheHitRate == wrong[0].cacheHitRate)
      #expect(wrong[1].resources.linkToGPU.bytes >= wrong[0].resources.linkToGPU.bytes)
      point.options.predictorAccuracy = 1
      let right = try Evaluator.evaluate(point: point, workload: workload, policies: [.offloadPP]).results[0]
      if right.e2eSeconds < wrong[0].e2eSeconds { helped += 1 }
    }
    #expect(helped > 0, "no sampled point where a right guess helped")
  }

  @Test func contextPlacementPrefillsAsMondeAndQuantizesOnlyTheDecode() throws {
    var rng = SplitMix64(seed: 45)
    var reduced = 0
    for _ in 0..<Self.cases {
      var point = try Self.randomPoint(&rng)
      point.options.ndpAverageBits = 0
      var quantized = point
      quantized.options.ndpAverageBits = 2
      let workload = PreparedWorkload(generatingFor: point)
      let full = try Evaluator.evaluate(point: point, workload: workload, policies: [.monde, .ctxPlace])
        .results
      let low = try Evaluator.evaluate(point: quantized, workload: workload, policies: [.ctxPlace]).results[0]
      guard full[0].feasible else { continue }
      #expect(full[1].ttftSeconds == full[0].ttftSeconds && low.ttftSeconds == full[0].ttftSeconds)
      #expect(full[1].reducedPrecisionScoreMass == 0)
      #expect(low.reducedPrecisionScoreMass >= 0 && low.reducedPrecisionScoreMass < 1)
      if low.reducedPrecisionScoreMass > 0 { reduced += 1 }
    }
    #expect(reduced > 0, "no sampled point computed anything below the model's precision")
  }

  @Test func identicalSeedsGiveIdenticalResultsAndOtherSeedsDiffer() throws {
    var rng = SplitMix64(seed: 51)
    for _ in 0..<6 {
      var point = try Self.randomPoint(&rng)
      point.hardware.ndpUnits = 4
      point.options.tpDegree = nil
      point.hardware.ndp.capacityBytes = 1e12
      point.model.routing.zipfExponent = 0.4
      let first = try Self.results(point, PreparedWorkload(generatingFor: point))
      let second = try Self.results(point, PreparedWorkload(generatingFor: point))
      #expect(first == second)
      var other = point
      other.workload.seed += 1
      let third = try Self.results(other, PreparedWorkload(generatingFor: other))
      let ep = { (rs: [PolicyResult]) in rs.first { $0.policy == .ep }!.e2eSeconds }
      #expect(ep(first) != ep(third))
    }
  }
}
