import Basics
import Foundation
import NDPModel
import Simulation
import Testing

@testable import DesignSpace

@Suite struct SpaceParserTests {
  static let valid = """
    name: tiny
    seed: 5
    policies: [tp, tp-lb-pf]
    baseline: tp
    fixed:
      model: olmoe-1b-7b
      workload.prompt: 16
    axes:
      ndp.units: [2, 4]
      ndp.bw_gb_per_s: {from: 50, to: 150, step: 50}
      link.bw_gb_per_s: {from: 16, to: 64, log_points: 3}
      gpu: [rtx5080, jetson-agx-orin]
    constraints:
      - feasible
      - tpot_ms <= 80
    objectives:
      - minimize: tpot_ms
      - maximize: tokens_per_s
    prices:
      gpu: {rtx5080: 999}
      ndp: {ndp-dimm: 150}
    """

  func error(_ text: String) -> String {
    do {
      _ = try SpaceParser.parse(text, file: "s.yaml")
      return "no error"
    } catch {
      return error.description
    }
  }

  @Test func aValidSpaceParsesEveryKey() throws {
    let space = try SpaceParser.parse(Self.valid, file: "s.yaml")
    #expect(space.name == "tiny" && space.seed == 5)
    #expect(space.policies == [.tp, .tpLBPF] && space.baseline == .tp)
    #expect(space.fixed.map(\.key) == ["model", "workload.prompt"])
    #expect(space.axes.map(\.key) == ["ndp.units", "ndp.bw_gb_per_s", "link.bw_gb_per_s", "gpu"])
    #expect(space.axes[1].values == [.number(50), .number(100), .number(150)])
    let log = space.axes[2].values.map { value -> Double in
      if case .number(let x) = value { return x }
      return -1
    }
    #expect(abs(log[0] - 16) < 1e-9 && abs(log[1] - 32) < 1e-9 && abs(log[2] - 64) < 1e-9)
    #expect(space.pointCount == 2 * 3 * 3 * 2)
    #expect(
      space.constraints == [.feasible, Constraint(metric: "tpot_ms", comparison: .lessOrEqual, bound: 80)])
    #expect(
      space.objectives == [
        Objective(metric: "tpot_ms", maximize: false), Objective(metric: "tokens_per_s", maximize: true),
      ])
    #expect(space.prices[.gpu]?["rtx5080"] == 999)
  }

  @Test func unknownKeysGetASuggestionWithTheirPosition() {
    #expect(
      error("name: x\naxis:\n  ndp.units: [2]\n")
        == "s.yaml:2:1: unknown key in the space 'axis'; did you mean 'axes'?")
    #expect(
      error("name: x\naxes:\n  ndp.unit: [2]\n")
        == "s.yaml:3:3: unknown setting 'ndp.unit'; did you mean 'ndp.units'?")
    #expect(
      error("name: x\nfixed:\n  gpu: rtx508\n")
        == "s.yaml:3:8: unknown gpu preset 'rtx508'; did you mean 'rtx5080'?")
    #expect(error("name: x\npolicies: [tp, tlb]\n").hasPrefix("s.yaml:2:16: unknown policy 'tlb'"))
    #expect(
      error("name: x\nobjectives:\n  - minimize: tpot\n").hasPrefix(
        "s.yaml:3:15: unknown metric 'tpot'; did you mean 'tpot_ms'?"))
  }

  @Test func badValuesNameTheKeyAndWhatWasExpected() {
    #expect(
      error("name: x\naxes:\n  ndp.units: [0, 2]\n")
        == "s.yaml:3:15: ndp.units must be a whole number of at least 1, got 0")
    #expect(
      error("name: x\naxes:\n  ndp.bw_gb_per_s: {from: 10, to: 5, step: 1}\n")
        == "s.yaml:3:35: 'ndp.bw_gb_per_s.to' must be at least 'from'")
    #expect(
      error("name: x\naxes:\n  ndp.bw_gb_per_s: {from: 10, to: 50}\n").hasSuffix(
        "range needs 'step' (linear) or 'log_points' (logarithmic)"))
    #expect(
      error("name: x\nstrategy: random\n")
        == "s.yaml:1:1: strategy 'random' needs 'samples': the number of points to draw")
    #expect(error("name: x\nstrategy: sobol\n").hasPrefix("s.yaml:2:11: unknown strategy 'sobol'"))
    #expect(
      error("name: x\nconstraints:\n  - tpot_ms < fast\n").hasPrefix(
        "s.yaml:3:5: a constraint is 'feasible' or 'METRIC OP NUMBER'"))
    #expect(error("axes: {}\n") == "s.yaml:1:1: missing 'name': give the space a name")
    #expect(
      error("name: x\nfixed:\n  ndp.units: 2\naxes:\n  ndp.units: [4]\n")
        == "s.yaml:5:3: 'ndp.units' is both fixed and an axis; keep one")
    #expect(error("name: [unclosed\n").hasPrefix("s.yaml: "))
    #expect(
      error("") == "s.yaml: the space file is empty; expected a mapping with at least 'name' and 'axes'")
  }

  @Test func conflictingKeysDuplicatesAndHugeRangesAreRefusedBeforeAnyAllocation() {
    #expect(
      error("name: x\naxes:\n  ndp.bw_gb_per_s: {from: 1, to: 9, step: 1, log_points: 3}\n")
        == "s.yaml:3:20: axis 'ndp.bw_gb_per_s' range has both 'step' and 'log_points'; give one")
    #expect(
      error("name: x\nsamples: 10\naxes:\n  ndp.units: [1, 2]\n")
        == "s.yaml:2:10: 'samples' applies to strategy random or latin-hypercube, not grid (which takes every combination)"
    )
    #expect(
      error("name: x\naxes:\n  gpu: [rtx5080, jetson-agx-orin, rtx5080]\n")
        == "s.yaml:3:35: axis 'gpu' lists rtx5080 twice; list each value once")
    #expect(
      error("name: x\naxes:\n  ndp.units: [2, 4, 2]\n")
        == "s.yaml:3:21: axis 'ndp.units' lists 2 twice; list each value once")
    // A billion log points: refused from the count alone, in no time and memory.
    #expect(
      error("name: x\naxes:\n  ndp.bw_gb_per_s: {from: 1, to: 9, log_points: 1000000000}\n")
        == "s.yaml:3:49: 'ndp.bw_gb_per_s.log_points' is 1000000000; at most 1000000 values are allowed")
    #expect(
      error("name: x\naxes:\n  ndp.bw_gb_per_s: {from: 1, to: 1e12, step: 1}\n")
        == "s.yaml:3:46: 'ndp.bw_gb_per_s' range has 1000000000001 values; at most 1000000 are allowed")
    #expect(
      error("name: x\nstrategy: random\nsamples: 5\naxes:\n  ndp.units: [1, 2]\n").hasSuffix(
        "'samples' is 5 but the axes have only 2 distinct combinations; random sampling draws each at most once (use strategy grid to take them all)"
      ))
  }

  /// Found by fuzzing: a calibration key naming a folder, or a file that is not a calibration,
  /// gave an error that named only that other path, so the user could not tell which key led there.
  @Test func aCalibrationThatIsNotUsableIsReportedAtTheSpacesKey() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ndpscope-cal-\(getpid())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let space = folder.appendingPathComponent("s.yaml").path
    try "not: [a, calibration]\n".write(
      to: folder.appendingPathComponent("notes.yaml"), atomically: true, encoding: .utf8)
    func error(naming path: String) -> String {
      do {
        _ = try SpaceParser.parse("name: x\ncalibration: \(path)\n", file: space)
        return "no error"
      } catch {
        return error.description
      }
    }
    #expect(
      error(naming: ".")
        == "\(space):2:14: calibration . is not a regular file; name a calibration file (YAML)")
    #expect(
      error(naming: "/dev/zero")
        == "\(space):2:14: calibration /dev/zero is not a regular file; name a calibration file (YAML)")
    let broken = error(naming: "notes.yaml")
    #expect(broken.hasPrefix("\(space):2:14: the calibration file it names is not usable: "))
    #expect(broken.contains("notes.yaml:1:1: "))
  }

  @Test func integerLogRangesAreRoundedAndDeduplicated() throws {
    let space = try SpaceParser.parse(
      "name: x\naxes:\n  ndp.units: {from: 1, to: 4, log_points: 5}\n", file: "s.yaml")
    #expect(space.axes[0].values == [.number(1), .number(2), .number(3), .number(4)])
  }
}

