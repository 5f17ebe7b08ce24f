import Foundation
import Simulation
import Testing

@testable import Reports

/// The sweep page as a whole: it states what was fixed and why rows were left out, names designs
/// in words, formats numbers with units, keeps every key true to its marks, and stays bounded.
@Suite struct SweepPageTests {
  static let space = """
    name: page
    seed: 9
    policies: [gpu-offload, ep, tp-lb-pf, oracle]
    fixed:
      model: olmoe-1b-7b
      workload.output: 8
    axes:
      ndp.units: [2, 4]
      ndp.bw_gb_per_s: [50, 100, 200]
    constraints:
      - feasible
      - tpot_ms <= 30
    objectives:
      - minimize: tpot_ms
      - minimize: energy_mj_per_token
    """

  static func row(_ point: Int, _ policy: PolicyName) -> SyntheticSweep.Row {
    if policy == .ep && point % 3 == 0 {
      return .init(
        feasible: false, reason: "NDP memory: \(10 + point).5 GB of experts per unit exceed 8 GB (2 units)")
    }
    let tpot = policy == .gpuOffload ? 40 : 10 + 1.0 / 3 * Double(point) + (policy == .ep ? 5 : 0)
    return .init(
      meetsConstraints: tpot <= 30,
      metrics: [
        "tpot_ms": tpot, "energy_mj_per_token": 200 - Double(point), "e2e_ms": tpot * 8, "speedup": 1.5,
      ])
  }

  static func svgs(_ html: String) -> [String] {
    html.components(separatedBy: "<svg").dropFirst().map {
      "<svg" + $0.components(separatedBy: "</svg>")[0] + "</svg>"
    }
  }

  @Test func theSummaryStatesWhatWasFixedAndWhyRowsWereLeftOut() throws {
    let html = try SyntheticSweep(space: Self.space, row: Self.row).page()
    #expect(html.contains("model olmoe-1b-7b, workload.output 8"))
    #expect(
      html.contains(
        "gpu rtx5080, ndp ndp-dimm, link pcie5-x16, host ddr5-host, workload.batch 1, workload.prompt 512"))
    #expect(html.contains("9 (the space's seed)"))
    #expect(html.contains("NDP memory: # GB of experts per unit exceed # GB (# units)"))
    #expect(html.contains("<td data-value=\"2.0\">2</td>"))
    #expect(html.contains("tpot_ms &lt;= 30") || html.contains("tpot_ms <= 30"))
    #expect(html.contains("prices") && html.contains("none given: cost_usd is 0 for every row"))
  }

  @Test func nothingMeetingTheConstraintsIsSaidPlainly() throws {
    let html = try SyntheticSweep(space: Self.space) { point, policy in
      var row = Self.row(point, policy)
      row.meetsConstraints = false
      return row
    }.page()
    #expect(html.contains("Nothing meets the constraints:"))
  }

  @Test func sweptPresetValuesAreShownAsSwept() throws {
    let html = try SyntheticSweep(space: Self.space, row: Self.row).page()
    let provenance = try #require(html.components(separatedBy: "<section id=\"provenance\">").last)
    let bandwidth = try #require(
      provenance.components(separatedBy: "<tr>").first { $0.contains(">ndp.bw_gb_per_s<") })
    #expect(bandwidth.contains("swept: ndp.bw_gb_per_s (3: 50, 100, 200) GB/s"))
    #expect(!bandwidth.contains(">spec<") && !bandwidth.contains(">assumed<"))
  }

  @Test func tablesShowFewDigitsWithUnitsAndSortOnFullPrecision() throws {
    let html = try SyntheticSweep(space: Self.space, row: Self.row).page()
    let table = try #require(html.components(separatedBy: "<section id=\"designs\">").last)
    #expect(table.contains("<td data-value=\"10.333333333333334\">10.33 ms</td>"))
    #expect(table.contains("aria-sort=\"ascending\">tpot (ms)</th>"))
    #expect(!table.contains(">cost (USD)</th>"), "a constant cost column")
    #expect(
      table.contains(">4 x ndp-dimm at 100 GB/s, tp-lb-pf</td>")
        || table.contains("4 x ndp-dimm at 100 GB/s, tp-lb-pf"))
    #expect(!table.contains("10.333333333333334 ms"))
  }

  @Test func everyKeyMatchesItsMarksOnEveryChart() throws {
    let html = try SyntheticSweep(space: Self.space, row: Self.row).page()
    let charts = Self.svgs(html)
    #expect(charts.count >= 6)
    for chart in charts {
      #expect(xmlWellFormednessError(chart) == nil)
      let svg = try SVGQuery(svg: chart)
      for key in svg.legendKeys {
        let marks = svg.marks(key)
        #expect(!marks.isEmpty, "legend entry \(key) with nothing drawn")
        let swatch = svg.swatchColor(key)
        #expect(marks.allSatisfy { SVGQuery.color($0) == swatch }, "\(key) in \(chart.prefix(160))")
      }
    }
  }

  @Test func aLargeSweepsPageStaysSmall() throws {
    let space = Self.space.replacingOccurrences(
      of: "ndp.bw_gb_per_s: [50, 100, 200]", with: "ndp.bw_gb_per_s: {from: 1, to: 3000, step: 1}")
    let sweep = try SyntheticSweep(space: space, row: Self.row)
    let data = try sweep.data()
    #expect(data.rows == 24_000)
    let html = try sweep.page()
    #expect(html.utf8.count < 5_000_000)
    let marks = html.components(separatedBy: "class=\"mark").count - 1
    #expect(marks <= SweepData.totalMarks + 200, "\(marks) marks")
  }
}
