import NDPModel
import Routing
import Simulation

/// A design point with round numbers, so that expert-phase times can be computed by hand.
///
/// One routed expert: h = f = 1000, 1 byte per weight -> W = 3e6 bytes, F = 6e6 FLOP per token.
/// GPU: 3e9 B/s, 6e12 FLOP/s -> 1 ms per expert (memory bound) + launch.
/// NDP unit: 1e9 B/s, 6e11 FLOP/s -> 3 ms for a whole expert, 3/T ms for a 1/T slice, + overhead.
/// Host: 1e10 B/s, 1e11 FLOP/s -> 0.3 ms per expert (memory bound up to 5 tokens).
/// Link: 1e9 B/s (or as given) + latency per transfer -> T_w = latency + 3 ms; one token's
/// vector is 2000 bytes. Unit links: 1e8 B/s unless given (too slow to reduce on).
enum Toy {
  struct Knobs {
    var units = 2
    var linkBytesPerSecond = 1e9
    var linkLatencySeconds = 0.0
    var launchSeconds = 0.0
    var ndpOverheadSeconds = 0.0
    var unitLinkBytesPerSecond = 1e8
    var tpDegree: Int?
    var gpuExpertBudgetBytes: Double?
    var experts = 3
    var layers = 1
    var sharedFFN = 0
    var promptTokens = 1
    var outputTokens = 2
  }

  static func point(_ knobs: Knobs) -> DesignPoint {
    let gpu = GPUSpec(
      name: "toy-gpu", peakFlopsPerSecond: 6e12, memoryBandwidthBytesPerSecond: 3e9,
      memoryCapacityBytes: 1e12, memoryEfficiency: 1, computeEfficiency: 1,
      kernelLaunchSeconds: knobs.launchSeconds, staticPowerWatts: 10, dramEnergyJoulesPerByte: 1e-12,
      computeEnergyJoulesPerFlop: 1e-12)
    let ndp = NDPUnitSpec(
      name: "toy-ndp", internalBandwidthBytesPerSecond: 1e9, peakFlopsPerSecond: 6e11,
      capacityBytes: 1e12, memoryEfficiency: 1, computeEfficiency: 1,
      operationOverheadSeconds: knobs.ndpOverheadSeconds,
      unitLinkBandwidthBytesPerSecond: knobs.unitLinkBytesPerSecond, unitLinkEnergyJoulesPerByte: 1e-12,
      staticPowerWatts: 1, dramEnergyJoulesPerByte: 1e-12, computeEnergyJoulesPerFlop: 1e-12)
    let link = LinkSpec(
      name: "toy-link", bandwidthBytesPerSecond: knobs.linkBytesPerSecond, efficiency: 1,
      latencySeconds: knobs.linkLatencySeconds, energyJoulesPerByte: 1e-12)
    let host = HostSpec(
      name: "toy-host", memoryCapacityBytes: 1e12, memoryBandwidthBytesPerSecond: 1e10,
      peakFlopsPerSecond: 1e11, staticPowerWatts: 1, dramEnergyJoulesPerByte: 1e-12,
      computeEnergyJoulesPerFlop: 1e-12)
    let model = MoEModel(
      name: "toy", hiddenSize: 1000, expertFFN: 1000, experts: knobs.experts,
      sharedExpertFFN: knobs.sharedFFN, topK: 2, layers: knobs.layers, attentionHeads: 1, kvHeads: 1,
      headDim: 8, vocabSize: 16, bytesPerWeight: 1, expertBytesPerWeight: 1, activationBytes: 2,
      routing: RoutingParameters(zipfExponent: 0))
    return DesignPoint(
      hardware: Hardware(gpu: gpu, ndp: ndp, ndpUnits: knobs.units, link: link, host: host),
      model: model,
      workload: Workload(
        batchSize: 1, promptTokens: knobs.promptTokens, outputTokens: knobs.outputTokens, seed: 1),
      options: PolicyOptions(
        tpDegree: knobs.tpDegree, gpuExpertBudgetBytes: knobs.gpuExpertBudgetBytes,
        workspaceReserveBytes: 0))
  }

