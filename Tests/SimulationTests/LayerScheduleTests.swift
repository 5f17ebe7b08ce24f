import NDPModel
import Routing
import Testing

@testable import Simulation

/// Timelines of one expert phase: the same schedule the run used, task by task.
@Suite struct LayerScheduleTests {
  let us = Toy.us
  func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 + 1e-9 * abs(b) }

  func schedule(_ policy: PolicyName, _ knobs: Toy.Knobs, step: Int = 1) throws -> LayerSchedule {
    try #require(try Toy.schedule(Toy.point(knobs), policy, routing: Toy.richRouting(), step: step, layer: 0))
  }

  @Test func expertParallelStacksBothDecodeExpertsOnUnitZero() throws {
    // Decode [2, 0] on 2 units: both on unit 0; dispatch 7 us, then 3020 us each, then 7 back.
    let s = try schedule(.ep, Toy.rich)
    let unit0 = s.tasks.filter { $0.lane == .ndp(0) }.sorted { $0.start < $1.start }
    #expect(Set(unit0.map(\.expert)) == [0, 2])
    #expect(close(unit0[0].start, 7 * us) && close(unit0[1].end, (7 + 6040) * us))
    #expect(s.tasks.filter { $0.lane == .ndp(1) }.isEmpty)
    #expect(s.tasks.contains { $0.lane == .linkFromGPU && $0.kind == .dispatch && close($0.end, 7 * us) })
    #expect(
      s.tasks.contains { $0.lane == .linkToGPU && $0.kind == .ret && close($0.end, (7 + 6040 + 7) * us) })
    #expect(close(s.seconds, (7 + 6040 + 7 + 2.0 / 3) * us))
  }

  @Test func tensorParallelPutsASliceOfEveryExpertOnEveryUnit() throws {
    let s = try schedule(.tp, Toy.rich)
    for unit in 0..<2 {
      let slices = s.tasks.filter { $0.lane == .ndp(unit) }
      #expect(Set(slices.map(\.expert)) == [0, 2])
      #expect(slices.allSatisfy { close($0.end - $0.start, 1520 * us) })
    }
  }

  @Test func fetchedExpertsAreComputedOnlyAfterTheyArrive() throws {
    // gpu-offload, nothing cached, decode [2, 0]: fetches 0-3005 and 3005-6010 on the link; the GPU
    // computes 0 at 3005-4015 and 2 at 6010-7020.
    var knobs = Toy.rich
    knobs.gpuExpertBudgetBytes = 0
    let s = try schedule(.gpuOffload, knobs)
    let fetches = s.tasks.filter { $0.kind == .fetch }
    let computes = s.tasks.filter { $0.lane == .gpu && $0.kind == .compute }
    #expect(fetches.allSatisfy { $0.lane == .linkToGPU })
    for compute in computes {
      let fetch = try #require(fetches.first { $0.expert == compute.expert })
      #expect(compute.start >= fetch.end - 1e-12)
    }
    #expect(close(s.seconds, 7020 * us))
  }

  @Test func hostComputedExpertsRunOnTheHostLane() throws {
    var knobs = Toy.rich
    knobs.gpuExpertBudgetBytes = 0
    var point = Toy.point(knobs)
    point.options.prefetchAccuracy = 0
    let s = try #require(try Toy.schedule(point, .smoe, routing: Toy.richRouting(), step: 1, layer: 0))
    #expect(Set(s.tasks.filter { $0.lane == .host }.map(\.expert)) == [0, 2])
  }

  @Test func timelineLengthMatchesTheSimulatedExpertPhase() throws {
    // The decode step's expert phases, from the run: e2e - ttft - the step's non-expert work,
    // split over the two MoE layers; compared with the schedules of both layers.
    var knobs = Toy.rich
    knobs.linkBytesPerSecond = 1e10
    knobs.gpuExpertBudgetBytes = 2 * 3e6
    knobs.outputTokens = 2
    let point = Toy.point(knobs)
    let routing = Toy.routing(prefill: [[0, 1], [1, 2]], decode: [[2, 0]], experts: 4, layers: 2)
    let nonExpert = NonExpertCosts(point: point, cost: CostModel(point: point, tpDegree: 2), steps: 2)
    let overhead =
      2 * (nonExpert.attentionSeconds[1] + nonExpert.routerSeconds[1]) + nonExpert.lmHeadSeconds[1]
    for policy in PolicyName.allCases {
      let r = try #require(try Toy.evaluate(point, [policy], routing: routing)[policy])
      var phases = 0.0
      for layer in 0..<2 {
        phases += try #require(try Toy.schedule(point, policy, routing: routing, step: 1, layer: layer))
          .seconds
      }
      #expect(close(phases, r.e2eSeconds - r.ttftSeconds - overhead), "\(policy)")
    }
  }
}
