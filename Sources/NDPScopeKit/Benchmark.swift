import Basics
import DesignSpace
import Dispatch
import NDPModel
import Routing
import Simulation

/// `ndpscope bench`: evaluations per second of the engine on one core, reusing the routing.
///
/// Varies the NDP unit count and bandwidths over `points` points so no result can be cached, runs
/// every policy at each, and reports (point, policy) evaluations per second, with each policy's
/// own time beside the reference policy's, measured interleaved in the same run.
///
/// What a sweep does once per workload is timed apart, as it is paid once however many points
/// share the workload: generating the routing, and each policy's decisions (`DecisionCache`:
/// substitutions, cache contents, predictions), which are made at the first point that needs
/// them and shown beside the policy's time per point.
public enum Benchmark {
  /// The policy every other one is compared with: the fastest full-featured GPU-NDP policy.
  public static let referencePolicy = PolicyName.tpLBPF

  public struct PolicyTiming: Sendable {
    public var policy: PolicyName
    /// Evaluating the points, decisions excluded.
    public var seconds: Double
    /// Making the policy's decisions (once per workload and knobs).
    public var decidingSeconds = 0.0
  }

  public struct Report: Sendable {
    public var points: Int
    public var routingSeconds: Double
    public var timings: [PolicyTiming]

    public var policies: Int { timings.count }
    public var evaluateSeconds: Double { timings.reduce(0) { $0 + $1.seconds } }
    public var decidingSeconds: Double { timings.reduce(0) { $0 + $1.decidingSeconds } }
    public var pointPoliciesPerSecond: Double { Double(points * policies) / evaluateSeconds }
    public var millisecondsPerPointPolicy: Double { evaluateSeconds * 1e3 / Double(points * policies) }

    func milliseconds(_ timing: PolicyTiming) -> Double { timing.seconds * 1e3 / Double(points) }

    public var text: String {
      let routing = String(format: "%.1f", routingSeconds * 1e3)
      let rate = String(format: "%.0f", pointPoliciesPerSecond)
      let pointsRate = String(format: "%.1f", Double(points) / evaluateSeconds)
      let each = String(format: "%.3f", millisecondsPerPointPolicy)
      let deciding = String(format: "%.1f", decidingSeconds * 1e3)
      return "routing generated once in \(routing) ms; decisions made once per workload and knobs "
        + "in \(deciding) ms, timed apart\n"
        + "\(Counted.text(points, "point")) x \(Counted.text(policies, "policy", plural: "policies")) in \(String(format: "%.3f", evaluateSeconds)) s: "
        + "\(rate) (point, policy)/s, \(pointsRate) points/s, \(each) ms per (point, policy)\n"
        + policyLines
    }

    /// One line per policy: milliseconds per point and the ratio to the reference policy.
    var policyLines: String {
      let reference = timings.first { $0.policy == Benchmark.referencePolicy }.map(milliseconds)
      let width = timings.map(\.policy.rawValue.count).max() ?? 0
      return timings.map { timing in
        let name = timing.policy.rawValue.padding(toLength: width, withPad: " ", startingAt: 0)
        let ms = milliseconds(timing)
        let ratio = reference.map {
          String(format: "  %5.2fx %@", ms / $0, Benchmark.referencePolicy.rawValue)
        }
        let deciding =
          timing.decidingSeconds > 0
          ? String(format: "  + %.1f ms deciding once", timing.decidingSeconds * 1e3) : ""
        return "  \(name)  " + String(format: "%8.3f ms per point", ms) + (ratio ?? "") + deciding + "\n"
      }.joined()
    }
  }

  public static func run(
    point request: PointRequest, points: Int, policies: [PolicyName]
  ) throws(InputError) -> Report {
    guard points >= 1 else { throw InputError("--points must be at least 1, got \(points)") }
    let base = try request.build()
    try Evaluator.validate(base)
    let start = DispatchTime.now().uptimeNanoseconds
    let workload = PreparedWorkload(generatingFor: base)
    let routingSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    var timings = policies.map { PolicyTiming(policy: $0, seconds: 0) }
    var checksum = 0.0
    for i in 0..<points {
      let point = varied(base, index: i)
      for p in timings.indices {
        let decidedBefore = workload.decisions.makingSeconds
        let begin = DispatchTime.now().uptimeNanoseconds
        let evaluation = try Evaluator.evaluate(
          point: point, workload: workload, policies: [timings[p].policy], baseline: timings[p].policy)
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - begin) / 1e9
        let deciding = workload.decisions.makingSeconds - decidedBefore
        timings[p].seconds += elapsed - deciding
        timings[p].decidingSeconds += deciding
        checksum += evaluation.results.reduce(0) { $0 + $1.e2eSeconds }
      }
    }
    precondition(checksum >= 0)
    return Report(points: points, routingSeconds: routingSeconds, timings: timings)
  }

  /// The `index`th benchmark point: unit count and bandwidths vary so nothing repeats.
  static func varied(_ base: DesignPoint, index i: Int) -> DesignPoint {
    var point = base
    point.hardware.ndpUnits = [2, 4, 8][i % 3]
    point.options.tpDegree = nil
    point.hardware.ndp.internalBandwidthBytesPerSecond *= 1 + Double(i % 5) * 0.25
    point.hardware.link.bandwidthBytesPerSecond *= 1 + Double(i % 7) * 0.1
    return point
  }
}

extension Benchmark {
  /// Non-dominated sorting (ranks 1-3) of `count` seeded random points with `objectives`
  /// objectives, five times; returns a line with the median time, every run's, and the front
  /// sizes.
  public static func pareto(count: Int, objectives: Int) throws(InputError) -> String {
    guard count >= 1 else { throw InputError("--pareto must be at least 1 point, got \(count)") }
    guard objectives >= 2 else { throw InputError("--objectives must be at least 2, got \(objectives)") }
    var rng = SplitMix64(seed: 17)
    let points = (0..<count * objectives).map { _ in rng.nextUnit() }
    var seconds: [Double] = []
    var ranks: [Int] = []
    for _ in 0..<5 {
      let start = DispatchTime.now().uptimeNanoseconds
      ranks = Pareto.ranks(flat: points, dimensions: objectives, maxRank: 3)
      seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    let sizes = (1...3).map { rank in ranks.filter { $0 == rank }.count }
    let runs = seconds.map { String(format: "%.3f", $0) }.joined(separator: " ")
    return "pareto: \(Counted.text(count, "point")) x \(objectives) objectives, ranks 1-3 in "
      + String(format: "%.3f s", seconds.sorted()[2])
      + " (median of 5: \(runs); front sizes \(sizes[0]), \(sizes[1]), \(sizes[2]))\n"
  }
}
