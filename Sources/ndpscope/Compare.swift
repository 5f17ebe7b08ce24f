import ArgumentParser
import NDPScopeKit

extension NDPScope {
  struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract:
        "What changed between two sweeps (or two eval --format csv outputs), matched by point and policy.",
      discussion: """
        For each metric: how many matched rows changed, the mean and the largest relative change \
        and where; rows only on one side; rows whose feasibility changed; inputs that differ \
        (another calibration, a changed preset); for two sweep folders, the designs that entered \
        or left the first Pareto front. A sweep compared with itself reports no change. Example:
          ndpscope compare out/before out/after --report compare.html
        """)

    @Argument(help: "The first sweep folder or results file (before).")
    var a: String
    @Argument(help: "The second (after).")
    var b: String
    @Option(help: "Output format: table, json or csv.")
    var format = "table"
    @Option(help: "Also write an HTML page to this file.")
    var report: String?
    @Option(help: "Report template folder replacing the built-in one.")
    var templates: String?

    func run() throws {
      let text = try CompareCommand.run(
        a, b, format: try OutputFormat.parse(format), reportPath: report, templates: templates)
      print(text, terminator: "")
    }
  }
}
