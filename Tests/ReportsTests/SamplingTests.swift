import Simulation
import Testing

@testable import Reports

/// The marks a scatter draws: a uniform sample of each policy's rows, sharing one budget so that
/// no policy is ever left out and the budget is used whenever there are rows to fill it.
@Suite struct SamplingTests {
  /// The case: six policies, 504 points, every row eligible; sampling every k-th row of
  /// the file drew no row of two policies, whose position in each point's block the stride skipped.
  static let sixPolicies = """
    name: six
    policies: [gpu-offload, ep, monde, tp, tp-lb, tp-lb-pf]
    fixed:
      model: olmoe-1b-7b
      workload.prompt: 16
      workload.output: 8
    axes:
      ndp.units: {from: 1, to: 8, step: 1}
      ndp.bw_gb_per_s: {from: 10, to: 630, step: 10}
    objectives:
      - minimize: tpot_ms
      - minimize: energy_mj_per_token
    """

  @Test func everyPolicyIsDrawnAndTheBudgetIsFilled() throws {
    let sweep = try SyntheticSweep(space: Self.sixPolicies) { point, policy in
      SyntheticSweep.Row(metrics: [
        "tpot_ms": 10 + Double(point % 97) + Double(PolicyName.allCases.firstIndex(of: policy)!),
        "energy_mj_per_token": 100 - Double(point % 89),
      ])
    }
    let data = try sweep.data()
    #expect(data.eligibleRows == 3024)
    let scenario = try #require(data.scenarioData[0])
    let budget = data.marksPerScatter
    let sample = scenario.sample(budget: budget)
    #expect(sample.count == min(budget, 3024))
    let counts = Dictionary(grouping: sample, by: \.policy).mapValues(\.count)
    #expect(Set(counts.keys) == Set(data.space.policies))
    #expect(counts.values.allSatisfy { abs($0 - budget / 6) <= 1 }, "\(counts)")
  }

  @Test func aSmallPolicyKeepsItsRowsAndTheOthersShareTheRest() {
    #expect(StratifiedSample.allocate(budget: 100, available: [3, 500, 500]) == [3, 49, 48])
    #expect(StratifiedSample.allocate(budget: 100, available: [3, 5, 7]) == [3, 5, 7])
    // More policies than budget: every policy still gets a mark.
    #expect(StratifiedSample.allocate(budget: 2, available: [10, 10, 10]) == [1, 1, 1])
    #expect(StratifiedSample.allocate(budget: 10, available: [0, 40]) == [0, 10])
  }

  @Test func theSampleDoesNotDependOnTheOrderOfTheRows() {
    var forward = StratifiedSample(capacity: 50)
    var backward = StratifiedSample(capacity: 50)
    let rows = (0..<1000).map { ReportRow(point: $0, policy: .tp, values: []) }
    for row in rows { forward.offer(row, policyIndex: 3) }
    for row in rows.reversed() { backward.offer(row, policyIndex: 3) }
    #expect(forward.rows(50).map(\.point) == backward.rows(50).map(\.point))
    #expect(forward.rows(20).map(\.point) == Array(forward.rows(50).map(\.point).prefix(20)))
    // Spread over the whole file, not its first rows.
    #expect((forward.rows(50).map(\.point).max() ?? 0) > 900)
  }
}