  static func point(
    units: Int = 2, linkBytesPerSecond: Double = 1e9, tpDegree: Int? = nil,
    gpuExpertBudgetBytes: Double? = nil
  ) -> DesignPoint {
    point(
      Knobs(
        units: units, linkBytesPerSecond: linkBytesPerSecond, tpDegree: tpDegree,
        gpuExpertBudgetBytes: gpuExpertBudgetBytes))
  }

  /// The "rich" toy: 4 experts, 2 MoE layers, 2 prompt tokens and 2 decode steps, with a 10 us
  /// kernel launch, a 20 us NDP overhead per expert and a 5 us link latency per transfer.
  static var rich: Knobs {
    Knobs(
      linkLatencySeconds: 5e-6, launchSeconds: 10e-6, ndpOverheadSeconds: 20e-6, experts: 4,
      layers: 2, promptTokens: 2, outputTokens: 3)
  }

  /// The rich toy for smoe's host assist alone: nothing cached, no substitution, no prediction.
  static func hostAssistOnly(_ knobs: Knobs = rich) -> DesignPoint {
    var knobs = knobs
    knobs.gpuExpertBudgetBytes = 0
    var point = point(knobs)
    point.options.substitutionAlpha = 0
    point.options.prefetchAccuracy = 0
    return point
  }

  /// The rich toy's routing, the same at every layer: prefill tokens [0, 1] and [1, 2]; decode
  /// steps [2, 0] and [3, 1]. The offline profile ranks 0, 2, 1, 3.
  static func richRouting() -> Routing {
    routing(prefill: [[0, 1], [1, 2]], decode: [[2, 0], [3, 1]], experts: 4, layers: 2)
  }

  /// One request whose tokens route to the given top-2 experts at every layer (scores 0.6, 0.3).
  static func routing(
    prefill: [[UInt16]] = [[0, 1]], decode: [[UInt16]] = [[2, 0]], experts: Int = 3, layers: Int = 1,
    profile: [Double]? = nil
  ) -> Routing {
    func block(_ tokens: [[UInt16]]) -> RouteBlock {
      var block = RouteBlock(tokens: tokens.count, layers: layers, topK: 2, width: 2)
      for (t, choice) in tokens.enumerated() {
        for layer in 0..<layers {
          let base = block.base(token: t, layer: layer)
          block.experts[base] = choice[0]
          block.experts[base + 1] = choice[1]
          block.scores[base] = 0.6
          block.scores[base + 1] = 0.3
        }
      }
      return block
    }
    let popularity = profile ?? (0..<experts).map { [0.5, 0.2, 0.3, 0.1][$0 % 4] }
    return Routing(
      experts: experts, topK: 2, layers: layers, candidates: 0,
      requests: [RequestRoute(prefill: block(prefill), decode: block(decode))],
      profile: [[Double]](repeating: popularity, count: layers))
  }

  static func evaluate(
    _ point: DesignPoint, _ policies: [PolicyName], routing: Routing = Toy.routing()
  ) throws -> [PolicyName: PolicyResult] {
    let evaluation = try Evaluator.evaluate(
      point: point, workload: PreparedWorkload(routing: routing), policies: policies,
      baseline: policies[0])
    return Dictionary(uniqueKeysWithValues: evaluation.results.map { ($0.policy, $0) })
  }

  static func schedule(
    _ point: DesignPoint, _ policy: PolicyName, routing: Routing, step: Int, layer: Int
  ) throws -> LayerSchedule? {
    try Evaluator.schedule(
      point: point, workload: PreparedWorkload(routing: routing), policy: policy, step: step, layer: layer)
  }

  static let ms = 1e-3
  static let us = 1e-6
}
