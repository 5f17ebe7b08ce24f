import Foundation
import Testing

/// The README's "Sizing a system": `solve`, a sweep of spaces/sizing-orin-mixtral.yaml with
/// `best`, and the sweep's recommendation answer the same question and agree (the sweep to its
/// 10 GB/s grid).
@Suite struct SizingExampleTests {
  static let point = [
    "--model", "mixtral-8x7b", "--gpu", "jetson-agx-orin", "--link", "pcie4-x16", "--set",
    "link.bw_gb_per_s=15.75",
    "--batch", "1", "--prompt", "512", "--output", "512",
  ]
  static let target = "decode_tokens_per_s >= 20"

  /// The shipped space swept once for the suite; its closing text and folder.
  static let sweep: (text: String, folder: String) = {
    let folder = try! CLI.temporaryDirectory().appendingPathComponent("sizing").path
    let run = try! CLI.run(
      ["sweep", "spaces/sizing-orin-mixtral.yaml", "--out", folder, "--quiet", "--no-report"],
      in: ReportCommandTests.repository)
    precondition(run.status == 0, run.stderr)
    return (run.stdout, folder)
  }()

  /// `solve`'s least per-unit bandwidth for tp-lb-pf at `units`.
  static func solved(units: Int) throws -> Double {
    let run = try CLI.run(
      ["solve"] + point + [
        "--ndp-units", String(units), "--vary", "ndp.bw_gb_per_s", "--target", target, "--from", "50", "--to",
        "500",
        "--format", "json",
      ])
    let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    let answer = try #require((object["answers"] as? [[String: Any]])?.first?["answer"] as? [String: Any])
    return try #require(answer["value"] as? Double)
  }

  /// `best`'s least per-unit bandwidth per unit count, from the sweep.
  static func best() throws -> [String: Double] {
    let run = try CLI.run([
      "best", sweep.folder, "--where", target, "--minimize", "ndp.bw_gb_per_s", "--per", "ndp.units",
      "--format",
      "json",
    ])
    let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    var answers: [String: Double] = [:]
    for group in try #require(object["groups"] as? [[String: Any]]) {
      let row = try #require(group["best"] as? [String: Any])
      answers[try #require(group["per"] as? String)] = try #require(row["ndp.bw_gb_per_s"] as? Double)
    }
    return answers
  }

  @Test(arguments: [3, 8, 16])
  func solveAndBestAgreeToTheGrid(units: Int) throws {
    let exact = try Self.solved(units: units)
    let grid = try #require(try Self.best()[String(units)])
    // The sweep's answer is the least grid value at or above the exact one.
    #expect(grid - 10 < exact && exact <= grid, "solve \(exact), sweep \(grid)")
  }

  @Test func theRecommendationNamesTheSameDesigns() throws {
    let best = try Self.best()
    let text = Self.sweep.text
    let fewest = try #require(best.keys.compactMap(Int.init).min())
    let widest = try #require(best.keys.compactMap(Int.init).max())
    #expect(
      text.contains("lowest NDP units: \(fewest) x ndp-dimm at \(Int(best[String(fewest)]!)) GB/s, tp-lb-pf"),
      "\(text)")
    #expect(
      text.contains(
        "lowest NDP bandwidth per unit: \(widest) x ndp-dimm at \(Int(best[String(widest)]!)) GB/s"))
  }
}
