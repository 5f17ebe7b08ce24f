import NDPModel
import Routing
import Testing

@testable import Simulation

/// Energy by hand on the rich toy point, with a different energy per byte or FLOP at every tier
/// so that each term is identified: GPU DRAM 1 pJ/B, GPU 2 pJ/FLOP, host DRAM 3 pJ/B, host
/// 4 pJ/FLOP, link 5 pJ/B, NDP DRAM 6 pJ/B, NDP 7 pJ/FLOP, unit links 8 pJ/B.
@Suite struct EnergyTests {
  let pico = 1e-12

  func point(_ knobs: Toy.Knobs) -> DesignPoint { tiered(Toy.point(knobs)) }

  func tiered(_ base: DesignPoint) -> DesignPoint {
    var point = base
    point.hardware.gpu.dramEnergyJoulesPerByte = 1 * pico
    point.hardware.gpu.computeEnergyJoulesPerFlop = 2 * pico
    point.hardware.host.dramEnergyJoulesPerByte = 3 * pico
    point.hardware.host.computeEnergyJoulesPerFlop = 4 * pico
    point.hardware.link.energyJoulesPerByte = 5 * pico
    point.hardware.ndp.dramEnergyJoulesPerByte = 6 * pico
    point.hardware.ndp.computeEnergyJoulesPerFlop = 7 * pico
    point.hardware.ndp.unitLinkEnergyJoulesPerByte = 8 * pico
    return point
  }

  func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(abs(a), abs(b)) }

  /// GPU bytes and FLOPs outside the expert phases (attention, router, LM head) over the run.
  func nonExpert(_ point: DesignPoint) -> (bytes: Double, flops: Double) {
    let costs = NonExpertCosts(point: point, cost: CostModel(point: point, tpDegree: 2), steps: 3)
    return (costs.gpuBytes.reduce(0, +), costs.gpuFlops.reduce(0, +))
  }

  @Test func fetchedExpertsAreReadAtTheSourceSentOverTheLinkAndWrittenIntoGPUMemory() throws {
    // gpu-offload, cache of 1 (see HandComputedTests): 3 + 2 + 2 fetched experts per layer, 14 in
    // all, 3e6 B each. Each is read from host DRAM, crosses the link, is written into GPU memory
    // and read again to compute: GPU DRAM sees 2 x 14 W; 16 token-expert activations of 6e6 FLOP.
    var knobs = Toy.rich
    knobs.gpuExpertBudgetBytes = 2 * 3e6
    let point = point(knobs)
    let r = try #require(Toy.evaluate(point, [.gpuOffload], routing: Toy.richRouting())[.gpuOffload])
    let fetched = 14 * 3e6
    let base = nonExpert(point)
    #expect(close(r.energy.hostDRAM, fetched * 3 * pico))
    #expect(close(r.energy.link, fetched * 5 * pico))
    #expect(close(r.energy.gpuDRAM, (base.bytes + 2 * fetched) * pico))
    #expect(close(r.energy.gpuCompute, (base.flops + 16 * 6e6) * 2 * pico))
    #expect(r.energy.ndpDRAM == 0 && r.energy.ndpCompute == 0 && r.energy.hostCompute == 0)
    // Static: GPU 10 W + host 1 W (the NDP units are not used) over the run.
    #expect(close(r.energy.staticPower, 11 * r.e2eSeconds))
    #expect(close(r.energyJoulesPerToken, r.energy.total / 3))
  }

  @Test func tensorParallelBillsTheNDPUnitsAndTheVectorsOnTheLink() throws {
    // tp, T = 2: every expert read once across the units (3 + 2 + 2 per layer), 16 activations
    // computed there. Vectors over the link per layer: prefill 2 out + 4 back, decode 1 + 2 each;
    // the GPU reads the returned ones to reduce.
    let point = point(Toy.rich)
    let r = try #require(Toy.evaluate(point, [.tp], routing: Toy.richRouting())[.tp])
    let vectors = 2 * (6 + 3 + 3) * 2000.0
    let returned = 2 * (4 + 2 + 2) * 2000.0
    #expect(close(r.energy.ndpDRAM, 14 * 3e6 * 6 * pico))
    #expect(close(r.energy.ndpCompute, 16 * 6e6 * 7 * pico))
    #expect(close(r.energy.link, vectors * 5 * pico))
    let base = nonExpert(point)
    #expect(close(r.energy.gpuDRAM, (base.bytes + returned) * pico))
    #expect(close(r.energy.staticPower, (10 + 1 + 2 * 1) * r.e2eSeconds))
  }

  @Test func theHostCPUIsBilledForTheExpertsItComputes() throws {
    // smoe with nothing cached (HandComputedTests): all 14 expert reads and 16 activations on the
    // host; vectors per layer: prefill 2 out, 2 back; decode 1 and 1 each.
    let point = tiered(Toy.hostAssistOnly())
    let r = try #require(Toy.evaluate(point, [.smoe], routing: Toy.richRouting())[.smoe])
    #expect(close(r.energy.hostDRAM, 14 * 3e6 * 3 * pico))
    #expect(close(r.energy.hostCompute, 16 * 6e6 * 4 * pico))
    #expect(close(r.energy.link, 2 * (4 + 2 + 2) * 2000 * 5 * pico))
  }
}

