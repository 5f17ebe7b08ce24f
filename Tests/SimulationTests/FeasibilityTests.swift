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
}
