import Foundation
import Testing

@testable import Reports

@Suite struct ValidationCommandTests {
  static let templates = ReportCommandTests.templates

  @Test func validateWritesATableAndAnEscapedPageAndHonoursMaxError() throws {
    let directory = try CLI.temporaryDirectory()
    let file = directory.appendingPathComponent("refs.yaml").path
    let entry = """
      name: x
      entries:
      """ + "\n" + DesignSpaceEntry.text(id: "<script>alert(1)</script>", value: 5)
    try entry.write(toFile: file, atomically: true, encoding: .utf8)
    let out = directory.appendingPathComponent("out").path
    let run = try CLI.run(["validate", file, "--out", out, "--templates", Self.templates])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("geometric-mean error"))
    let csv = try String(contentsOfFile: out + "/validation.csv", encoding: .utf8)
    #expect(csv.hasPrefix("id,source,url,kind,policy,metric,reference,predicted,relative_error\n"))
    let html = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
    #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !html.contains("<script>alert"))
    #expect(html.contains("<section id=\"provenance\">"))
    #expect(ReportCommandTests.svgs(html).allSatisfy { xmlWellFormednessError($0) == nil })
    let strict = try CLI.run([
      "validate", file, "--out", out, "--templates", Self.templates, "--max-error", "0.0001",
    ])
    #expect(strict.status == 1)
    #expect(strict.stdout.contains("exceeds --max-error"))
  }

  @Test func theShippedReferencesValidate() throws {
    let out = try CLI.temporaryDirectory().appendingPathComponent("v").path
    let process = Process()
    process.executableURL = CLI.executable
    process.currentDirectoryURL = ReportCommandTests.repository
    process.arguments = ["validate", "--out", out]
    process.standardOutput = Pipe()
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    let csv = try String(contentsOfFile: out + "/validation.csv", encoding: .utf8)
    #expect(csv.split(separator: "\n").count >= 4)
  }
}

/// A reference entry for the CLI tests (an OLMoE point, tp on 4 units).
enum DesignSpaceEntry {
  static func text(id: String, value: Double) -> String {
    """
      - id: "\(id)"
        source: a test
        url: none
        kind: simulated
        policy: tp
        metric: tpot_ms
        value: \(value)
        point:
          model: olmoe-1b-7b
          workload.prompt: 16
          workload.output: 8
    """
  }
}
