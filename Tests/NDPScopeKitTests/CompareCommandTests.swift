import Basics
import Foundation
import Testing

/// End-to-end runs of `ndpscope compare`, each answer checked against the files themselves.
@Suite struct CompareCommandTests {
  /// Two sweeps of the tiny space that differ only in prices (the second makes PCIe 5 dear): the
  /// same rows, other costs, so the first front (tpot against cost) changes.
  static let sweeps: (cheap: String, dear: String) = {
    let directory = try! CLI.temporaryDirectory()
    var folders: [String] = []
    for (name, prices) in [
      ("cheap", "ndp-dimm: 150}"), ("dear", "ndp-dimm: 150}\n  link: {pcie5-x16: 5000}"),
    ] {
      let space = directory.appendingPathComponent("\(name).yaml").path
      let text = SweepCommandTests.tiny.replacingOccurrences(of: "ndp-dimm: 150}", with: prices)
      try! text.write(toFile: space, atomically: true, encoding: .utf8)
      let out = directory.appendingPathComponent(name).path
      let run = try! CLI.run(["sweep", space, "--out", out, "--quiet", "--no-report"])
      precondition(run.status == 0, run.stderr)
      folders.append(out)
    }
    return (folders[0], folders[1])
  }()

  /// A file's rows as (point, policy) -> fields, with its header.
  static func rows(_ path: String, skip: Int = 0) throws -> (header: [String], rows: [[String]]) {
    var reader = try CSVReader(path: path)
    let header = Array(try #require(try reader.next()).strings.dropFirst(skip))
    var rows: [[String]] = []
    while let record = try reader.next() { rows.append(Array(record.strings.dropFirst(skip))) }
    return (header, rows)
  }

  @Test func aSweepComparedWithItselfHasNoChangeInEveryFormat() throws {
    let folder = Self.sweeps.cheap
    let table = try CLI.run(["compare", folder, folder])
    #expect(table.status == 0, "\(table.stderr)")
    #expect(table.stdout.hasSuffix("\nno change\n"))
    let json = try CLI.run(["compare", folder, folder, "--format", "json"])
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    #expect(object["no_change"] as? Bool == true && object["matched"] as? Int == 24)
    let csv = try CLI.run(["compare", folder, folder, "--format", "csv"])
    let lines = csv.stdout.split(separator: "\n")
    #expect(
      lines.dropFirst().allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false)[2] == "0" })
  }

  @Test func changesAndFrontMovesMatchTheFiles() throws {
    let (cheap, dear) = Self.sweeps
    let json = try CLI.run(["compare", cheap, dear, "--format", "json"])
    #expect(json.status == 0, "\(json.stderr)")
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    // cost_usd changed on exactly the feasible rows whose costs differ in the files.
    let (header, a) = try Self.rows(cheap + "/results.csv")
    let (_, b) = try Self.rows(dear + "/results.csv")
    let cost = header.firstIndex(of: "cost_usd")!
    let feasible = header.firstIndex(of: "feasible")!
    let differing = zip(a, b).filter {
      $0[feasible] == "true" && $1[feasible] == "true" && $0[cost] != $1[cost]
    }.count
    #expect(differing > 0)
    let metrics = try #require(object["metrics"] as? [[String: Any]])
    let costChange = try #require(metrics.first { $0["metric"] as? String == "cost_usd" })
    #expect(costChange["changed"] as? Int == differing)
    let tpot = try #require(metrics.first { $0["metric"] as? String == "tpot_ms" })
    #expect(tpot["changed"] as? Int == 0)
    // Front moves: the first fronts of scope `all` read from the two pareto.csv files.
    func front(_ folder: String) throws -> Set<String> {
      let (h, rows) = try Self.rows(folder + "/pareto.csv")
      let (point, policy) = (h.firstIndex(of: "point")!, h.firstIndex(of: "policy")!)
      return Set(rows.filter { $0[0] == "all" && $0[2] == "1" }.map { "point \($0[point]), \($0[policy])" })
    }
    let (before, after) = (try front(cheap), try front(dear))
    #expect(before != after)
    #expect(Set(object["front_entered"] as? [String] ?? []) == after.subtracting(before))
    #expect(Set(object["front_left"] as? [String] ?? []) == before.subtracting(after))
    #expect((object["input_differences"] as? [String: Any])?.isEmpty == true)
  }

  @Test func evalOutputsCompareByPolicyAndNameTheInputsThatDiffer() throws {
    let directory = try CLI.temporaryDirectory()
    var files: [String] = []
    for units in ["4", "8"] {
      let run = try CLI.run(
        ["eval"] + EvalCommandTests.small.dropLast(2) + [
          "--ndp-units", units, "--format", "csv", "--policy", "tp,ep",
        ])
      let file = directory.appendingPathComponent("eval-\(units).csv").path
      try run.stdout.write(toFile: file, atomically: true, encoding: .utf8)
      files.append(file)
    }
    let page = directory.appendingPathComponent("c.html").path
    let run = try CLI.run(["compare", files[0], files[1], "--report", page])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("2 matched by point and policy"))
    #expect(run.stdout.contains("inputs that differ: ndp.units (2 rows)"))
    #expect(
      run.stdout.contains("note: matched rows share a point number and policy, not necessarily a design"))
    #expect(run.stdout.contains("\ntpot_ms "))
    #expect(!run.stdout.contains("Pareto front"))
    let html = try String(contentsOfFile: page, encoding: .utf8)
    #expect(html.contains("data-chart=\"tornado\"") && html.contains("n/a (not two sweep folders)"))
  }

  @Test func badInputsAreOneSentenceAndExitTwo() throws {
    let missing = try CLI.run(["compare", "/nonexistent", Self.sweeps.cheap])
    #expect(
      missing.status == 2 && missing.stderr.contains("/nonexistent: no such sweep folder or results file"))
    let file = try CLI.temporaryDirectory().appendingPathComponent("x.csv").path
    try "a,b\n1,2\n".write(toFile: file, atomically: true, encoding: .utf8)
    let wrong = try CLI.run(["compare", file, Self.sweeps.cheap])
    #expect(wrong.status == 2 && wrong.stderr.contains("x.csv: not results.csv's columns of this version"))
  }
}
