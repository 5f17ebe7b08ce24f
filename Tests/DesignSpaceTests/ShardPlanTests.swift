import Foundation
import NDPModel
import TestSupport
import Testing

@testable import DesignSpace

/// Shards get equal shares of every workload; a sweep makes each workload's routing once.
@Suite struct ShardPlanTests {
  /// edge-sizing's shape: batch the last axis, so i mod 3 put every batch-16 point in shard 2.
  static let space = """
    name: shards
    policies: [tp-lb-pf]
    fixed:
      model: olmoe-1b-7b
      workload.prompt: 8
      workload.output: 2
    axes:
      ndp.units: [1, 2, 4, 8]
      link: [pcie4-x8, pcie4-x16, pcie5-x16]
      workload.batch: [1, 4, 16]
    """

  @Test func everyShardGetsAnEqualShareOfEveryWorkload() throws {
    let space = try SpaceParser.parse(Self.space, file: "s.yaml")
    let expansion = SpaceExpansion(space: space)
    let plan = ShardPlan(space: space, count: 3)
    var perShard = [[Int]](repeating: [0, 0, 0], count: 3)
    var seen = 0
    plan.forEach { point, shard in
      #expect(point == seen)
      seen += 1
      perShard[shard][expansion.choices(point)[2]] += 1
    }
    #expect(seen == 36)
    for shard in 0..<3 { #expect(perShard[shard] == [4, 4, 4], "shard \(shard): \(perShard[shard])") }
    // Every point once, in order, and the same plan in every process.
    let all = (0..<3).flatMap { plan.points(of: $0).list! }
    #expect(all.sorted() == Array(0..<36))
    #expect(ShardPlan(space: space, count: 3).points(of: 1).list == plan.points(of: 1).list)
  }

  @Test func oneShardIsEveryPointWithNothingStored() throws {
    let space = try SpaceParser.parse(Self.space, file: "s.yaml")
    let points = ShardPlan(space: space, count: 1).points(of: 0)
    #expect(points.list == nil && points.count == 36 && points[35] == 35)
  }

  @Test func eachWorkloadsRoutingIsMadeOnceWhateverTheJobs() throws {
    let space = try SpaceParser.parse(Self.space, file: "s.yaml")
    let out = try ScratchFolder.make("shards").appendingPathComponent("out").path
    var options = SweepOptions(outputDirectory: out, jobs: 2)
    options.batchPoints = 1
    let runner = SweepRunner(space: space, spaceText: Self.space, spaceFile: "s.yaml", options: options)
    _ = try runner.run(progress: { _ in }, shouldStop: { false })
    #expect(runner.routingsGenerated == 3)
  }
}
