import ArgumentParser
import NDPScopeKit
import Simulation

extension NDPScope {
  struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Measure engine speed: (point, policy) evaluations per second on one core.",
      discussion: "Build with -c release for meaningful numbers.")

    @OptionGroup var point: PointOptions
    @Option(help: "Points to evaluate (unit count and bandwidths vary between them).")
    var points = 30
    @Option(help: "Policies: all or a comma-separated list.")
    var policy = "all"

    func run() throws {
      let report = try Benchmark.run(
        point: point.request, points: max(1, points), policies: try PolicyName.parseList(policy))
      print(report.text, terminator: "")
    }
  }
}
