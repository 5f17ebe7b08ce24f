import Basics
import DesignSpace
import Dispatch
import Foundation
import NDPModel
import Reports
import Simulation

/// `ndpscope check --verbose`: every axis's values as the sweep will use them, and the sweep's
/// run time estimated from a few of its points evaluated here.
public enum SpaceEstimate {
  /// How many values of an axis are listed before "...".
  static let shownValues = 12
  /// The points timed: the first, the middle and the last.
  static func samples(_ count: Int) -> [Int] { Array(Set([0, count / 2, max(0, count - 1)])).sorted() }

  public static func verbose(
    space: Space, cores: Int = ProcessInfo.processInfo.activeProcessorCount
  ) -> String {
    var text = "axes, as the sweep expands them:\n"
    for axis in space.axes {
      let values = axis.values.prefix(shownValues).map(NumberFormat.setting).joined(separator: ", ")
      let more = axis.values.count > shownValues ? ", ... (\(axis.values.count) values)" : ""
      text += "  \(axis.key): \(values)\(more)\n"
    }
    return text + estimate(space: space, cores: max(1, cores))
  }

  /// The mean evaluation time of the sample points (all the space's policies, routing made
  /// beforehand as a sweep makes it once per workload), times the points, over the cores.
  static func estimate(space: Space, cores: Int) -> String {
    let expansion = SpaceExpansion(space: space)
    var seconds: [Double] = []
    for index in samples(space.pointCount) {
      guard let point = try? expansion.point(index) else { continue }
      let workload = PreparedWorkload(generatingFor: point)
      let start = DispatchTime.now().uptimeNanoseconds
      _ = try? Evaluator.evaluate(
        point: point, workload: workload, policies: space.policies, baseline: space.baseline)
      seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    guard !seconds.isEmpty else { return "no estimate: none of the sampled points can be built\n" }
    let perPoint = seconds.reduce(0, +) / Double(seconds.count)
    let total = perPoint * Double(space.pointCount) / Double(cores)
    return "estimated run time: \(duration(total)) on \(Counted.text(cores, "core")) "
      + "(\(Counted.text(seconds.count, "sample point")), \(String(format: "%.1f", perPoint * 1e3)) ms each "
      + "for \(Counted.text(space.policies.count, "policy", plural: "policies")); routing not counted)\n"
  }

  static func duration(_ seconds: Double) -> String {
    if seconds < 1 { return "under a second" }
    if seconds < 120 { return "about \(Int(seconds.rounded())) s" }
    if seconds < 7200 { return "about \(Int((seconds / 60).rounded())) min" }
    return String(format: "about %.1f h", seconds / 3600)
  }
}
