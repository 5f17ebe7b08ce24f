import Basics
import NDPModel
import Routing
import Simulation
import Testing

@Suite struct FeasibilityTests {
  /// 32 layers x 8 experts x 352 MB = 90 GB of experts; two 32 GB DIMMs hold 64 GB.
  func mixtralOnTwoDIMMs() throws -> DesignPoint {
    var point = try DesignPoint.from(
      PresetSelection(
        model: "mixtral-8x7b", gpu: "rtx5080", ndp: "ndp-dimm", link: "pcie5-x16",
        host: "ddr5-host-128"))
    point.hardware.ndpUnits = 2
    return point
  }

  func evaluate(_ point: DesignPoint) throws -> [PolicyName: PolicyResult] {
    var small = point
    small.workload = Workload(batchSize: 1, promptTokens: 8, outputTokens: 4, seed: 1)
    let evaluation = try Evaluator.evaluate(
      point: small, workload: PreparedWorkload(generatingFor: small), policies: PolicyName.allCases)
    return Dictionary(uniqueKeysWithValues: evaluation.results.map { ($0.policy, $0) })
  }

  @Test func mixtralDoesNotFitOnTwoNDPDIMMs() throws {
    let point = try mixtralOnTwoDIMMs()
    let results = try evaluate(point)
    for policy in [PolicyName.ep, .monde, .tp, .tpLB, .tpLBPF] {
      #expect(results[policy]?.feasible == false)
      #expect(results[policy]?.infeasibleReason?.hasPrefix("NDP memory") == true)
    }
    #expect(results[.gpuOffload]?.feasible == true)
    #expect(results[.oracle]?.feasible == true)
  }

  @Test func aGPUTooSmallForTheNonExpertWeightsMakesEveryPolicyInfeasible() throws {
    var point = try DesignPoint.from(PresetSelection())
    point.hardware.gpu.memoryCapacityBytes = 2e9
    let results = try evaluate(point)
    for policy in PolicyName.allCases {
      #expect(results[policy]?.feasible == false)
      #expect(results[policy]?.infeasibleReason?.hasPrefix("GPU memory") == true)
    }
  }

  @Test func offloadingNeedsTheExpertsToFitInHostMemory() throws {
    var point = try DesignPoint.from(PresetSelection())
    point.hardware.host.memoryCapacityBytes = 10e9
    let results = try evaluate(point)
    #expect(results[.gpuOffload]?.infeasibleReason?.hasPrefix("host memory") == true)
    #expect(results[.tp]?.feasible == true)
  }

  @Test func speedupIsAbsentWhenTheBaselineIsInfeasible() throws {
    let point = try mixtralOnTwoDIMMs()
    let results = try evaluate(point)
    #expect(results[.gpuOffload]?.speedup == nil)
  }

  @Test func tpDegreeMustDivideTheUnitCount() throws {
    var point = try DesignPoint.from(PresetSelection())
    point.options.tpDegree = 3
    #expect(throws: InputError.self) { try Evaluator.validate(point) }
    point.options.tpDegree = 8
    #expect(throws: InputError.self) { try Evaluator.validate(point) }
    point.options.tpDegree = 2
    try Evaluator.validate(point)
  }

  @Test func expertBudgetFollowsFreeGPUMemory() throws {
    // Qwen3-30B-A3B: 9.437 MB experts, 48 MoE layers.
    var point = try DesignPoint.from(PresetSelection())
    point.options.gpuExpertBudgetBytes = 48 * 9_437_184 * 10
    #expect(MemoryPlan(point: point).gpuExpertsPerLayer == 10)
    point.options.gpuExpertBudgetBytes = 0
    #expect(MemoryPlan(point: point).gpuExpertsPerLayer == 0)
  }

  @Test func aCacheSizeBeyondTheExpertBudgetIsInfeasibleForTheCachingPolicies() throws {
    // Qwen3-30B-A3B: 128 experts x 48 layers x 9.437 MB = 58 GB of cache on a 16 GB GPU.
    var point = try DesignPoint.from(PresetSelection())
    point.options.cacheExpertsPerLayer = 128
    point.options.gpuExpertBudgetBytes = 0
    let results = try evaluate(point)
    for policy in [PolicyName.gpuOffload, .smoeEvict, .smoeSub, .smoePF, .smoe] {
      #expect(results[policy]?.feasible == false, "\(policy)")
      #expect(
        results[policy]?.infeasibleReason?.hasPrefix("GPU memory: a cache of 128 experts per layer") == true)
    }
    #expect(results[.tp]?.feasible == true)
  }

  @Test func gpuOffloadUsesTheCacheSizeItIsGiven() throws {
    // Rich toy decode [2, 0] then [3, 1] after a prefill of [0, 1], [1, 2]: with 3 cached experts
    // per layer (the prefill's), step 1 hits both; with 1 it hits neither.
    var knobs = Toy.rich
    knobs.gpuExpertBudgetBytes = 1e9
    var point = Toy.point(knobs)
    point.options.cacheExpertsPerLayer = 3
    let three = try #require(Toy.evaluate(point, [.gpuOffload], routing: Toy.richRouting())[.gpuOffload])
    point.options.cacheExpertsPerLayer = 1
    let one = try #require(Toy.evaluate(point, [.gpuOffload], routing: Toy.richRouting())[.gpuOffload])
    // Three cached: step 1 hits 2 and 0; step 2 [3, 1]: 1 hits (3 misses). One cached: no hits.
    #expect(abs(three.cacheHitRate - 3.0 / 4) < 1e-12)
    #expect(one.cacheHitRate == 0)
  }

  @Test func theBusiestUnitHoldsTheCeilingOfItsShareOfExperts() {
    // Rich toy: 4 experts over 3 units (ep): one unit holds 2 per layer, 2 layers x 2 x 3 MB = 12 MB.
    var knobs = Toy.rich
    knobs.units = 3
    var point = Toy.point(knobs)
    point.hardware.ndp.capacityBytes = 11.9e6
    #expect(MemoryPlan(point: point).infeasibility(policy: .ep, point: point, tpDegree: 3) != nil)
    point.hardware.ndp.capacityBytes = 12e6
    #expect(MemoryPlan(point: point).infeasibility(policy: .ep, point: point, tpDegree: 3) == nil)
  }
}
