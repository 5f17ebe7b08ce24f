import ArgumentParser
import DesignSpace
import NDPScopeKit
import Simulation

extension NDPScope {
  struct Solve: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "What it takes: the least (or most) value of one parameter at which a policy meets a target.",
      discussion: """
        Varies one numeric parameter of the point (see `ndpscope parameters`) over a range and \
        prints, per policy, the least value (--most: the largest) at which the target holds, the \
        metric there and just past it, and what limits the run there. Where the model's laws make \
        the metric monotone in the parameter (more NDP, host, GPU or link bandwidth is never \
        slower), the search bisects; elsewhere it scans the range and bisects next to the best \
        value it found, and says so. A policy that no value in the range satisfies gets the nearest \
        it came. Example:
          ndpscope solve --model mixtral-8x7b --gpu jetson-agx-orin --vary ndp.bw_gb_per_s \
        --target "decode_tokens_per_s >= 20" --policy all
        """)

    @OptionGroup var point: PointOptions
    @Option(help: "The parameter to vary, e.g. ndp.units, ndp.bw_gb_per_s, link.bw_gb_per_s.")
    var vary: String
    @Option(
      help: "What must hold: METRIC OP NUMBER, e.g. \"decode_tokens_per_s >= 20\" or \"tpot_ms <= 50\".")
    var target: String
    @Option(help: "Policies to solve for, comma-separated, or all.")
    var policy = "tp-lb-pf"
    @Option(help: "Least value to try (default: from the parameter's domain and the point's value).")
    var from: Double?
    @Option(help: "Largest value to try.")
    var to: Double?
    @Flag(help: "Find the largest value that meets the target instead of the least.")
    var most = false
    @Option(help: "Output format: table, json or csv.")
    var format = "table"

    func run() throws {
      var request = SolveRequest()
      request.point = point.request
      request.key = vary
      request.target = target
      request.policies = try PolicyName.parseList(policy)
      request.from = from
      request.to = to
      request.goal = most ? .most : .least
      request.format = try OutputFormat.parse(format)
      print(try SolveCommand.run(request), terminator: "")
    }
  }
}
