import Foundation
import Testing

/// A presets file's own devices used end to end: listed, evaluated, swept, reported.
@Suite struct UserPresetsTests {
  static let presets = """
    presets:
      - name: lab-dimm
        kind: ndp
        base: ndp-dimm
        summary: our NDP-DIMM prototype
        values:
          ndp.bw_gb_per_s: {value: 150, unit: GB/s, provenance: measured, citation: "lab stream benchmark"}
    """

  static func folder() throws -> URL {
    let directory = try CLI.temporaryDirectory()
    try presets.write(to: directory.appendingPathComponent("mine.yaml"), atomically: true, encoding: .utf8)
    return directory
  }

  @Test func theListingMarksTheFilesPresets() throws {
    let directory = try Self.folder()
    let run = try CLI.run(["presets", "--presets", "mine.yaml", "--kind", "ndp"], in: directory)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("ndp lab-dimm (from the presets file): our NDP-DIMM prototype"))
    #expect(run.stdout.contains("measured") && run.stdout.contains("lab stream benchmark"))
    let csv = try CLI.run(["presets", "--presets", "mine.yaml", "--format", "csv"], in: directory)
    #expect(
      csv.stdout.contains(
        "\nndp,lab-dimm,ndp.bw_gb_per_s,150,GB/s,measured,lab stream benchmark,,presets file\n"))
  }

  @Test func evalUsesTheUsersPresetAndItsPageCitesIt() throws {
    let directory = try Self.folder()
    let small = ["--model", "olmoe-1b-7b", "--prompt", "16", "--output", "8", "--policy", "tp"]
    let mine = try CLI.run(
      ["eval", "--presets", "mine.yaml", "--ndp", "lab-dimm", "--report", "e.html"] + small, in: directory)
    #expect(mine.status == 0, "\(mine.stderr)")
    #expect(mine.stdout.hasPrefix("olmoe-1b-7b on rtx5080 + 4 x lab-dimm over pcie5-x16"))
    // The same numbers as the base preset with the one value set on the command line.
    let same = try CLI.run(["eval", "--set", "ndp.bw_gb_per_s=150", "--format", "csv"] + small)
    let mineCSV = try CLI.run(
      ["eval", "--presets", "mine.yaml", "--ndp", "lab-dimm", "--format", "csv"] + small, in: directory)
    let tail = { (text: String) in
      text.split(separator: "\n")[1].split(separator: ",").suffix(30).joined(separator: ",")
    }
    #expect(tail(same.stdout) == tail(mineCSV.stdout))
    let page = try String(contentsOf: directory.appendingPathComponent("e.html"), encoding: .utf8)
    #expect(page.contains("lab-dimm") && page.contains("lab stream benchmark"))
    let unknown = try CLI.run(["eval", "--ndp", "lab-dimm"] + small, in: directory)
    #expect(unknown.status == 2 && unknown.stderr.contains("unknown ndp preset 'lab-dimm'"))
  }

  @Test func aSweepNamesThemAndItsFolderKeepsThem() throws {
    let directory = try Self.folder()
    let space = """
      name: mine
      presets: mine.yaml
      policies: [tp]
      baseline: tp
      fixed:
        model: olmoe-1b-7b
        workload.prompt: 16
        workload.output: 8
      axes:
        ndp: [ndp-dimm, lab-dimm]
      """
    try space.write(to: directory.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
    let run = try CLI.run(["sweep", "s.yaml", "--out", "out", "--quiet"], in: directory)
    #expect(run.status == 0, "\(run.stderr)")
    let results = try String(contentsOf: directory.appendingPathComponent("out/results.csv"), encoding: .utf8)
    #expect(results.contains(",olmoe-1b-7b,rtx5080,lab-dimm,"))
    // The report is made again from the folder alone: the manifest keeps the presets.
    try FileManager.default.removeItem(at: directory.appendingPathComponent("mine.yaml"))
    let report = try CLI.run(["report", "out"], in: directory)
    #expect(report.status == 0, "\(report.stderr)")
    let page = try String(contentsOf: directory.appendingPathComponent("out/index.html"), encoding: .utf8)
    #expect(page.contains("lab stream benchmark") && page.contains(">measured<"))
  }
}
