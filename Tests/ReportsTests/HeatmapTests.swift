import DesignSpace
import Simulation
import Testing

@testable import Reports

/// The heatmap: any metric, absolute by default; the winning policy per cell; infeasible cells and
/// cells failing the constraints told apart, with reasons; bounded whatever the grid.
@Suite struct HeatmapTests {
  static let space = """
    name: heat
    policies: [gpu-offload, tp-lb-pf, oracle]
    fixed:
      model: olmoe-1b-7b
      workload.prompt: 16
      workload.output: 8
    axes:
      ndp.units: [1, 2, 4]
      gpu: [rtx5080, jetson-agx-orin]
    constraints:
      - feasible
      - tpot_ms <= 50
    objectives:
      - minimize: tpot_ms
      - minimize: energy_mj_per_token
    """

  /// Point (units u, gpu g): 1 unit infeasible for tp-lb-pf; on Orin only 4 units reach 50 ms.
  static func row(_ point: Int, _ policy: PolicyName) -> SyntheticSweep.Row {
    let units = [1, 2, 4][point / 2]
    let orin = point % 2 == 1
    if policy == .tpLBPF && units == 1 {
      return .init(
        feasible: false, reason: "NDP memory: 45.10 GB of experts per unit exceed 32.00 GB (1 units)")
    }
    if policy == .gpuOffload && units == 1 && !orin {
      return .init(feasible: false, reason: "GPU memory: a cache of 8 experts per layer (3.2 GB)")
    }
    let tpot =
      (policy == .oracle ? 5.0 : policy == .gpuOffload ? 40.0 : 30.0 / Double(units)) * (orin ? 4 : 1)
    return .init(
      meetsConstraints: tpot <= 50, metrics: ["tpot_ms": tpot, "energy_mj_per_token": 100, "speedup": 1])
  }

  @Test func cellsShowTheAbsoluteBestAndItsPolicy() throws {
    let data = try SyntheticSweep(space: Self.space, row: Self.row).data()
    let grid = try #require(data.heat)
    #expect(grid.metric == "tpot_ms" && grid.x.key == "ndp.units" && grid.y.key == "gpu")
    let best = try #require(grid.cell(group: 0, column: 2, row: 0).best)
    #expect(best.policy == .tpLBPF && data.columns.value(best, "tpot_ms") == 7.5)
    #expect(grid.cell(group: 0, column: 1, row: 1).best?.policy == nil)
  }

  @Test func infeasibleAndConstraintFailingCellsAreToldApartWithReasons() throws {
    let data = try SyntheticSweep(space: Self.space, row: Self.row).data()
    let grid = try #require(data.heat)
    // 1 unit on the RTX 5080: every design infeasible (the oracle aside, it is a bound).
    let infeasible = grid.cell(group: 0, column: 0, row: 0)
    #expect(infeasible.best == nil && infeasible.reasons.total == 2)
    let heatmap = Heatmap(grid: grid, group: 0, data: data)
    let why = heatmap.why(infeasible)
    #expect(why.contains("1 x NDP memory: 45.10 GB of experts per unit exceed 32.00 GB (1 units)"))
    #expect(why.contains("1 x GPU memory: a cache of 8 experts per layer (3.2 GB)"))
    // 2 units on Orin: feasible, all slower than 50 ms.
    let failing = grid.cell(group: 0, column: 1, row: 1)
    #expect(failing.best == nil && failing.feasible == 2)
    #expect(heatmap.why(failing).contains("2 fail tpot_ms <= 50"))
  }

  @Test func anyMetricCanBeShown() throws {
    let data = try SyntheticSweep(
      space: Self.space + "\nheatmap: {metric: energy_mj_per_token, x: gpu, y: ndp.units}\n", row: Self.row
    ).data()
    let grid = try #require(data.heat)
    #expect(grid.metric == "energy_mj_per_token" && grid.x.key == "gpu" && grid.y.key == "ndp.units")
  }

  @Test func aHugeGridIsBinnedToABoundedPage() throws {
    // 10^4 x 10^4 values: one cell per pair would be 10^8 cells.
    let space = try SpaceParser.parse(
      """
      name: huge
      policies: [tp-lb-pf]
      axes:
        ndp.bw_gb_per_s: {from: 1, to: 10000, step: 1}
        link.bw_gb_per_s: {from: 1, to: 10000, step: 1}
      """, file: "huge.yaml")
    let grid = try #require(
      HeatGrid(space: space, columns: ReportColumns(space: space, header: ResultsTable.header)))
    #expect(grid.xBins.count == HeatGrid.maximumColumns && grid.yBins.count == HeatGrid.maximumRows)
    #expect(grid.cells.count == HeatGrid.maximumColumns * HeatGrid.maximumRows)
    #expect(grid.xBins.first?.label == "1–714" && grid.xBins.last?.label == "9286–10000")
    #expect(grid.xBins.map(\.values.count).reduce(0, +) == 10000)
  }

  /// A row lands in the bin whose label names its value, whatever the axis and bin counts
  /// (46 bandwidths in 24 rows put 60 GB/s in the row labelled "50" before).
  @Test func everyValueLandsInTheBinThatHoldsIt() {
    for values in 1...120 {
      for bins in 1...min(values, 30) {
        for value in 0..<values {
          let bin = HeatGrid.bin(ofValue: value, values: values, bins: bins)
          let first = HeatGrid.firstValue(ofBin: bin, values: values, bins: bins)
          let end = HeatGrid.firstValue(ofBin: bin + 1, values: values, bins: bins)
          #expect(first <= value && value < end, "value \(value) of \(values) in \(bins) bins")
        }
      }
    }
  }

  /// The sizing question's grid: 46 bandwidths (50 to 500 GB/s) in 24 rows. Each bandwidth's row
  /// is counted in the row whose label names it.
  @Test func aBinnedRowIsCountedUnderItsOwnLabel() throws {
    let space = try SpaceParser.parse(
      """
      name: sizing
      policies: [tp-lb-pf]
      axes:
        ndp.units: [4, 8]
        ndp.bw_gb_per_s: {from: 50, to: 500, step: 10}
      heatmap: {metric: e2e_ms, x: ndp.units, y: ndp.bw_gb_per_s}
      """, file: "sizing.yaml")
    var grid = try #require(
      HeatGrid(space: space, columns: ReportColumns(space: space, header: ResultsTable.header)))
    #expect(grid.yBins.count == HeatGrid.maximumRows && grid.y.values.count == 46)
    let sixty = try #require(grid.y.values.firstIndex { NumberFormat.setting($0) == "60" })
    let row = ReportRow(point: 0, policy: .tpLBPF, values: [])
    grid.add(row, choices: [0, sixty], feasible: true, eligible: false, reason: nil, failed: [])
    let counted = try #require(grid.yBins.indices.first { grid.cell(group: 0, column: 0, row: $0).rows == 1 })
    #expect(grid.yBins[counted].label == "60–70")
  }

  @Test func cellsNeverMixScenarios() throws {
    let space = Self.space.replacingOccurrences(
      of: "  gpu: [rtx5080, jetson-agx-orin]\n",
      with: "  gpu: [rtx5080, jetson-agx-orin]\n  workload.batch: [1, 4]\n")
    let data = try SyntheticSweep(space: space) { point, policy in Self.row(point / 2, policy) }.data()
    let grid = try #require(data.heat)
    #expect(grid.x.key == "ndp.units" && grid.y.key == "gpu")
    #expect(grid.groupAxes.map(\.key) == ["workload.batch"] && grid.groupCount == 2)
    #expect(grid.cell(group: 1, column: 2, row: 0).rows == 2)
  }
}
