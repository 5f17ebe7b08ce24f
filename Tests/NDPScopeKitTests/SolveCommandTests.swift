import Basics
import Foundation
import Testing

/// End-to-end runs of `ndpscope solve` in each format, and its refusals.
@Suite struct SolveCommandTests {
  static let small = ["--model", "olmoe-1b-7b", "--prompt", "16", "--output", "8", "--ndp-units", "4"]
  static let question =
    small + [
      "--vary", "ndp.bw_gb_per_s", "--target", "tpot_ms <= 6", "--from", "4", "--to", "400", "--policy",
      "tp,smoe-evict",
    ]

  @Test func theTableGivesTheAnswerWhatLimitsItAndHowItWasSearched() throws {
    let run = try CLI.run(["solve"] + Self.question)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(
      run.stdout.hasPrefix("least ndp.bw_gb_per_s in [4, 400] GB/s for tpot_ms <= 6\nolmoe-1b-7b on rtx5080"))
    let tp = try #require(run.stdout.split(separator: "\n").first { $0.hasPrefix("tp ") })
    #expect(tp.contains("NDP units (") && tp.contains("bisection"), "\(tp)")
    #expect(run.stdout.contains("the model's laws make tpot_ms in ndp.bw_gb_per_s monotone"))
  }

  @Test func jsonAndCSVCarryTheSameAnswer() throws {
    let json = try CLI.run(["solve"] + Self.question + ["--format", "json"])
    #expect(json.status == 0, "\(json.stderr)")
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    let answers = try #require(object["answers"] as? [[String: Any]])
    #expect(answers.map { $0["policy"] as? String } == ["tp", "smoe-evict"])
    let tp = try #require(answers[0]["answer"] as? [String: Any])
    let value = try #require(tp["value"] as? Double)
    #expect(tp["meets"] as? Bool == true && (tp["metric"] as? Double ?? 99) <= 6)
    let beyond = try #require(answers[0]["beyond"] as? [String: Any])
    #expect(beyond["meets"] as? Bool == false && (beyond["value"] as? Double ?? 0) < value)
    let csv = try CLI.run(["solve"] + Self.question + ["--format", "csv"])
    let lines = csv.stdout.split(separator: "\n").map(String.init)
    #expect(
      lines[0] == "policy,found,value,metric,beyond_value,beyond_metric,largest_part,search,evaluations")
    #expect(lines[1].hasPrefix("tp,true,\(JSONValue.format(value)),"))
    #expect(lines.count == 3)
  }

  @Test func aTargetNothingMeetsIsSaidWithTheNearestValue() throws {
    let run = try CLI.run(
      ["solve"] + Self.small + ["--vary", "ndp.bw_gb_per_s", "--target", "tpot_ms <= 0.01", "--policy", "tp"])
    #expect(run.status == 0)
    #expect(run.stdout.contains("tp: no value in [6.4, 1638] meets tpot_ms <= 0.01; the nearest is "))
  }

  @Test func badRequestsAreOneSentenceAndExitTwo() throws {
    let cases: [([String], String)] = [
      (
        ["--vary", "ndp.bw", "--target", "tpot_ms <= 5"],
        "--vary: unknown parameter 'ndp.bw'; did you mean 'ndp.bw_gb_per_s'?"
      ),
      (
        ["--vary", "ndp.units", "--target", "tpot <= 5"],
        "--target: unknown output metric 'tpot'; did you mean 'tpot_ms'?"
      ),
      (["--vary", "ndp.units", "--target", "tpot_ms"], "--target 'tpot_ms': a target is 'METRIC OP NUMBER'"),
      (
        ["--vary", "ndp.units", "--target", "tpot_ms <= 5", "--from", "8", "--to", "2"],
        "--from (8) must be below --to (2)"
      ),
      (
        ["--vary", "ndp.units", "--target", "tpot_ms <= 5", "--from", "0"],
        "ndp.units must be a whole number of at least 1"
      ),
      (
        ["--vary", "policy.tp_degree", "--target", "tpot_ms <= 5"],
        "policy.tp_degree has no value at this point"
      ),
      (["--vary", "ndp.units", "--target", "speedup >= 2"], "--target: speedup compares two policies' runs"),
      (["--vary", "ndp.units", "--target", "tpot_ms == 5"], "solve needs a bound (<=, <, >=, >), not =="),
    ]
    for (arguments, message) in cases {
      let run = try CLI.run(["solve"] + Self.small + arguments)
      #expect(run.status == 2, "\(arguments)")
      #expect(run.stderr.contains(message), "\(run.stderr)")
    }
  }
}
