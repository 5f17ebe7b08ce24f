import Basics
import DesignSpace
import Dispatch
import NDPModel
import Routing
import Simulation

/// `ndpscope bench`: evaluations per second of the engine on one core, reusing the routing.
///
/// Varies the NDP unit count and bandwidths over `points` points so no result can be cached, runs
/// every policy at each, and reports (point, policy) evaluations per second.
public enum Benchmark {
  public struct Report: Sendable {
    public var points: Int
    public var policies: Int
    public var routingSeconds: Double
    public var evaluateSeconds: Double

    public var pointPoliciesPerSecond: Double { Double(points * policies) / evaluateSeconds }
    public var millisecondsPerPointPolicy: Double { evaluateSeconds * 1e3 / Double(points * policies) }

    public var text: String {
      let routing = String(format: "%.1f", routingSeconds * 1e3)
      let rate = String(format: "%.0f", pointPoliciesPerSecond)
      let pointsRate = String(format: "%.1f", Double(points) / evaluateSeconds)
      let each = String(format: "%.3f", millisecondsPerPointPolicy)
      return "routing generated once in \(routing) ms\n"
        + "\(points) points x \(policies) policies in \(String(format: "%.3f", evaluateSeconds)) s: "
        + "\(rate) (point, policy)/s, \(pointsRate) points/s, \(each) ms per (point, policy)\n"
    }
  }

  public static func run(
    point request: PointRequest, points: Int, policies: [PolicyName]
  ) throws(InputError) -> Report {
    let base = try request.build()
    try Evaluator.validate(base)
    let start = DispatchTime.now().uptimeNanoseconds
    let workload = PreparedWorkload(generatingFor: base)
    let routed = DispatchTime.now().uptimeNanoseconds
    var checksum = 0.0
    for i in 0..<points {
      var point = base
      let units = [2, 4, 8][i % 3]
      point.hardware.ndpUnits = units
      point.options.tpDegree = nil
      point.hardware.ndp.internalBandwidthBytesPerSecond *= 1 + Double(i % 5) * 0.25
      point.hardware.link.bandwidthBytesPerSecond *= 1 + Double(i % 7) * 0.1
      let evaluation = try Evaluator.evaluate(
        point: point, workload: workload, policies: policies, baseline: policies.first ?? .monde)
      checksum += evaluation.results.reduce(0) { $0 + $1.e2eSeconds }
    }
    let done = DispatchTime.now().uptimeNanoseconds
    precondition(checksum >= 0)
    return Report(
      points: points, policies: policies.count, routingSeconds: Double(routed - start) / 1e9,
      evaluateSeconds: Double(done - routed) / 1e9)
  }
}

extension Benchmark {
  /// Non-dominated sorting (ranks 1-3) of `count` seeded random points with `objectives`
  /// objectives; returns a line with the time and the front sizes.
  public static func pareto(count: Int, objectives: Int) -> String {
    var rng = SplitMix64(seed: 17)
    let points = (0..<count * objectives).map { _ in rng.nextUnit() }
    let start = DispatchTime.now().uptimeNanoseconds
    let ranks = Pareto.ranks(flat: points, dimensions: objectives, maxRank: 3)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let sizes = (1...3).map { rank in ranks.filter { $0 == rank }.count }
    return String(
      format: "pareto: %d points x %d objectives, ranks 1-3 in %.3f s (front sizes %d, %d, %d)\n",
      count, objectives, seconds, sizes[0], sizes[1], sizes[2])
  }
}
