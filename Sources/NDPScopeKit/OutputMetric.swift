import Basics
import Simulation

/// A metric a command computes from one policy's run: any output but `speedup`, which compares
/// two policies' runs (the check solve and sensitivity share).
enum OutputMetric {
  static func check(_ metric: String, option: String) throws(InputError) {
    guard metric != "speedup" else {
      throw InputError("\(option): speedup compares two policies' runs; use e2e_ms, which it mirrors")
    }
    guard PolicyResult.metricKeys.contains(metric) else {
      throw InputError(
        "\(option): "
          + InputError.unknownName(kind: "output metric", name: metric, known: PolicyResult.metricKeys)
          .description)
    }
  }
}
