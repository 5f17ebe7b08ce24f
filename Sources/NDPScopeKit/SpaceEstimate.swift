import Basics
import DesignSpace
import Foundation
import Reports

/// `ndpscope check --verbose`: every axis's values as the sweep will use them, and the sweep's
/// run time estimated from a few of its points evaluated here.
public enum SpaceEstimate {
  /// How many values of an axis are listed before "...".
  static let shownValues = 12
  /// The points timed: the first, the middle and the last.
  static func samples(_ count: Int) -> [Int] { Array(Set([0, count / 2, max(0, count - 1)])).sorted() }

  public static func verbose(
    space: Space, spaceFile: String, cores: Int = ProcessInfo.processInfo.activeProcessorCount
  ) throws(InputError) -> String {
    var text = "axes, as the sweep expands them:\n"
    for axis in space.axes {
      let values = axis.values.prefix(shownValues).map(NumberFormat.setting).joined(separator: ", ")
      let more = axis.values.count > shownValues ? ", ... (\(axis.values.count) values)" : ""
      text += "  \(axis.key): \(values)\(more)\n"
    }
    return text + (try estimate(space: space, spaceFile: spaceFile, cores: max(1, cores)))
  }

  /// The mean time of the sample points as the sweep evaluates them (`PointTiming`), times the
  /// points, over the cores.
  static func estimate(space: Space, spaceFile: String, cores: Int) throws(InputError) -> String {
    let seconds = try PointTiming.seconds(of: samples(space.pointCount), space: space, spaceFile: spaceFile)
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
