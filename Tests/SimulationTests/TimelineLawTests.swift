import NDPModel
import Routing
import Testing

@testable import Simulation

/// What every timeline must show, for every policy on random preset points: data is computed
/// only after it arrives, nothing overlaps on one link direction, and background prefetches
/// appear on the link they use.
@Suite struct TimelineLawTests {
  static func schedules(seed: UInt64) throws -> [LayerSchedule] {
    var rng = SplitMix64(seed: seed)
    var result: [LayerSchedule] = []
    for _ in 0..<8 {
      let point = try ModelLawTests.randomPoint(&rng)
      let workload = PreparedWorkload(generatingFor: point)
      for policy in PolicyName.allCases where policy != .oracle {
        for step in [0, 1] {
          if let schedule = try Evaluator.schedule(
            point: point, workload: workload, policy: policy, step: step, layer: point.model.moeLayers / 2)
          {
            result.append(schedule)
          }
        }
      }
    }
    return result
  }

  @Test func computationNeverStartsBeforeItsDataArrives() throws {
    let tolerance = 1e-12
    for schedule in try Self.schedules(seed: 31) {
      let fetched = Dictionary(
        schedule.tasks.filter { $0.kind == .fetch }.compactMap { task in task.expert.map { ($0, task.end) } },
        uniquingKeysWith: max)
      for task in schedule.tasks where task.kind == .compute && task.lane == .gpu {
        guard let expert = task.expert, let arrival = fetched[expert] else { continue }
        #expect(task.start >= arrival - tolerance, "\(schedule.policy): expert \(expert) before its weights")
      }
      let dispatched = schedule.tasks.filter { $0.kind == .dispatch }.map(\.end).max()
      for task in schedule.tasks where task.kind == .compute && task.lane != .gpu {
        guard let dispatched else { continue }
        #expect(
          task.start >= dispatched - tolerance, "\(schedule.policy): \(task.lane.name) before the activations"
        )
      }
    }
  }

  @Test func nothingOverlapsOnALinkDirection() throws {
    for schedule in try Self.schedules(seed: 32) {
      for lane in [LayerSchedule.Lane.linkToGPU, .linkFromGPU] {
        let tasks = schedule.tasks.filter { $0.lane == lane }.sorted { $0.start < $1.start }
        for (a, b) in zip(tasks, tasks.dropFirst()) {
          #expect(
            b.start >= a.end - 1e-12, "\(schedule.policy): \(a.kind) and \(b.kind) overlap on \(lane.name)")
        }
      }
      #expect(schedule.tasks.allSatisfy { $0.start >= 0 && $0.end <= schedule.seconds + 1e-15 })
    }
  }

  @Test func backgroundPrefetchesShowOnTheLinkToTheGPU() throws {
    var selection = PresetSelection()
    selection.model = "olmoe-1b-7b"
    var point = try DesignPoint.from(selection)
    point.workload = Workload(batchSize: 1, promptTokens: 64, outputTokens: 8, seed: 1)
    let workload = PreparedWorkload(generatingFor: point)
    var prefetching = 0
    for layer in 0..<point.model.moeLayers {
      let schedule = try #require(
        try Evaluator.schedule(point: point, workload: workload, policy: .tpLBPF, step: 1, layer: layer))
      let prefetches = schedule.tasks.filter { $0.kind == .prefetch }
      #expect(prefetches.allSatisfy { $0.lane == .linkToGPU })
      if !prefetches.isEmpty { prefetching += 1 }
    }
    #expect(prefetching > 0, "tp-lb-pf never prefetched in a decode step")
  }
}
