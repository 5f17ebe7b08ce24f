import Foundation
import Testing

/// End-to-end runs of `ndpscope sensitivity`: each format, the page, and its refusals.
@Suite struct SensitivityCommandTests {
  static let small = [
    "sensitivity", "--model", "olmoe-1b-7b", "--prompt", "16", "--output", "8", "--policy", "tp", "--only",
    "ndp,link",
  ]

  @Test func theTableRanksParametersAndListsThoseWithNoEffect() throws {
    let run = try CLI.run(Self.small)
    #expect(run.status == 0, "\(run.stderr)")
    let lines = run.stdout.split(separator: "\n").map(String.init)
    #expect(lines[0].hasPrefix("elasticities for tp at olmoe-1b-7b on rtx5080"))
    let header = try #require(lines.firstIndex { $0.hasPrefix("parameter ") })
    #expect(lines[header].contains("tpot_ms") && lines[header].contains("power_w"))
    // Only the groups asked for.
    #expect(lines.dropFirst(header + 1).allSatisfy { !$0.hasPrefix("gpu.") && !$0.hasPrefix("model.") })
    #expect(run.stdout.contains("no effect here (") && run.stdout.contains("ndp.capacity_gb"))
  }

  @Test func jsonCSVAndThePageAgree() throws {
    let page = try CLI.temporaryDirectory().appendingPathComponent("s.html").path
    let json = try CLI.run(Self.small + ["--format", "json", "--report", page])
    #expect(json.status == 0, "\(json.stderr)")
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    let parameters = try #require(object["parameters"] as? [[String: Any]])
    let units = try #require(parameters.first { $0["key"] as? String == "ndp.units" })
    #expect(units["low"] as? Double == 3 && units["high"] as? Double == 5)
    let tpot = try #require((units["elasticity"] as? [String: Any])?["tpot_ms"] as? Double)
    let csv = try CLI.run(Self.small + ["--format", "csv"])
    let row = try #require(csv.stdout.split(separator: "\n").first { $0.hasPrefix("ndp.units,") })
    let fromCSV = try #require(Double(row.split(separator: ",")[4]))
    #expect(abs(fromCSV - tpot) <= 1e-12 * abs(tpot))
    let html = try String(contentsOfFile: page, encoding: .utf8)
    #expect(html.contains("data-chart=\"tornado\"") && html.contains("Elasticity of time per output token"))
  }

  @Test func badRequestsAreOneSentenceAndExitTwo() throws {
    let cases: [([String], String)] = [
      (["--metrics", "tpot"], "--metrics: unknown output metric 'tpot'; did you mean 'tpot_ms'?"),
      (["--only", "nd"], "--only: unknown group 'nd'; did you mean 'ndp'?"),
      (["--step", "1.5"], "--step must be a share between 0 and 1"),
      (["--policy", "tpp"], "unknown policy 'tpp'"),
      (["--metrics", "speedup"], "--metrics: speedup compares two policies' runs"),
      (["--only", ""], "--only needs at least one group"),
    ]
    for (arguments, message) in cases {
      let run = try CLI.run(["sensitivity", "--model", "olmoe-1b-7b"] + arguments)
      #expect(run.status == 2, "\(arguments)")
      #expect(run.stderr.contains(message), "\(run.stderr)")
    }
  }
}
