import NDPModel
import Routing
import Testing

@testable import Simulation

@Suite struct LayerScheduleTests {
  func schedule(_ policy: PolicyName, _ point: DesignPoint) throws -> LayerSchedule {
    try #require(
      try Evaluator.schedule(
        point: point, workload: PreparedWorkload(routing: Toy.routing()), policy: policy, step: 1,
        layer: 0))
  }

  @Test func expertParallelStacksBothDecodeExpertsOnUnitZero() throws {
    // Decode [2, 0] on 2 units: both on unit 0 (e mod 2 = 0), 3 ms each, after a 4 us dispatch.
    let s = try schedule(.ep, Toy.point(units: 2))
    let unit0 = s.tasks.filter { $0.lane == .ndp(0) }
    // Placement order: most tokens first, ties by lower id.
    #expect(unit0.map(\.expert) == [0, 2])
    #expect(abs(unit0[0].start - 4e-6) < 1e-12 && abs(unit0[1].end - (4e-6 + 6e-3)) < 1e-12)
    #expect(s.tasks.filter { $0.lane == .ndp(1) }.isEmpty)
    #expect(s.tasks.first?.kind == .dispatch && s.tasks.last?.kind == .ret)
    #expect(abs(s.seconds - (4e-6 + 6e-3 + 4e-6)) < 1e-12)
  }

  @Test func tensorParallelPutsASliceOfEveryExpertOnEveryUnit() throws {
    let s = try schedule(.tp, Toy.point(units: 2))
    for unit in 0..<2 {
      let slices = s.tasks.filter { $0.lane == .ndp(unit) }
      #expect(slices.map(\.expert) == [0, 2])
      #expect(slices.allSatisfy { abs($0.end - $0.start - 1.5e-3) < 1e-12 })
    }
  }

  @Test func timelineLengthMatchesTheSimulatedExpertPhase() throws {
    let point = Toy.point(units: 2, linkBytesPerSecond: 1e10, gpuExpertBudgetBytes: 3e6)
    let cost = CostModel(point: point, tpDegree: 2)
    let nonExpert = NonExpertCosts(point: point, cost: cost, steps: 2)
    let decodeOverhead =
      nonExpert.attentionSeconds[1] + nonExpert.routerSeconds[1] + nonExpert.lmHeadSeconds[1]
    // tp-lb-pf is left out: its decode step also waits for the prefetch, outside the phase.
    for policy in [PolicyName.ep, .monde, .tp, .tpLB, .gpuOffload] {
      let s = try schedule(policy, point)
      let evaluation = try Evaluator.evaluate(
        point: point, workload: PreparedWorkload(routing: Toy.routing()), policies: [policy], baseline: policy
      )
      let r = evaluation.results[0]
      let decodeExpertPhase = r.e2eSeconds - r.ttftSeconds - decodeOverhead
      #expect(abs(s.seconds - decodeExpertPhase) < 1e-9, "\(policy)")
    }
  }
}
