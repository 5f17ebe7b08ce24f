import Basics
import Foundation
import Testing

/// End-to-end runs of `ndpscope best` on a small sweep, each answer checked against a filter of
/// the sweep's results.csv done here.
@Suite struct BestCommandTests {
  static let space = """
    name: best
    seed: 3
    policies: [gpu-offload, ep, tp, tp-lb-pf, oracle]
    baseline: ep
    fixed:
      model: olmoe-1b-7b
      workload.prompt: 16
      workload.output: 8
    axes:
      ndp.units: [1, 2, 4]
      link: [pcie4-x16, pcie5-x16]
      workload.batch: [1, 2]
    constraints:
      - feasible
    objectives:
      - minimize: tpot_ms
      - minimize: cost_usd
    prices:
      ndp: {ndp-dimm: 150}
      link: {pcie4-x16: 10, pcie5-x16: 40}
    """

  /// The sweep folder, made once for the suite.
  static let folder: String = {
    let directory = try! CLI.temporaryDirectory()
    let space = directory.appendingPathComponent("s.yaml").path
    try! Self.space.write(toFile: space, atomically: true, encoding: .utf8)
    let out = directory.appendingPathComponent("out").path
    let run = try! CLI.run(["sweep", space, "--out", out, "--quiet", "--no-report"])
    precondition(run.status == 0, run.stderr)
    return out
  }()

  /// results.csv as a header and rows of fields.
  static func results() throws -> (header: [String], rows: [[String]]) {
    var reader = try CSVReader(path: folder + "/results.csv")
    let header = try #require(try reader.next()).strings
    var rows: [[String]] = []
    while let record = try reader.next() { rows.append(record.strings) }
    return (header, rows)
  }

  /// The answer by hand: eligible rows filtered, grouped by `per` in order of first appearance,
  /// the first best of each group.
  static func expected(
    where conditions: [(String, (Double) -> Bool)], metric: String, maximize: Bool, per: String?,
    policies: Set<String>? = nil
  ) throws -> [(key: String?, best: [String]?)] {
    let (header, rows) = try results()
    let column = { (name: String) in header.firstIndex(of: name)! }
    var groups: [(key: String?, best: [String]?)] = []
    for row in rows {
      let policy = row[column("policy")]
      guard policies.map({ $0.contains(policy) }) ?? (policy != "oracle") else { continue }
      let key = per.map { row[column($0)] }
      if !groups.contains(where: { $0.key == key }) { groups.append((key, nil)) }
      guard row[column("feasible")] == "true" else { continue }
      guard conditions.allSatisfy({ name, holds in Double(row[column(name)]).map(holds) ?? false }) else {
        continue
      }
      let g = groups.firstIndex { $0.key == key }!
      let value = Double(row[column(metric)])!
      if let best = groups[g].best {
        let current = Double(best[column(metric)])!
        guard maximize ? value > current : value < current else { continue }
      }
      groups[g].best = row
    }
    return groups
  }

  func csvRows(_ arguments: [String]) throws -> [[String]] {
    let run = try CLI.run(["best", Self.folder, "--format", "csv"] + arguments)
    #expect(run.status == 0, "\(run.stderr)")
    let file = try CLI.temporaryDirectory().appendingPathComponent("best.csv")
    try run.stdout.write(to: file, atomically: true, encoding: .utf8)
    var reader = try CSVReader(path: file.path)
    let header = try #require(try reader.next()).strings
    let expectedHeader = try Self.results().header
    #expect(header == expectedHeader)
    var rows: [[String]] = []
    while let record = try reader.next() { rows.append(record.strings) }
    return rows
  }

  @Test func theLowestOverallIsTheFirstBestRowOfResultsCSV() throws {
    let expected = try Self.expected(where: [], metric: "tpot_ms", maximize: false, per: nil)
    #expect(try csvRows(["--minimize", "tpot_ms"]) == expected.compactMap(\.best))
  }

