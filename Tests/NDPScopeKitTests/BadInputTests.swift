import Foundation
import Testing

/// Bad input: one sentence on stderr, exit code 2, nothing half-written.
@Suite struct BadInputTests {
  func expectRejected(_ arguments: [String], mentions text: String) throws {
    let run = try CLI.run(arguments)
    #expect(run.status == 2, "\(arguments): \(run.stderr)")
    #expect(run.stderr.contains(text), "\(arguments): \(run.stderr)")
    #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
    #expect(run.stdout.isEmpty)
  }

  @Test func unknownPresetSuggestsTheNearestName() throws {
    try expectRejected(
      ["eval", "--gpu", "rtx508"], mentions: "unknown gpu preset 'rtx508'; did you mean 'rtx5080'?")
    try expectRejected(["eval", "--model", "qwen3-30b"], mentions: "did you mean 'qwen3-30b-a3b'?")
    try expectRejected(["eval", "--policy", "tp-lbpf"], mentions: "did you mean 'tp-lb-pf'?")
  }

  @Test func zeroOrNegativeSizesAreRejected() throws {
    try expectRejected(
      ["eval", "--batch", "0"], mentions: "workload.batch must be a whole number of at least 1, got 0")
    try expectRejected(
      ["eval", "--ndp-units=-2"], mentions: "ndp.units must be a whole number of at least 1, got -2")
    try expectRejected(
      ["eval", "--set", "ndp.bw_gb_per_s=0"], mentions: "ndp.bw_gb_per_s must be a number greater than 0")
    try expectRejected(["eval", "--expert-ffn", "0"], mentions: "model.expert_ffn")
  }

  @Test func tpDegreeMustDivideTheUnitCount() throws {
    try expectRejected(
      ["eval", "--ndp-units", "4", "--tp-degree", "3"],
      mentions: "policy.tp_degree (--tp-degree) must divide the NDP unit count 4, got 3")
  }

  @Test func unreadableOrMalformedTracesAreRejected() throws {
    try expectRejected(
      ["eval", "--trace", "/nonexistent/trace.jsonl"], mentions: "/nonexistent/trace.jsonl: cannot read")
    let directory = try CLI.temporaryDirectory()
    let path = directory.appendingPathComponent("bad.jsonl").path
    try "{\"format\":\"ndpscope-routing-trace\"\n".write(toFile: path, atomically: true, encoding: .utf8)
    try expectRejected(["eval", "--trace", path], mentions: "\(path):1: not valid JSON")
  }

  /// Every file a command reads goes through one reader that takes only regular files: a folder
  /// was "missing or unreadable" and a device was read as it came (/dev/zero forever).
  @Test func foldersAndDevicesAreRefusedWhereverAFileIsRead() throws {
    let folder = try CLI.temporaryDirectory()
    for path in [folder.path, "/dev/null"] {
      for arguments in [
        ["check", path], ["eval", "--trace", path], ["eval", "--calibration", path],
        ["validate", path, "--out", folder.appendingPathComponent("v").path],
      ] {
        try expectRejected(arguments, mentions: "\(path): ")
        try expectRejected(arguments, mentions: " is not a regular file (a folder or a device)")
      }
    }
  }

  @Test func parserErrorsAlsoExitWithTwo() throws {
    let run = try CLI.run(["eval", "--no-such-flag"])
    #expect(run.status == 2)
    #expect(run.stderr.contains("--no-such-flag"))
  }

  @Test func aFailedTraceWriteLeavesNothingBehind() throws {
    let directory = try CLI.temporaryDirectory()
    let missing = directory.appendingPathComponent("no/such/dir/trace.jsonl").path
    let run = try CLI.run(["trace", "generate", "--prompt", "4", "--output", "2", "--out", missing])
    #expect(run.status == 2)
    let left = try FileManager.default.contentsOfDirectory(atPath: directory.path)
    #expect(left.isEmpty)
  }
}
