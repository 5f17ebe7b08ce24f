import ArgumentParser
import DesignSpace
import NDPScopeKit
import Simulation

extension NDPScope {
  struct Best: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Query a finished sweep: the best design for one metric under conditions, without the page.",
      discussion: """
        Reads DIR/results.csv once and prints, among the feasible rows that meet every --where \
        condition, the one with the lowest (--minimize) or highest (--maximize) value of a metric, \
        overall or per value of a column (--per model, --per workload.batch, --per policy). Ties go \
        to the first such row in results.csv. The oracle is left out unless --policy names it. \
        --format csv prints results.csv's header and the chosen rows unchanged. Example:
          ndpscope best out --where "decode_tokens_per_s >= 20" --minimize cost_usd --per model
        """)

    @Argument(help: "Sweep output folder.")
    var directory: String
    @Option(
      name: .customLong("where"),
      help: "A condition, METRIC OP NUMBER (OP one of <=, <, >=, >, ==); repeatable.")
    var conditions: [String] = []
    @Option(help: "Metric to minimise.")
    var minimize: String?
    @Option(help: "Metric to maximise.")
    var maximize: String?
    @Option(help: "Column whose values each get their own answer (model, workload.batch, policy, ...).")
    var per: String?
    @Option(help: "Policies to consider, comma-separated, or all (default: all but the oracle).")
    var policy: String?
    @Option(help: "Output format: table, json or csv.")
    var format = "table"

    func run() throws {
      let query = try SweepQuery(
        conditions: conditions, minimize: minimize, maximize: maximize, per: per,
        policies: try policy.map(PolicyName.parseList))
      let text = try BestCommand.run(
        directory: directory, query: query, format: try OutputFormat.parse(format))
      print(text, terminator: "")
    }
  }
}