/// Power and the decode rate by hand on the rich toy under `tp`, with only the GPU's compute
/// energy left (2 pJ/FLOP): the GPU computes only the non-expert work there, whose FLOPs are
/// known per step, so each stage's energy is identified.
@Suite struct PowerTests {
  let pico = 1e-12

  func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(abs(a), abs(b)) }

  func gpuComputeOnly() -> DesignPoint {
    var point = Toy.point(Toy.rich)
    point.hardware.gpu = zeroed(point.hardware.gpu)
    point.hardware.gpu.computeEnergyJoulesPerFlop = 2 * pico
    point.hardware.ndp.dramEnergyJoulesPerByte = 0
    point.hardware.ndp.computeEnergyJoulesPerFlop = 0
    point.hardware.ndp.unitLinkEnergyJoulesPerByte = 0
    point.hardware.ndp.staticPowerWatts = 0
    point.hardware.host.dramEnergyJoulesPerByte = 0
    point.hardware.host.computeEnergyJoulesPerFlop = 0
    point.hardware.host.staticPowerWatts = 0
    point.hardware.link.energyJoulesPerByte = 0
    return point
  }

  func zeroed(_ gpu: GPUSpec) -> GPUSpec {
    var gpu = gpu
    gpu.dramEnergyJoulesPerByte = 0
    gpu.staticPowerWatts = 0
    return gpu
  }

  @Test func averagePowerIsEnergyOverTimeAndPeakIsTheBusierStage() throws {
    let point = gpuComputeOnly()
    let r = try #require(Toy.evaluate(point, [.tp], routing: Toy.richRouting())[.tp])
    let flops = NonExpertCosts(point: point, cost: CostModel(point: point, tpDegree: 2), steps: 3).gpuFlops
    // The GPU's compute is the whole energy: prefill is step 0's FLOPs, decode the other two.
    let prefillJoules = flops[0] * 2 * pico
    let decodeJoules = (flops[1] + flops[2]) * 2 * pico
    #expect(close(r.energy.total, prefillJoules + decodeJoules))
    #expect(close(r.averagePowerWatts, r.energy.total / r.e2eSeconds))
    let prefillWatts = prefillJoules / r.ttftSeconds
    let decodeWatts = decodeJoules / (r.e2eSeconds - r.ttftSeconds)
    // The two stages differ, so dropping either one's energy changes the peak.
    #expect(!close(prefillWatts, decodeWatts))
    #expect(close(r.peakPowerWatts, max(prefillWatts, decodeWatts)))
    #expect(r.peakPowerWatts >= r.averagePowerWatts)
  }

  /// A run with no decode step is one stage: its peak is its average (background transfers that
  /// finish at its end are not a stage of their own).
  @Test func aPrefillOnlyRunPeaksAtItsAverage() throws {
    var knobs = Toy.rich
    knobs.outputTokens = 1
    let point = Toy.point(knobs)
    let routing = Toy.routing(prefill: [[0, 1], [1, 2]], decode: [], experts: 4, layers: 2)
    for policy in [PolicyName.tp, .tpLBPF, .smoe] {
      let r = try #require(Toy.evaluate(point, [policy], routing: routing)[policy])
      #expect(r.tpotSeconds == 0 && r.decodeTokensPerSecond == 0)
      #expect(close(r.peakPowerWatts, r.averagePowerWatts), "\(policy)")
    }
  }

  @Test func theDecodeRateIsTheBatchOverTheTimePerOutputToken() throws {
    var knobs = Toy.rich
    knobs.outputTokens = 3
    var point = Toy.point(knobs)
    point.workload.batchSize = 1
    let r = try #require(Toy.evaluate(point, [.tp], routing: Toy.richRouting())[.tp])
    // Two decode steps after the prefill: tpot is their mean, and one token per step per request.
    #expect(close(r.tpotSeconds, (r.e2eSeconds - r.ttftSeconds) / 2))
    #expect(close(r.decodeTokensPerSecond, 1 / r.tpotSeconds))
    // tokens_per_s spreads three tokens over the whole run, prefill included: lower.
    #expect(close(r.tokensPerSecond, 3 / r.e2eSeconds))
    #expect(r.decodeTokensPerSecond > r.tokensPerSecond)
  }
}
