import DesignSpace
import Simulation
import Testing

@testable import Reports

/// A sizing sweep's page, whose objectives are the sizes themselves (NDP units and bandwidth per
/// unit) under a constraint on the decode rate.
@Suite struct SizingPageTests {
  static let space = """
    name: sizing
    policies: [tp-lb-pf]
    baseline: tp-lb-pf
    axes:
      ndp.units: [2, 4, 8]
      ndp.bw_gb_per_s: [50, 100, 200]
    constraints:
      - feasible
      - decode_tokens_per_s >= 20
    objectives:
      - minimize: ndp.units
      - minimize: ndp.bw_gb_per_s
    """

  /// The decode rate grows with the total NDP bandwidth: 20 tokens/s needs about 800 GB/s in all.
  static func row(_ point: Int, _ policy: PolicyName) -> SyntheticSweep.Row {
    let units = [2.0, 4, 8][point / 3]
    let bandwidth = [50.0, 100, 200][point % 3]
    let rate = units * bandwidth / 40 + units
    return SyntheticSweep.Row(
      meetsConstraints: rate >= 20, metrics: ["decode_tokens_per_s": rate, "tpot_ms": 1e3 / rate])
  }

  @Test func theUnitCountFigureDrawsTheBandwidthNotTheCountAgainstItself() throws {
    let data = try SyntheticSweep(space: Self.space, row: Self.row).data()
    #expect(data.unitCountObjective == 1)
    let byUnits = try #require(data.scenarioData[0]?.bestByUnits[.tpLBPF])
    // The least bandwidth that meets the constraint at each count: the sizing curve.
    #expect(byUnits.keys.sorted() == [4, 8])
    #expect(data.columns.value(byUnits[4]!, "ndp.bw_gb_per_s") == 200)
    #expect(data.columns.value(byUnits[8]!, "ndp.bw_gb_per_s") == 100)
    let page = try SyntheticSweep(space: Self.space, row: Self.row).page()
    #expect(page.contains("The best NDP bandwidth per unit each policy reaches at each NDP unit count"))
  }

  @Test func theFrontTableShowsTheConstrainedMetric() throws {
    let page = try SyntheticSweep(space: Self.space, row: Self.row).page()
    #expect(page.contains(">decode rate (tokens/s)<"))
  }

  @Test func aUnitCountReadsAsUnits() {
    #expect(NumberFormat.metric("ndp.units", 1) == "1 unit")
    #expect(NumberFormat.metric("ndp.units", 8) == "8 units")
  }
}
