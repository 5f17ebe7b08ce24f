import Foundation
import Testing

/// A space's `trace:` replayed at every point, and `trace stats`.
@Suite struct TraceReplayTests {
  static let small = ["--model", "olmoe-1b-7b", "--prompt", "16", "--output", "8"]
  static let space = """
    name: replay
    trace: t.jsonl
    policies: [ep, tp-lb-pf]
    baseline: ep
    fixed:
      model: olmoe-1b-7b
      workload.prompt: 16
      workload.output: 8
    axes:
      ndp.units: [2, 4]
      workload.batch: [1, 2]
    """

  static func folder(seed: String = "1") throws -> URL {
    let directory = try CLI.temporaryDirectory()
    let run = try CLI.run(
      ["trace", "generate"] + small + ["--seed", seed, "--out", "t.jsonl"], in: directory)
    precondition(run.status == 0, run.stderr)
    try space.write(to: directory.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
    return directory
  }

  @Test func aSweepReplaysTheTraceAsEvalDoesAndSaysWhereItDoesNotFit() throws {
    let directory = try Self.folder(seed: "9")
    let check = try CLI.run(["check", "s.yaml"], in: directory)
    #expect(check.stdout.contains("replays trace t.jsonl: 1 request, 16 prompt and 7 decode tokens"))
    let sweep = try CLI.run(["sweep", "s.yaml", "--out", "out", "--quiet", "--no-report"], in: directory)
    #expect(sweep.status == 0, "\(sweep.stderr)")
    let rows = try String(contentsOf: directory.appendingPathComponent("out/results.csv"), encoding: .utf8)
      .split(separator: "\n").map(String.init)
    // Point 0 (2 units, batch 1): the same figures as eval replaying the same trace.
    let eval = try CLI.run(
      ["eval"] + Self.small + [
        "--ndp-units", "2", "--trace", "t.jsonl", "--policy", "ep,tp-lb-pf", "--baseline", "ep", "--format",
        "csv",
      ],
      in: directory)
    let evalRows = eval.stdout.split(separator: "\n").map(String.init)
    for i in 1...2 {
      #expect(rows[i].split(separator: ",").suffix(40) == evalRows[i].split(separator: ",").suffix(40))
    }
    // The routing is the trace's, not the generator's at the space's seed.
    let generated = try CLI.run(
      ["eval"] + Self.small + ["--ndp-units", "2", "--policy", "ep", "--format", "csv"])
    #expect(
      rows[1].split(separator: ",").suffix(40)
        != generated.stdout.split(separator: "\n")[1].split(separator: ",").suffix(40))
    let misfits = rows.filter {
      $0.contains(
        "the trace t.jsonl does not fit this point: routing has requests (batch size) 1, but the point needs 2"
      )
    }
    #expect(misfits.count == 4)
  }

  @Test func aResumeRefusesAChangedTrace() throws {
    let directory = try Self.folder()
    _ = try CLI.run(["sweep", "s.yaml", "--out", "out", "--quiet", "--no-report"], in: directory)
    let again = try CLI.run(
      ["trace", "generate"] + Self.small + ["--seed", "2", "--out", "t.jsonl"], in: directory)
    #expect(again.status == 0)
    let resume = try CLI.run(
      ["sweep", "s.yaml", "--out", "out", "--resume", "--quiet", "--no-report"], in: directory)
    #expect(resume.status == 2)
    #expect(
      resume.stderr.contains(
        "holds a sweep of a different space file (or its calibration, presets or trace changed)"))
  }

  /// With no decode step there is nothing to tell the phase drift by: it is not guessed.
  @Test func statsLeaveUnseenParametersUnset() throws {
    let directory = try CLI.temporaryDirectory()
    _ = try CLI.run(
      ["trace", "generate", "--model", "olmoe-1b-7b", "--prompt", "32", "--output", "1", "--out", "t.jsonl"],
      in: directory)
    let table = try CLI.run(["trace", "stats", "t.jsonl"], in: directory)
    #expect(table.status == 0, "\(table.stderr)")
    #expect(table.stdout.contains("not seen: phase_drift (no decode step), request_drift (one request)"))
    #expect(!table.stdout.contains("--set routing.phase_drift"))
  }

  /// The generator's own routing at known parameters: `trace stats` finds them again.
  @Test func statsRecoverTheGeneratorsParameters() throws {
    let directory = try CLI.temporaryDirectory()
    let generate = try CLI.run(
      [
        "trace", "generate", "--model", "olmoe-1b-7b", "--prompt", "128", "--output", "128", "--batch", "2",
        "--seed",
        "7", "--set", "routing.zipf=0.7", "--set", "routing.locality=0.25", "--set",
        "routing.phase_drift=0.2",
        "--set", "routing.request_drift=0.5", "--out", "t.jsonl",
      ], in: directory)
    #expect(generate.status == 0, "\(generate.stderr)")
    let json = try CLI.run(["trace", "stats", "t.jsonl", "--format", "json"], in: directory)
    #expect(json.status == 0, "\(json.stderr)")
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    let fit = try #require(object["generator"] as? [String: Double])
    #expect(abs(fit["routing.zipf"]! - 0.7) < 0.05, "\(fit)")
    #expect(abs(fit["routing.locality"]! - 0.25) < 0.04, "\(fit)")
    #expect(abs(fit["routing.phase_drift"]! - 0.2) < 0.08, "\(fit)")
    #expect(abs(fit["routing.request_drift"]! - 0.5) < 0.1, "\(fit)")
    #expect((object["per_layer"] as? [Any])?.count == 16)
    let table = try CLI.run(["trace", "stats", "t.jsonl"], in: directory)
    #expect(
      table.stdout.contains("generator parameters that make routing like it")
        && table.stdout.contains("use them: --set routing.zipf="))
    // eval says its routing comes from the trace, not from the seed it prints.
    let eval = try CLI.run(
      [
        "eval", "--model", "olmoe-1b-7b", "--prompt", "128", "--output", "128", "--batch", "2", "--trace",
        "t.jsonl", "--policy", "tp",
      ],
      in: directory)
    #expect(
      eval.stdout.hasPrefix(
        "routing replayed from t.jsonl (the point's routing.* values and seed are not used)\n"))
    let csv = try CLI.run(["trace", "stats", "t.jsonl", "--format", "csv"], in: directory)
    #expect(
      csv.stdout.hasPrefix(
        "layer,skew,zipf_fit,repeats,chance_repeats,locality,phase_cosine,request_cosine\n0,"))
  }
}
