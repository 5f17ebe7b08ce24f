import Simulation
import Testing

@testable import Reports

/// The recommendation: per scenario, the best design for each objective (ties broken by the
/// others, never by file order) and the knee of the front, each with its deciding numbers.
@Suite struct RecommendationTests {
  static let space = """
    name: pick
    policies: [gpu-offload, tp-lb-pf, oracle]
    fixed:
      workload.prompt: 16
      workload.output: 8
    axes:
      model: [olmoe-1b-7b, deepseek-v2-lite]
      ndp.units: [2, 4, 8]
    objectives:
      - minimize: tpot_ms
      - minimize: cost_usd
    prices:
      ndp: {ndp-dimm: 150}
    """

  /// tpot and cost per (units index, policy); the second model is twice as slow.
  static func row(_ point: Int, _ policy: PolicyName) -> SyntheticSweep.Row {
    let units = point % 3
    let slow = point >= 3 ? 2.0 : 1.0
    let figures: (tpot: Double, cost: Double) =
      switch policy {
      case .gpuOffload: (20, 1000)  // equal tpot at every unit count, equal cost: one design
      case .oracle: (1, 1000)
      default: ([(20.0, 1300.0), (12, 1600), (10, 2200)][units])
      }
    return .init(metrics: ["tpot_ms": figures.tpot * slow, "cost_usd": figures.cost])
  }

  @Test func bestIsPerScenarioAndTiesGoToTheBetterOtherObjective() throws {
    let data = try SyntheticSweep(space: Self.space, row: Self.row).data()
    #expect(data.scenarios.count == 2)
    for index in 0..<2 {
      let scenario = try #require(data.scenarioData[index])
      let picks = Recommendation(scenario: scenario, data: data).picks
      #expect(
        picks.map(\.goal) == ["lowest time per output token", "lowest cost", "knee of the front (balanced)"])
      // Fastest: tp-lb-pf on 8 units, in this scenario only (the other model is never compared).
      #expect(picks[0].row.policy == .tpLBPF && picks[0].row.point == 3 * index + 2)
      // gpu-offload and tp-lb-pf on 2 units tie on tpot (20); gpu-offload is cheaper, and it
      // comes first in the file, so the tie-break must come from the cost, not the order.
      #expect(picks[1].row.policy == .gpuOffload && picks[1].row.point == 3 * index)
      #expect(picks[2].row.policy == .tpLBPF && picks[2].row.point == 3 * index + 1)
    }
    let first = Recommendation(scenario: data.scenarioData[0]!, data: data).picks
    #expect(first[0].why == "10 ms, the lowest of 6 eligible rows; $2,200")
    #expect(
      first[2].why
        == "closest to the ideal of the 3 front designs: 12 ms (+20% on the best), $1,600 (+60% on the best)")
  }

  /// A best of zero (a design that substitutes nothing, a free one) has no gap in percent: the
  /// knee names the best value instead of calling its own the best.
  @Test func theKneeAgainstABestOfZeroShowsThatBest() throws {
    let data = try SyntheticSweep(space: Self.space) { point, policy in
      let units = point % 3
      let (tpot, cost) = policy == .tpLBPF ? [(20.0, 0.0), (12, 600), (10, 2200)][units] : (30.0, 3000.0)
      return .init(metrics: ["tpot_ms": tpot, "cost_usd": cost])
    }.data()
    let picks = Recommendation(scenario: data.scenarioData[0]!, data: data).picks
    #expect(
      picks.last?.why
        == "closest to the ideal of the 3 front designs: 12 ms (+20% on the best), $600 (best $0)")
  }

  @Test func theFrontCountsARepeatedDesignOnce() throws {
    let data = try SyntheticSweep(space: Self.space, row: Self.row).data()
    let front = data.scenarioData[0]!.frontRows
    #expect(front.filter { $0.policy == .gpuOffload }.count == 1)
    #expect(front.count == 3)
  }

  @Test func oneDesignBestAtEverythingIsOneLine() throws {
    let data = try SyntheticSweep(space: Self.space) { point, policy in
      .init(metrics: ["tpot_ms": policy == .tpLBPF ? 5 : 9, "cost_usd": policy == .tpLBPF ? 500 : 900])
    }.data()
    let picks = Recommendation(scenario: data.scenarioData[0]!, data: data).picks
    #expect(picks.count == 1 && picks[0].goal == "every objective" && picks[0].row.policy == .tpLBPF)
  }

  @Test func aScenarioWithNothingEligibleSaysSoPlainly() throws {
    let sweep = try SyntheticSweep(space: Self.space) { point, policy in
      point < 3 ? .init(feasible: false, reason: "GPU memory: too small") : Self.row(point, policy)
    }
    let html = try sweep.page()
    #expect(html.contains("No design meets the constraints here: all 6 design rows are infeasible"))
  }
}
