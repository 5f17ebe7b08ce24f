import Foundation
import Testing

@Suite struct TraceCommandTests {
  @Test func replayingAGeneratedTraceGivesTheSameResults() throws {
    let directory = try CLI.temporaryDirectory()
    let path = directory.appendingPathComponent("routing.jsonl").path
    let point = [
      "--model", "qwen1.5-moe-a2.7b", "--prompt", "12", "--output", "6", "--batch", "2", "--seed", "5",
    ]
    let generate = try CLI.run(["trace", "generate"] + point + ["--out", path])
    #expect(generate.status == 0, "\(generate.stderr)")
    #expect(generate.stdout.contains("records"))
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
    #expect(lines.count == 1 + 2 * (12 + 5) * 24)
    // monde uses the offline profile, which a trace derives from its own records, so compare
    // the policies that see only the routing itself.
    let policies = [
      "--policy", "gpu-offload,ep,tp,tp-lb,tp-lb-pf,oracle", "--baseline", "tp", "--format", "json",
    ]
    let generated = try CLI.run(["eval"] + point + policies)
    let replayed = try CLI.run(["eval"] + point + policies + ["--trace", path])
    #expect(replayed.status == 0, "\(replayed.stderr)")
    // The replay names its trace first; everything after is the same.
    #expect(
      replayed.stdout
        == generated.stdout.replacingOccurrences(
          of: "{\n", with: "{\n  \"trace\": \"\(path)\",\n", options: .anchored))
  }

  @Test func aTraceForAnotherShapeIsRejected() throws {
    let directory = try CLI.temporaryDirectory()
    let path = directory.appendingPathComponent("routing.jsonl").path
    _ = try CLI.run([
      "trace", "generate", "--model", "olmoe-1b-7b", "--prompt", "4", "--output", "2", "--out", path,
    ])
    let run = try CLI.run([
      "eval", "--model", "olmoe-1b-7b", "--prompt", "8", "--output", "2", "--trace", path,
    ])
    #expect(run.status == 2)
    #expect(run.stderr.contains("routing has prompt tokens 4, but the point needs 8"))
  }
}
