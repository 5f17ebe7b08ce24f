import Basics
import Foundation
import Testing

/// What every command shares: the version, help texts, and how a value after a space is read.
@Suite struct CommandLineTests {
  static let subcommands = [
    "eval", "sweep", "check", "merge", "report", "validate", "calibrate", "presets", "parameters", "trace",
    "bench", "solve", "sensitivity", "best", "compare",
  ]

  @Test func versionNamesTheToolAndTheModelRevision() throws {
    let run = try CLI.run(["--version"])
    #expect(run.status == 0)
    #expect(run.stdout.hasPrefix("ndpscope 0."))
    #expect(run.stdout.contains("(model: engine "))
  }

  /// `--ndp-units -1` was read as a missing value (three lines of usage); it now gets the same
  /// one sentence as `--ndp-units=-1`.
  @Test func aNegativeNumberAfterASpaceGetsTheSameMessageAsAfterAnEqualsSign() throws {
    for (option, value) in [("--ndp-units", "-1"), ("--batch", "-4"), ("--gpu-expert-budget-gb", "-0.5")] {
      let spaced = try CLI.run(["eval", option, value])
      let joined = try CLI.run(["eval", "\(option)=\(value)"])
      #expect(spaced.status == 2 && joined.status == 2)
      #expect(spaced.stderr == joined.stderr)
      #expect(spaced.stderr.split(separator: "\n").count == 1, "one sentence: \(spaced.stderr)")
    }
  }

  @Test func benchRefusesCountsBelowOneInsteadOfQuietlyRaisingThem() throws {
    for arguments in [["--points", "0"], ["--pareto", "-5"], ["--pareto", "10", "--objectives", "1"]] {
      let run = try CLI.run(["bench"] + arguments)
      #expect(run.status == 2)
      #expect(run.stderr.hasPrefix("ndpscope: error: \(arguments[arguments.count - 2]) must be at least"))
    }
  }

  /// A Swift multi-line string wrote `\\` where a line continuation was meant, so help showed
  /// stray backslashes; only an example shell command may end a line with one.
  @Test func helpTextsHaveNoStrayBackslashes() throws {
    for command in Self.subcommands {
      let run = try CLI.run([command, "--help"])
      #expect(run.status == 0)
      for line in run.stdout.split(separator: "\n") where line.hasSuffix("\\") {
        #expect(line.contains("ndpscope "), "\(command) --help: \(line)")
      }
    }
  }

  /// "1 units", "1 points x 1 policies" and "26 experts/layer" read as counts should.
  @Test func countsAgreeWithTheirNouns() throws {
    #expect(Counted.text(1, "unit") == "1 unit" && Counted.text(0, "unit") == "0 units")
    #expect(Counted.text(1, "policy", plural: "policies") == "1 policy")
    #expect(Counted.text(3, "policy", plural: "policies") == "3 policies")
    let eval = try CLI.run(["eval", "--ndp-units", "1", "--policy", "tp"])
    #expect(eval.stdout.contains("per unit exceed 32.00 GB (1 unit)"))
    #expect(eval.stdout.contains("experts per layer)"))
    // The baseline (monde) is infeasible with one unit: the table says so instead of naming it.
    #expect(eval.stdout.contains("no speedup: the baseline, monde, is infeasible at this point"))
    let bench = try CLI.run(["bench", "--points", "1", "--policy", "tp"])
    #expect(bench.stdout.contains("1 point x 1 policy in"))
  }

  /// The eval table's hit rates are named as results.csv names them, and link traffic per token
  /// is in a unit that keeps it readable (it printed 1584381.8 in a "KB" column).
  @Test func theEvalTableNamesItsHitRatesAndScalesLinkTraffic() throws {
    let run = try CLI.run(["eval", "--policy", "gpu-offload,tp-lb-pf", "--prompt", "32", "--output", "8"])
    let lines = run.stdout.split(separator: "\n")
    let heading = try #require(lines.first { $0.hasPrefix("policy ") })
    #expect(heading.hasSuffix("prefetch hit  cache hit  link/tok"))
    for policy in ["gpu-offload", "tp-lb-pf"] {
      let row = try #require(lines.first { $0.hasPrefix(policy + " ") })
      let traffic = row.split(separator: " ").suffix(2)
      #expect(["KB", "MB", "GB"].contains(String(traffic.last!)), "\(row)")
      #expect(Double(traffic.first!).map { $0 >= 1 && $0 < 1000 } == true, "\(row)")
    }
  }

  /// A one-point, one-policy sweep: its report counts in the singular ("1 eligible rows" and
  /// "all 1 designs" before).
  @Test func aOneRowSweepReportsInTheSingular() throws {
    let folder = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let space = """
      name: one
      policies: [tp-lb-pf]
      baseline: tp-lb-pf
      fixed: {model: olmoe-1b-7b, workload.prompt: 8, workload.output: 4}
      axes:
        ndp.units: [4]
      objectives:
        - minimize: tpot_ms
      """
    try space.write(to: folder.appendingPathComponent("one.yaml"), atomically: true, encoding: .utf8)
    let run = try CLI.run(["sweep", "one.yaml", "--out", "out", "--quiet"], in: folder)
    #expect(run.status == 0)
    #expect(run.stdout.hasPrefix("swept 1 point x 1 policy = 1 row in"))
    let page = try String(contentsOf: folder.appendingPathComponent("out/index.html"), encoding: .utf8)
    for phrase in ["1 point x 1 policy = 1 row", "the only eligible row", "its one design"] {
      #expect(page.contains(phrase), "\(phrase)")
    }
  }
}
