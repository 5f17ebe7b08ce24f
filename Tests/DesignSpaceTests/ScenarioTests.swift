import Basics
import NDPModel
import Simulation
import Testing

@testable import DesignSpace

/// Scenarios: designs are compared only within one workload, and a row pays only for what its
/// policy uses.
@Suite struct ScenarioTests {
  static let space = """
    name: scenarios
    policies: [gpu-offload, tp-lb-pf, oracle]
    fixed:
      workload.prompt: 16
      workload.output: 8
    axes:
      model: [olmoe-1b-7b, qwen3-30b-a3b]
      ndp.units: [2, 4]
      workload.batch: [1, 4]
      link: [pcie4-x16, pcie5-x16]
    objectives:
      - minimize: tpot_ms
      - minimize: cost_usd
    prices:
      gpu: {rtx5080: 1000}
      ndp: {ndp-dimm: 100}
    """

  @Test func workloadAxesAreTheScenarioByDefault() throws {
    let space = try SpaceParser.parse(Self.space, file: "s.yaml")
    #expect(space.scenarioKeys == ["model", "workload.batch"])
    let scenarios = Scenarios(space: space)
    #expect(scenarios.count == 4)
    // Grid order, model slowest: point 0 is olmoe/2 units/batch 1/pcie4, point 2 batch 4.
    #expect(scenarios.index(ofPoint: 0) == 0)
    #expect(scenarios.index(ofPoint: 2) == 1)
    #expect(scenarios.index(ofPoint: 4) == 0)
    #expect(scenarios.index(ofPoint: 8) == 2)
    #expect(scenarios.key(1) == "model=olmoe-1b-7b workload.batch=4")
    #expect(scenarios.label(3) == "qwen3-30b-a3b, batch 4")
  }

  @Test func aSpaceNamesItsScenarioOrNone() throws {
    let named = try SpaceParser.parse(Self.space + "\nscenario: [model]\n", file: "s.yaml")
    #expect(named.scenarioKeys == ["model"])
    #expect(Scenarios(space: named).count == 2)
    let none = try SpaceParser.parse(Self.space + "\nscenario: []\n", file: "s.yaml")
    #expect(Scenarios(space: none).count == 1)
    #expect(Scenarios(space: none).key(0) == "all")
  }

  @Test func aScenarioKeyMustBeAnAxis() {
    do {
      _ = try SpaceParser.parse(Self.space + "\nscenario: [workload.prompt]\n", file: "s.yaml")
      Issue.record("accepted a fixed key as a scenario axis")
    } catch {
      #expect(
        error.description
          == "s.yaml:17:12: 'scenario' names 'workload.prompt', which is not an axis of this space; its axes: model, ndp.units, workload.batch, link"
      )
    }
  }

  @Test func theHeatmapNamesSweptAxesAndAKnownMetric() throws {
    let space = try SpaceParser.parse(
      Self.space + "\nheatmap: {metric: energy_mj_per_token, x: ndp.units, y: link}\n", file: "s.yaml")
    #expect(space.heatmap == HeatmapChoice(metric: "energy_mj_per_token", x: "ndp.units", y: "link"))
    for bad in ["{x: workload.prompt}", "{metric: speed}", "{x: link, y: link}", "{colour: red}"] {
      #expect(throws: InputError.self, "\(bad)") {
        try SpaceParser.parse(Self.space + "\nheatmap: \(bad)\n", file: "s.yaml")
      }
    }
  }

  @Test func aPolicyWithoutNDPUnitsIsNotChargedForThem() throws {
    let space = try SpaceParser.parse(Self.space, file: "s.yaml")
    let point = try SpaceExpansion(space: space).point(4)  // 4 NDP-DIMMs
    #expect(point.hardware.ndpUnits == 4)
    #expect(space.costUSD(point, policy: .gpuOffload) == 1000)
    #expect(space.costUSD(point, policy: .tpLBPF) == 1400)
    #expect(space.costUSD(point, policy: .oracle) == 1400)
  }

  @Test func paretoFrontsNeverMixScenarios() throws {
    let space = try SpaceParser.parse(Self.space, file: "s.yaml")
    var book = ParetoBook(space: space)
    // The same objective values in two scenarios: both are on their scenario's front.
    book.insert(values: [1, 1], point: 0, policy: .tpLBPF, line: "a")
    book.insert(values: [2, 2], point: 8, policy: .tpLBPF, line: "b")
    book.insert(values: [3, 3], point: 4, policy: .tpLBPF, line: "c")
    let csv = book.csv(space: space).split(separator: "\n").map(String.init)
    #expect(csv[0].hasPrefix("scope,scenario,rank,point,"))
    #expect(csv.contains("all,model=olmoe-1b-7b workload.batch=1,1,a"))
    #expect(csv.contains("all,model=olmoe-1b-7b workload.batch=1,2,c"))
    #expect(csv.contains("all,model=qwen3-30b-a3b workload.batch=1,1,b"))
  }
}
