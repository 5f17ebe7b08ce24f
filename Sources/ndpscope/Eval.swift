import ArgumentParser
import NDPModel
import NDPScopeKit
import Simulation

extension NDPScope {
  struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Evaluate scheduling policies at one design point.",
      discussion: """
        Prints, for each policy: time to first token, time per output token, end-to-end \
        latency, tokens/s, energy per output token, speedup over the baseline, GPU utilisation \
        and NDP imbalance during expert phases, prefetch and cache hit rates, substitution, link \
        traffic, and where the time went. Example:

          ndpscope eval --model qwen3-30b-a3b --gpu rtx5080 --ndp-units 4 \\
            --prompt 512 --output 512 --policy all --report eval.html
        """)

    @OptionGroup var point: PointOptions
    @Option(
      help:
        "Policies: all, or a comma-separated list of \(PolicyName.allCases.map(\.rawValue).joined(separator: ", "))."
    )
    var policy = "all"
    @Option(help: "Policy the speedup is measured against.")
    var baseline = "monde"
    @Option(help: "Output format: table, json or csv.")
    var format = "table"
    @Option(help: "Replay a JSON Lines routing trace instead of generating routing.")
    var trace: String?
    @Option(help: "Also write a one-point HTML report (breakdowns and schedule timelines) to this file.")
    var report: String?
    @Option(help: "Report template folder replacing the built-in one.")
    var templates: String?

    func run() throws {
      var request = EvalRequest()
      request.point = point.request
      request.policies = try PolicyName.parseList(policy)
      request.baseline = try PolicyName.parse(baseline)
      request.format = try OutputFormat.parse(format)
      request.tracePath = trace
      request.reportPath = report
      request.templatesFolder = templates
      print(try EvalRunner.run(request), terminator: "")
    }
  }
}