  @Test func conditionsAndGroupsAreAFilterOfResultsCSV() throws {
    let expected = try Self.expected(
      where: [("decode_tokens_per_s", { $0 >= 150 }), ("ndp.units", { $0 >= 2 })], metric: "cost_usd",
      maximize: false, per: "workload.batch")
    #expect(expected.count == 2 && expected.allSatisfy { $0.best != nil })
    // The conditions decide: without them, another row would win in each group.
    let unconditioned = try Self.expected(
      where: [], metric: "cost_usd", maximize: false, per: "workload.batch")
    for (with, without) in zip(expected, unconditioned) { #expect(with.best! != without.best!) }
    let rows = try csvRows([
      "--where", "decode_tokens_per_s >= 150", "--where", "ndp.units >= 2", "--minimize", "cost_usd", "--per",
      "workload.batch",
    ])
    #expect(rows == expected.compactMap(\.best))
  }

  @Test func theOracleCountsOnlyWhenNamed() throws {
    let expected = try Self.expected(
      where: [], metric: "decode_tokens_per_s", maximize: true, per: "policy",
      policies: ["tp", "oracle"])
    let rows = try csvRows(["--maximize", "decode_tokens_per_s", "--per", "policy", "--policy", "tp,oracle"])
    #expect(rows == expected.compactMap(\.best))
    let policy = try Self.results().header.firstIndex(of: "policy")!
    #expect(rows.map { $0[policy] } == ["tp", "oracle"])
  }

  @Test func aConditionNoRowMeetsSaysSoInEveryFormat() throws {
    let arguments = [
      "best", Self.folder, "--where", "tpot_ms <= 0.001", "--minimize", "cost_usd", "--per", "model",
    ]
    let table = try CLI.run(arguments)
    #expect(table.status == 0)
    #expect(table.stdout.contains("where tpot_ms <= 0.001"))
    #expect(table.stdout.contains("olmoe-1b-7b         0"))
    #expect(table.stdout.contains("no design in the sweep does"))
    let json = try CLI.run(arguments + ["--format", "json"])
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    let groups = try #require(object["groups"] as? [[String: Any]])
    #expect(groups.count == 1 && groups[0]["best"] is NSNull && groups[0]["eligible"] as? Int == 0)
    #expect(try csvRows(["--where", "tpot_ms <= 0.001", "--minimize", "cost_usd"]).isEmpty)
  }

  @Test func theTableAndJSONNameTheChosenDesign() throws {
    let expected = try Self.expected(where: [], metric: "cost_usd", maximize: false, per: nil)
    let (header, _) = try Self.results()
    let best = try #require(expected[0].best)
    let table = try CLI.run(["best", Self.folder, "--minimize", "cost_usd"])
    #expect(
      table.stdout.hasPrefix("lowest cost_usd among the feasible rows of every policy but the oracle\n"))
    // The swept axes are shown, so the design can be built from the table alone.
    for axis in ["ndp.units", "link", "workload.batch"] { #expect(table.stdout.contains(axis)) }
    #expect(table.stdout.contains(best[header.firstIndex(of: "policy")!]))
    let json = try CLI.run(["best", Self.folder, "--minimize", "cost_usd", "--format", "json"])
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    let group = try #require((object["groups"] as? [[String: Any]])?.first)
    let row = try #require(group["best"] as? [String: Any])
    #expect(row["point"] as? Int == Int(best[0]))
    #expect(row["feasible"] as? Bool == true)
    #expect(row["cost_usd"] as? Double == Double(best[header.firstIndex(of: "cost_usd")!]))
  }

  /// The sweep's closing recommendation (printed by `sweep` and `report`) and `best` agree on the
  /// lowest time per output token of each scenario.
  @Test func theRecommendationAndBestAgree() throws {
    let report = try CLI.run(["report", Self.folder])
    #expect(report.status == 0, "\(report.stderr)")
    let text = report.stdout
    #expect(text.contains("recommended (meeting feasible):\n  batch 1:\n"))
    let lines = text.split(separator: "\n").map(String.init)
    let fastest = lines.filter { $0.hasPrefix("    lowest time per output token: ") }
    #expect(fastest.count == 2)
    let json = try CLI.run([
      "best", Self.folder, "--minimize", "tpot_ms", "--per", "workload.batch", "--format", "json",
    ])
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    let groups = try #require(object["groups"] as? [[String: Any]])
    for (line, group) in zip(fastest, groups) {
      let best = try #require(group["best"] as? [String: Any])
      let tpot = try #require(best["tpot_ms"] as? Double)
      let policy = try #require(best["policy"] as? String)
      #expect(line.contains(", \(policy) (\(String(format: "%.4g", tpot)) ms, the lowest of"), "\(line)")
    }
  }

  @Test func badQueriesAreOneSentenceAndExitTwo() throws {
    let cases: [([String], String)] = [
      (["--minimize", "tpot"], "--minimize: unknown metric 'tpot'; did you mean 'tpot_ms'?"),
      (["--minimize", "tpot_ms", "--where", "tpot_ms =< 5"], "--where 'tpot_ms =< 5': a condition is"),
      (["--minimize", "tpot_ms", "--per", "modl"], "unknown --per column 'modl'; did you mean 'model'?"),
      ([], "give exactly one of --minimize METRIC and --maximize METRIC"),
      (["--minimize", "tpot_ms", "--maximize", "tokens_per_s"], "give exactly one of"),
      (
        ["--minimize", "tpot_ms", "--policy", "smoe"],
        "--policy: smoe was not run in this sweep (its policies: gpu-offload, ep, tp, tp-lb-pf, oracle)"
      ),
    ]
    for (arguments, message) in cases {
      let run = try CLI.run(["best", Self.folder] + arguments)
      #expect(run.status == 2, "\(arguments)")
      #expect(run.stderr.contains(message), "\(run.stderr)")
    }
    let missing = try CLI.run(["best", "/nonexistent", "--minimize", "tpot_ms"])
    #expect(missing.status == 2 && missing.stderr.contains("/nonexistent/manifest.json"))
  }
}
