import ArgumentParser
import NDPScopeKit
import Simulation

extension NDPScope {
  struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Measure engine speed: (point, policy) evaluations per second on one core.",
      discussion: """
        Each policy is timed separately at every point, interleaved, and printed with its \
        milliseconds per point and its ratio to tp-lb-pf's. What a sweep does once per workload \
        is timed apart: generating the routing, and each policy's decisions (substitutions, cache \
        contents, predictions), shown as "deciding once" beside its time per point. --pareto instead times the exact \
        non-dominated sort (ranks 1-3, median of five runs). Build with -c release for \
        meaningful numbers.
        """)

    @OptionGroup var point: PointOptions
    @Option(help: "Points to evaluate (unit count and bandwidths vary between them).")
    var points = 30
    @Option(help: "Policies: all or a comma-separated list (default: the seven of the seed comparison).")
    var policy = PolicyName.core.map(\.rawValue).joined(separator: ",")
    @Option(help: "Instead, time non-dominated sorting of this many random points.")
    var pareto: Int?
    @Option(help: "Objectives for --pareto.")
    var objectives = 3

    func run() throws {
      if let pareto {
        print(try Benchmark.pareto(count: pareto, objectives: objectives), terminator: "")
        return
      }
      let report = try Benchmark.run(
        point: point.request, points: points, policies: try PolicyName.parseList(policy))
      print(report.text, terminator: "")
    }
  }
}
