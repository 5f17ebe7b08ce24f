import Foundation
import Simulation
import Testing

@testable import Reports

/// What a reader sees on a chart: one colour per policy everywhere, a key that lists only what is
/// drawn and matches it, the oracle as a line, axes that frame the data.
@Suite struct ChartTests {
  func scatter(_ chart: ParetoScatter) throws -> SVGQuery {
    let page = HTMLDocument(title: "t")
    let holder = page.body.element("div")
    chart.draw(in: holder, kind: "pareto")
    return try withExtendedLifetime(page) { try SVGQuery(holder) }
  }

  static func marks(_ policies: [PolicyName]) -> [ParetoScatter.Mark] {
    policies.enumerated().flatMap { index, policy in
      (0..<5).map { i in
        ParetoScatter.Mark(
          x: Double(10 + index + i), y: Double(100 - 3 * i - index), policy: policy, tooltip: "\(policy)",
          onFront: i == 0)
      }
    }
  }

  @Test func everyPolicyHasItsOwnColourAndFamilyShape() {
    let colors = PolicyName.allCases.map(PolicyStyle.color)
    #expect(Set(colors).count == PolicyName.allCases.count)
    #expect(PolicyStyle.shape(.oracle) == .line)
    #expect(Set([PolicyName.tp, .tpLB, .tpLBPF, .tpLBPFSub].map(PolicyStyle.shape)) == [.circle])
    #expect(Set([PolicyName.gpuOffload, .smoe, .smoeSub].map(PolicyStyle.shape)) == [.square])
  }

  @Test func theKeyListsOnlyTheDrawnPoliciesInTheirMarksColours() throws {
    var chart = ParetoScatter(
      title: "t", xTitle: "x (ms)", yTitle: "y (USD)", xBetter: .lower, yBetter: .lower,
      marks: Self.marks([.tpLBPF, .ep, .gpuOffload]))
    chart.front = [.init(x: 10, y: 100), .init(x: 12, y: 90)]
    chart.oracle = [.init(x: 5, y: 80), .init(x: 6, y: 70)]
    let svg = try scatter(chart)
    #expect(svg.legendKeys == ["gpu-offload", "ep", "tp-lb-pf", "front", "oracle"])
    for policy in [PolicyName.tpLBPF, .ep, .gpuOffload] {
      let marks = svg.marks(policy.rawValue)
      #expect(marks.count == 5)
      #expect(marks.allSatisfy { SVGQuery.color($0) == PolicyStyle.color(policy) }, "\(policy)")
      #expect(svg.swatchColor(policy.rawValue) == PolicyStyle.color(policy))
    }
    // The oracle is a dashed line, never marks among the designs.
    let oracle = svg.marks("oracle")
    #expect(oracle.count == 1 && oracle[0].name == "polyline")
    #expect(SVGQuery.attribute(oracle[0], "class") == "oracle")
  }

  @Test func theKeySitsBelowThePlotArea() throws {
    let svg = try scatter(
      ParetoScatter(
        title: "t", xTitle: "x (ms)", yTitle: "y (ms)", xBetter: .lower, yBetter: .lower,
        marks: Self.marks(PolicyName.allCases.filter { $0 != .oracle })))
    let axisLines = svg.elements("//*[@class='axis']").compactMap {
      SVGQuery.attribute($0, "y1").flatMap(Double.init)
    }
    let plotBottom = try #require(axisLines.max())
    let swatches = svg.elements("//*[@class='legend-item']/*[@class='swatch']")
    #expect(swatches.count == PolicyName.allCases.count - 1)
    for swatch in swatches {
      let y =
        SVGQuery.attribute(swatch, "cy") ?? SVGQuery.attribute(swatch, "y")
        ?? SVGQuery.attribute(swatch, "points")
      let top = Double(y!.split(separator: ",").last.map(String.init) ?? y!) ?? 0
      #expect(top > plotBottom + 20, "a legend entry inside the plot: \(y!)")
    }
  }

  @Test func axesHaveAtLeastFourTicksInsideTheView() {
    for (low, high) in [
      (0.0, 1.0), (3.2, 3.4), (1e-3, 2e-3), (8.0, 430.0), (1.0, 1e5), (1349.0, 2549.0), (-5.0, 5.0),
    ] {
      let axis = ChartAxis.fitted(values: [low, high], from: 0, to: 500)
      let ticks = axis.ticks()
      #expect(ticks.count >= 4, "\(low)...\(high): \(ticks.map(\.label))")
      #expect(ticks.allSatisfy { $0.value >= axis.low - 1e-12 && $0.value <= axis.high + 1e-12 })
      #expect(Set(ticks.map(\.label)).count == ticks.count, "\(ticks.map(\.label))")
      #expect(axis.low <= low && axis.high >= high)
    }
  }

  @Test func logScaleOnlyWhenTheValuesSpanDecades() {
    #expect(ChartAxis.fitted(values: [1, 5000], from: 0, to: 100).logarithmic)
    #expect(!ChartAxis.fitted(values: [10, 500], from: 0, to: 100).logarithmic)
    #expect(!ChartAxis.fitted(values: [0, 5000], from: 0, to: 100).logarithmic)
    #expect(!ChartAxis.fitted(values: [1, 5000], includeZero: true, from: 0, to: 100).logarithmic)
  }

  @Test func aSquashedFrontIsZoomedAndTheRestPinnedToTheEdge() {
    // The paper's case: the front within a few ms, the slowest design 40 times slower.
    let values = [8.0, 9, 9.5, 10, 60, 120, 250, 430]
    let front = [9.0, 9.5, 10]
    let axis = ChartAxis.fitted(values: values, focus: front, from: 0, to: 500)
    #expect(axis.zoomed && !axis.logarithmic)
    #expect(front.allSatisfy { !axis.isBeyond($0) })
    #expect(axis.isBeyond(430) && axis.position(430) == 500)
    let spread = axis.position(10) - axis.position(9)
    #expect(spread > 100, "the front spans \(spread) px")
    // A front of one point is not squashed: nothing to zoom to.
    #expect(!ChartAxis.fitted(values: values, focus: [9], from: 0, to: 500).zoomed)
  }

  @Test func countsGetWholeNumberTicks() {
    let axis = ChartAxis.fitted(
      values: [2, 3, 4, 5, 6, 7, 8], allowLog: false, integer: true, from: 0, to: 300)
    #expect(axis.ticks().allSatisfy { $0.value == $0.value.rounded() })
    #expect(axis.low > 1 && axis.high < 9)
  }
}
