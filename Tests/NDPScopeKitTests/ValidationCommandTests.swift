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
    #expect(
      csv.hasPrefix("id,source,url,kind,policy,figure,reference,predicted,relative_error,uncalibrated\n"))
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

  @Test func aCalibrationIsUsableByValidateEvalAndSpaces() throws {
    let directory = try CLI.temporaryDirectory()
    let references = directory.appendingPathComponent("refs.yaml").path
    try ("name: x\nentries:\n" + DesignSpaceEntry.text(id: "e", value: 3)).write(
      toFile: references, atomically: true, encoding: .utf8)
    let calibration = directory.appendingPathComponent("cal.yaml").path
    let fit = try CLI.run(["calibrate", references, "--fit", "ndp.mem_efficiency", "--out", calibration])
    #expect(fit.status == 0, "\(fit.stderr)")
    #expect(
      fit.stdout.contains("ndp.mem_efficiency = ") && fit.stdout.contains("for ndp-dimm (plausible 0.6-0.95)")
    )
    let again = try CLI.run(["calibrate", references, "--fit", "ndp.mem_efficiency", "--out", calibration])
    #expect(again.status == 2 && again.stderr.contains("exists; calibrate never overwrites"))
    let fitted = try CalibrationFileReader.value(calibration, "ndp.mem_efficiency")
    let eval = try CLI.run(
      ["eval"] + EvalCommandTests.small + [
        "--calibration", calibration, "--format", "json", "--policy", "tp",
      ])
    #expect(eval.status == 0, "\(eval.stderr)")
    #expect(eval.stdout.contains("\"ndp.mem_efficiency\": \(fitted)"))
    let validate = try CLI.run([
      "validate", references, "--calibration", calibration, "--out",
      directory.appendingPathComponent("v").path,
      "--templates", Self.templates,
    ])
    #expect(validate.status == 0 && validate.stdout.contains("uncalibrated"))
    let space = directory.appendingPathComponent("s.yaml").path
    try SweepCommandTests.tiny.replacingOccurrences(of: "seed: 4\n", with: "seed: 4\ncalibration: cal.yaml\n")
      .write(toFile: space, atomically: true, encoding: .utf8)
    let check = try CLI.run(["check", space])
    #expect(check.status == 0, "\(check.stderr)")
    let out = directory.appendingPathComponent("sweep").path
    let sweep = try CLI.run(["sweep", space, "--out", out, "--quiet", "--templates", Self.templates])
    #expect(sweep.status == 0, "\(sweep.stderr)")
    let manifest = try String(contentsOfFile: out + "/manifest.json", encoding: .utf8)
    #expect(manifest.contains("\"calibration_text\""))
    // The report re-reads the space from the manifest, calibration included, without the file.
    try FileManager.default.removeItem(atPath: calibration)
    let report = try CLI.run(["report", out, "--templates", Self.templates])
    #expect(report.status == 0, "\(report.stderr)")
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
    // Every shipped file is in, and a ratio to another policy is charted as a ratio, not in the
    // metric's unit.
    for id in [
      "thor-qwen3-30b-a3b-int4-batch1", "date26-qwen3-speedup-mean",
      "ctxplace-mixtral-3bit-decode-over-monde",
    ] {
      #expect(csv.contains(id))
    }
    let html = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
    #expect(html.contains("reference time per output token ratio (x)"))
    #expect(html.contains("reference decode rate ratio (x)"))
    #expect(html.contains("reference decode rate (tokens/s)"))
  }
}

/// Reads one fitted value back from a calibration file.
enum CalibrationFileReader {
  static func value(_ path: String, _ key: String) throws -> String {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let line = try #require(text.split(separator: "\n").first { $0.contains("key: \(key),") })
    return String(try #require(line.split(separator: "value: ").last?.split(separator: ",").first))
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
