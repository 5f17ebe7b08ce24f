import Foundation
import Testing

@testable import Reports

/// Reports end to end: golden bytes, well-formed SVG, axis titles with units, escaping.
@Suite(.serialized) struct ReportCommandTests {
  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
  static let templates = repository.appendingPathComponent("templates").path

  func sweep(_ space: String, named name: String = "space.yaml") throws -> URL {
    let directory = try CLI.temporaryDirectory()
    let path = directory.appendingPathComponent(name).path
    try space.write(toFile: path, atomically: true, encoding: .utf8)
    let out = directory.appendingPathComponent("out")
    let run = try CLI.run(["sweep", path, "--out", out.path, "--quiet"])
    #expect(run.status == 0, "\(run.stderr)")
    return out
  }

  func page(_ out: URL) throws -> String {
    try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
  }

  static func svgs(_ html: String) -> [String] {
    html.components(separatedBy: "<svg").dropFirst().map {
      "<svg" + $0.components(separatedBy: "</svg>")[0] + "</svg>"
    }
  }

  @Test func aTinySweepReportMatchesTheGoldenFile() throws {
    let html = try page(try sweep(SweepCommandTests.tiny))
    let golden = CLI.goldenDirectory.appendingPathComponent("report-tiny.html")
    if ProcessInfo.processInfo.environment["NDPSCOPE_UPDATE_GOLDEN"] == "1" {
      try html.write(to: golden, atomically: true, encoding: .utf8)
    }
    #expect(
      html == (try String(contentsOf: golden, encoding: .utf8)), "regenerate with NDPSCOPE_UPDATE_GOLDEN=1")
  }

  @Test func everySVGIsWellFormedXMLWithUnitsOnItsAxes() throws {
    let html = try page(try sweep(SweepCommandTests.tiny))
    let charts = Self.svgs(html)
    #expect(charts.count >= 5)
    for chart in charts {
      #expect(xmlWellFormednessError(chart) == nil, "\(chart.prefix(200))")
      let titles = chart.components(separatedBy: "class=\"axis-title\">").dropFirst().map {
        $0.components(separatedBy: "<")[0]
      }
      #expect(!titles.isEmpty, "a chart without axis titles")
      for title in titles where !title.isEmpty {
        #expect(title.contains("("), "axis title without a unit: \(title)")
      }
    }
    for section in ["recommendation", "summary", "designs", "heatmap", "timeline", "provenance"] {
      #expect(html.contains("<section id=\"\(section)\">"), "\(section)")
    }
    for chart in ["pareto", "units", "bars", "heatmap", "timeline"] {
      #expect(html.contains("data-chart=\"\(chart)\""), "\(chart)")
    }
    #expect(html.contains("<table class=\"sortable\">"))
    #expect(html.contains("<title>4 x ndp-dimm, pcie5-x16, tp-lb-pf\npoint 5\n"))
  }

  @Test func chartsOfAxesThatWereNotSweptAreLeftOut() throws {
    let space = """
      name: one-axis
      policies: [tp, oracle]
      fixed:
        model: olmoe-1b-7b
        workload.prompt: 16
        workload.output: 8
      axes:
        link: [pcie4-x16, pcie5-x16]
      """
    let html = try page(try sweep(space))
    #expect(!html.contains("data-chart=\"units\""))
    #expect(!html.contains("<section id=\"heatmap\">"))
    #expect(html.contains("data-chart=\"pareto\""))
  }

  @Test func textFromTheSpaceIsEscaped() throws {
    let space = SweepCommandTests.tiny.replacingOccurrences(
      of: "name: tiny", with: "name: \"<script>alert(1)</script>\"\ndescription: \"<b>bold</b> & co\"")
    let html = try page(try sweep(space, named: "<evil>.yaml"))
    #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    #expect(html.contains("&lt;b&gt;bold&lt;/b&gt; &amp; co"))
    #expect(html.contains("&lt;evil&gt;.yaml"))
    #expect(!html.contains("<script>alert"))
    #expect(!html.contains("<b>bold"))
  }

  @Test func aSweepMixingTheSMoEFamilyAndGPUNDPPoliciesRunsAndReports() throws {
    let space = """
      name: mixed
      policies: [gpu-offload, smoe-sub, smoe, tp-lb-pf, tp-lb-pf-sub, oracle]
      baseline: gpu-offload
      fixed:
        model: olmoe-1b-7b
        workload.prompt: 16
        workload.output: 8
        policy.cache_experts: 8
      axes:
        policy.alpha: [0, 0.3]
        ndp.units: [2, 4]
      objectives:
        - minimize: tpot_ms
        - minimize: substituted_score_mass
      """
    let out = try sweep(space)
    let results = try String(contentsOf: out.appendingPathComponent("results.csv"), encoding: .utf8)
    let header = results.split(separator: "\n")[0].split(separator: ",").map(String.init)
    let rate = try #require(header.firstIndex(of: "substitution_rate"))
    let policy = try #require(header.firstIndex(of: "policy"))
    let alpha = try #require(header.firstIndex(of: "policy.alpha"))
    var substitutedSomewhere = false
    for line in results.split(separator: "\n").dropFirst() {
      let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      let value = Double(fields[rate]) ?? 0
      if fields[alpha] == "0" || ["gpu-offload", "tp-lb-pf", "oracle"].contains(fields[policy]) {
        #expect(value == 0, "\(fields[policy]) at alpha \(fields[alpha])")
      }
      if value > 0 { substitutedSomewhere = true }
    }
    #expect(substitutedSomewhere)
    let html = try page(out)
    #expect(html.contains("data-chart=\"substitution\""))
    #expect(html.contains("substitution rate: ") && html.contains("substituted score mass: "))
    #expect(Self.svgs(html).allSatisfy { xmlWellFormednessError($0) == nil })
  }

  @Test func evalWritesAOnePointReport() throws {
    let directory = try CLI.temporaryDirectory()
    let file = directory.appendingPathComponent("eval.html").path
    let run = try CLI.run(
      ["eval"] + EvalCommandTests.small + [
        "--report", file, "--templates", Self.templates, "--format", "csv",
      ])
    #expect(run.status == 0, "\(run.stderr)")
    let html = try String(contentsOfFile: file, encoding: .utf8)
    #expect(html.contains("<section id=\"breakdown\">") && html.contains("<section id=\"timeline\">"))
    #expect(Self.svgs(html).allSatisfy { xmlWellFormednessError($0) == nil })
    #expect(html.contains("Schedule of tp-lb-pf"))
  }

  @Test func theBinaryReportsFromAnyFolderWithItsOwnTemplates() throws {
    let folder = try CLI.temporaryDirectory()
    try SweepCommandTests.tiny.write(
      to: folder.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
    let run = try CLI.run(["sweep", "s.yaml", "--out", "out", "--quiet"], in: folder)
    #expect(run.status == 0, "\(run.stderr)")
    let html = try String(contentsOf: folder.appendingPathComponent("out/index.html"), encoding: .utf8)
    #expect(html.contains("<section id=\"recommendation\">"))
    // The same page as with the source tree's templates.
    let again = try CLI.run(["report", "out", "--templates", Self.templates], in: folder)
    #expect(again.status == 0)
    #expect(try String(contentsOf: folder.appendingPathComponent("out/index.html"), encoding: .utf8) == html)
  }

  @Test func aReportThatFailsNeverLosesTheSweep() throws {
    let folder = try CLI.temporaryDirectory()
    try SweepCommandTests.tiny.write(
      to: folder.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
    let run = try CLI.run(
      ["sweep", "s.yaml", "--out", "out", "--quiet", "--templates", "nowhere"], in: folder)
    #expect(run.status == 2)
    #expect(run.stdout.contains("swept 6 points x 4 policies = 24 rows"))
    #expect(
      run.stderr.contains(
        "nowhere/report.html: cannot read the report template (--templates DIR needs report.html, report.css and report.js). The results in out are complete; make the report later with: ndpscope report out"
      ))
    let results = try String(contentsOf: folder.appendingPathComponent("out/results.csv"), encoding: .utf8)
    #expect(results.split(separator: "\n").count == 25)
    #expect(try CLI.run(["report", "out"], in: folder).status == 0)
  }

  @Test func missingTemplatesAreReportedClearly() throws {
    let directory = try CLI.temporaryDirectory()
    let out = directory.appendingPathComponent("out").path
    let space = directory.appendingPathComponent("s.yaml").path
    try SweepCommandTests.tiny.write(toFile: space, atomically: true, encoding: .utf8)
    _ = try CLI.run(["sweep", space, "--out", out, "--quiet", "--no-report"])
    let run = try CLI.run(["report", out, "--templates", directory.appendingPathComponent("none").path])
    #expect(run.status == 2)
    #expect(run.stderr.contains("none/report.html: cannot read the report template"))
  }

  @Test func theCommittedExampleReportRegeneratesByteForByte() throws {
    let out = try CLI.temporaryDirectory().appendingPathComponent("paper")
    let process = Process()
    process.executableURL = CLI.executable
    process.currentDirectoryURL = Self.repository
    process.arguments = ["sweep", "spaces/paper.yaml", "--out", out.path, "--quiet", "--jobs", "2"]
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    let example = Self.repository.appendingPathComponent("reports/example")
    for file in ["index.html", "results.csv", "pareto.csv"] {
      let fresh = try String(contentsOf: out.appendingPathComponent(file), encoding: .utf8)
      let committed = try String(contentsOf: example.appendingPathComponent(file), encoding: .utf8)
      #expect(
        fresh == committed,
        "reports/example/\(file) is stale: regenerate with the command in reports/README.md")
    }
  }
}
