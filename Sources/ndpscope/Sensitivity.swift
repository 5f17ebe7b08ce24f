import ArgumentParser
import NDPScopeKit
import Simulation

extension NDPScope {
  struct Sensitivity: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "What matters at a point: each metric's elasticity to every numeric parameter, ranked.",
      discussion: """
        Evaluates the point with each numeric parameter one step down and one step up (10% by \
        default, at least 1 for whole numbers, within the parameter's domain) and prints the \
        elasticity of each metric: its relative change per relative change of the parameter. \
        Parameters are ranked by their effect on the first metric; those with none are listed \
        apart. --report writes a page with a tornado chart per metric. Example:
          ndpscope sensitivity --model mixtral-8x7b --gpu jetson-agx-orin --only gpu,ndp,link --report s.html
        """)

    @OptionGroup var point: PointOptions
    @Option(help: "The policy whose run is perturbed.")
    var policy = "tp-lb-pf"
    @Option(
      help:
        "Metrics, comma-separated (default: tpot_ms, ttft_ms, decode_tokens_per_s, energy_mj_per_token, power_w)."
    )
    var metrics: String?
    @Option(help: "Relative step down and up, e.g. 0.1 for 10%.")
    var step = 0.1
    @Option(
      help:
        "Only these parameter groups, comma-separated: gpu, ndp, link, host, model, routing, workload, policy."
    )
    var only: String?
    @Option(help: "Output format: table, json or csv.")
    var format = "table"
    @Option(help: "Also write an HTML page with a tornado chart per metric to this file.")
    var report: String?
    @Option(help: "Report template folder replacing the built-in one.")
    var templates: String?

    func run() throws {
      var request = SensitivityRequest()
      request.point = point.request
      request.policy = try PolicyName.parse(policy)
      if let metrics {
        request.metrics = metrics.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
      }
      request.step = step
      if let only {
        request.groups = only.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
      }
      request.format = try OutputFormat.parse(format)
      request.reportPath = report
      request.templatesFolder = templates
      print(try SensitivityCommand.run(request), terminator: "")
    }
  }
}
