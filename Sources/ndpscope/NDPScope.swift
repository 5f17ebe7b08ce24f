import ArgumentParser
import Basics
import Foundation
import NDPModel

@main
struct NDPScope: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ndpscope",
    abstract: "Design-space explorer for MoE inference on edge GPU + near-data-processing systems.",
    discussion: """
      Evaluates scheduling policies (gpu-offload, ep, monde, tp, tp-lb, tp-lb-pf, tp-lb-pf-sub, \
      smoe-evict, smoe-sub, smoe-pf, smoe, oracle) with an analytic latency and energy model that \
      replays routing token by token, sweeps design spaces, finds Pareto fronts and writes HTML \
      reports. Bad input exits with code 2.
      """,
    version: "ndpscope \(NDPScopeVersion.current) (model: \(NDPScopeVersion.modelRevision))",
    subcommands: [
      Eval.self, Sweep.self, Check.self, Merge.self, Report.self, Validate.self, Calibrate.self,
      Solve.self, Sensitivity.self, Best.self, Compare.self, PresetsCommand.self, Parameters.self,
      Trace.self,
      Bench.self,
    ])

  /// Parses and runs; every input error, ours or the parser's, is one sentence and exit code 2.
  static func main() {
    do {
      var command = try parseAsRoot(NegativeValues.joined(Array(CommandLine.arguments.dropFirst())))
      try command.run()
    } catch let error as InputError {
      FileHandle.standardError.write(Data("ndpscope: error: \(error.description)\n".utf8))
      Foundation.exit(2)
    } catch {
      let code = exitCode(for: error)
      if code == .validationFailure {
        let message = fullMessage(for: error)
        FileHandle.standardError.write(Data("ndpscope: \(message)\n".utf8))
        Foundation.exit(2)
      }
      exit(withError: error)
    }
  }
}