@Suite struct SpaceExpansionTests {
  func space(_ strategy: String, samples: Int? = nil) throws -> Space {
    var text = "name: x\nseed: 9\nstrategy: \(strategy)\n"
    if let samples { text += "samples: \(samples)\n" }
    text +=
      "axes:\n  ndp.units: [1, 2, 4, 8]\n  workload.batch: [1, 2, 3]\n  gpu: [rtx5080, jetson-agx-orin]\n"
    return try SpaceParser.parse(text, file: "s.yaml")
  }

  @Test func gridEnumeratesEveryCombinationWithTheFirstAxisSlowest() throws {
    let expansion = SpaceExpansion(space: try space("grid"))
    #expect(expansion.count == 24)
    let all = (0..<24).map(expansion.choices)
    #expect(Set(all.map { $0.map(String.init).joined(separator: ",") }).count == 24)
    #expect(all[0] == [0, 0, 0] && all[1] == [0, 0, 1] && all[23] == [3, 2, 1])
  }

  @Test func randomDrawsDistinctConfigurationsDeterministically() throws {
    let expansion = SpaceExpansion(space: try space("random", samples: 20))
    #expect(expansion.count == 20)
    let picks = (0..<20).map(expansion.choices)
    #expect(picks == (0..<20).map(SpaceExpansion(space: try space("random", samples: 20)).choices))
    #expect(
      Set(picks.map { $0.map(String.init).joined(separator: ",") }).count == 20, "a configuration drawn twice"
    )
    // All 24 when asked for all: a permutation of the grid.
    let all = SpaceExpansion(space: try space("random", samples: 24))
    #expect(Set((0..<24).map { all.choices($0).map(String.init).joined(separator: ",") }).count == 24)
  }

  @Test func thePermutationIsABijectionForAnySize() {
    for count in [1, 2, 3, 7, 64, 1000, 4097] as [UInt64] {
      let permutation = IndexPermutation(count: count, seed: 5)
      #expect(Set((0..<count).map(permutation.map)).count == Int(count))
    }
  }

  @Test func latinHypercubeFillsEveryStratumOfEveryAxisOnce() throws {
    // 12 samples over a 4-value axis: each value exactly 3 times; over 3 values: 4 times.
    let expansion = SpaceExpansion(space: try space("latin-hypercube", samples: 12))
    let picks = (0..<12).map(expansion.choices)
    for value in 0..<4 { #expect(picks.filter { $0[0] == value }.count == 3) }
    for value in 0..<3 { #expect(picks.filter { $0[1] == value }.count == 4) }
    for value in 0..<2 { #expect(picks.filter { $0[2] == value }.count == 6) }
  }

  @Test func pointsCarryPresetsAndParameters() throws {
    let expansion = SpaceExpansion(space: try space("grid"))
    let point = try expansion.point(23)
    #expect(point.hardware.ndpUnits == 8 && point.workload.batchSize == 3)
    #expect(point.hardware.gpu.name == "jetson-agx-orin")
    #expect(point.workload.seed == 9)
    #expect(point.sources["ndp.units"]?.provenance == .user)
  }
}

/// A cost objective or constraint needs prices: without them every design costs 0.
@Suite struct CostWithoutPricesTests {
  @Test func aCostObjectiveWithoutPricesIsRefused() throws {
    let text = "name: s\naxes:\n  ndp.units: [1, 2]\nobjectives:\n  - minimize: cost_usd\n"
    #expect(
      throws: InputError(
        "s.yaml:5:3: 'cost_usd' needs 'prices:' (per preset); without them every design's cost is 0")
    ) {
      try SpaceParser.parse(text, file: "s.yaml")
    }
    let priced = text + "prices:\n  ndp: {ndp-dimm: 150}\n"
    #expect(throws: Never.self) { try SpaceParser.parse(priced, file: "s.yaml") }
  }

  /// The message points at the section that names the cost, not at the first section present.
  @Test func theSectionThatNamesTheCostIsTheOneNamed() throws {
    let text =
      "name: s\naxes:\n  ndp.units: [1, 2]\n  link: [pcie4-x16, pcie5-x16]\nobjectives:\n  - minimize: tpot_ms\n"
      + "heatmap: {metric: cost_usd}\n"
    #expect(
      throws: InputError(
        "s.yaml:7:10: 'cost_usd' needs 'prices:' (per preset); without them every design's cost is 0")
    ) {
      try SpaceParser.parse(text, file: "s.yaml")
    }
  }
}
