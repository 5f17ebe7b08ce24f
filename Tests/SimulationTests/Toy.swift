import NDPModel
import Routing
import Simulation

/// A design point with round numbers, so that expert-phase times can be computed by hand.
///
/// One routed expert: h = f = 1000, 1 byte per weight -> W = 3e6 bytes, F = 6e6 FLOP per token.
/// GPU: 3e9 B/s, 6e12 FLOP/s -> 1 ms per resident expert (memory bound), no launch overhead.
/// NDP unit: 1e9 B/s, 6e11 FLOP/s -> 3 ms for a whole expert, 3/T ms for a 1/T slice.
/// Link: 1e9 B/s (or as given), no latency -> T_w = 3 ms; activations 2000 bytes per token.
enum Toy {
  static func point(
    units: Int = 2, linkBytesPerSecond: Double = 1e9, tpDegree: Int? = nil,
    gpuExpertBudgetBytes: Double? = nil
  ) -> DesignPoint {
    let gpu = GPUSpec(
      name: "toy-gpu", peakFlopsPerSecond: 6e12, memoryBandwidthBytesPerSecond: 3e9,
      memoryCapacityBytes: 1e12, memoryEfficiency: 1, computeEfficiency: 1, kernelLaunchSeconds: 0,
      staticPowerWatts: 10, dramEnergyJoulesPerByte: 1e-12, computeEnergyJoulesPerFlop: 1e-12)
    let ndp = NDPUnitSpec(
      name: "toy-ndp", internalBandwidthBytesPerSecond: 1e9, peakFlopsPerSecond: 6e11,
      capacityBytes: 1e12, memoryEfficiency: 1, computeEfficiency: 1, operationOverheadSeconds: 0,
      unitLinkBandwidthBytesPerSecond: 1e9, staticPowerWatts: 1, dramEnergyJoulesPerByte: 1e-12,
      computeEnergyJoulesPerFlop: 1e-12)
    let link = LinkSpec(
      name: "toy-link", bandwidthBytesPerSecond: linkBytesPerSecond, efficiency: 1, latencySeconds: 0,
      energyJoulesPerByte: 1e-12)
    let host = HostSpec(
      name: "toy-host", memoryCapacityBytes: 1e12, memoryBandwidthBytesPerSecond: 1e10,
      peakFlopsPerSecond: 1e11, staticPowerWatts: 1, dramEnergyJoulesPerByte: 1e-12)
    let model = MoEModel(
      name: "toy", hiddenSize: 1000, expertFFN: 1000, experts: 3, sharedExpertFFN: 0, topK: 2,
      layers: 1, attentionHeads: 1, kvHeads: 1, headDim: 8, vocabSize: 16, bytesPerWeight: 1,
      expertBytesPerWeight: 1, activationBytes: 2, routing: RoutingParameters(zipfExponent: 0))
    return DesignPoint(
      hardware: Hardware(gpu: gpu, ndp: ndp, ndpUnits: units, link: link, host: host), model: model,
      workload: Workload(batchSize: 1, promptTokens: 1, outputTokens: 2, seed: 1),
      options: PolicyOptions(
        tpDegree: tpDegree, gpuExpertBudgetBytes: gpuExpertBudgetBytes, workspaceReserveBytes: 0))
  }

  /// One request: the prompt token routes to experts [0, 1], the one decode token to [2, 0].
  /// The offline profile ranks expert 0 first, then 2, then 1.
  static func routing(prefill: [UInt16] = [0, 1], decode: [UInt16] = [2, 0]) -> Routing {
    var prefillBlock = RouteBlock(tokens: 1, layers: 1, topK: 2, width: 2)
    prefillBlock.experts = prefill
    prefillBlock.scores = [0.6, 0.3]
    var decodeBlock = RouteBlock(tokens: 1, layers: 1, topK: 2, width: 2)
    decodeBlock.experts = decode
    decodeBlock.scores = [0.5, 0.4]
    return Routing(
      experts: 3, topK: 2, layers: 1, candidates: 0,
      requests: [RequestRoute(prefill: prefillBlock, decode: decodeBlock)],
      profile: [[0.5, 0.2, 0.3]])
  }

  static func evaluate(
    _ point: DesignPoint, _ policies: [PolicyName], routing: Routing = Toy.routing()
  ) throws -> [PolicyName: PolicyResult] {
    let evaluation = try Evaluator.evaluate(
      point: point, workload: PreparedWorkload(routing: routing), policies: policies,
      baseline: policies[0])
    return Dictionary(uniqueKeysWithValues: evaluation.results.map { ($0.policy, $0) })
  }

  static let ms = 1e-3
  static let us = 1e-6
}
