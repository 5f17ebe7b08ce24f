import NDPModel

/// GPU work that every policy does identically: attention, router, dense FFN layers, shared
/// experts and the LM head, per step (step 0 = prefill, then one per decode step).
///
/// Attention per layer, per step: weights read once, plus the KV cache of every sequence
/// (decode: read `context` tokens; prefill: write the prompt's). FLOPs: 2 * params * tokens for the
/// projections plus 4 * heads * head_dim * (attended positions) for scores and values; prefill
/// attends causally, P * (P + 1) / 2 positions per sequence.
public struct NonExpertCosts: Sendable {
  /// Kernels per attention block (QKV, attention, output projection), an assumed fusion level.
  public static let attentionKernels = 3.0

  public let steps: Int
  public let tokensPerStep: [Int]
  public let attentionSeconds: [Double]
  public let routerSeconds: [Double]
  public let sharedExpertSeconds: [Double]
  public let denseFFNSeconds: [Double]
  public let lmHeadSeconds: [Double]
  /// GPU DRAM bytes and FLOPs of all of the above, per step, for the energy model.
  public let gpuBytes: [Double]
  public let gpuFlops: [Double]

  public init(point: DesignPoint, cost: CostModel, steps: Int) {
    let model = point.model
    let batch = Double(point.workload.batchSize)
    let prompt = Double(point.workload.promptTokens)
    let h = Double(model.hiddenSize)
    let kv = model.kvBytesPerTokenPerLayer
    let attentionWidth = Double(model.attentionHeads * model.headDim)
    var attention: [Double] = []
    var router: [Double] = []
    var shared: [Double] = []
    var dense: [Double] = []
    var lmHead: [Double] = []
    var bytes: [Double] = []
    var flops: [Double] = []
    var tokensPerStep: [Int] = []
    func gpu(_ bytes: Double, _ flops: Double, kernels: Double) -> Double {
      rooflineSeconds(
        bytes: bytes, flops: flops, secondsPerByte: cost.gpuSecondsPerByte,
        secondsPerFlop: cost.gpuSecondsPerFlop, overhead: kernels * cost.gpuLaunchSeconds)
    }
    for step in 0..<steps {
      let tokens = step == 0 ? batch * prompt : batch
      let attended =
        step == 0 ? batch * prompt * (prompt + 1) / 2 : batch * (prompt + Double(step))
      let kvBytes = step == 0 ? batch * prompt * kv : attended * kv
      let attentionBytes = model.attentionWeightBytesPerLayer + kvBytes
      let attentionFlops = 2 * model.attentionParametersPerLayer * tokens + 4 * attentionWidth * attended
      let routerBytes = model.routerWeightBytesPerLayer
      let routerFlops = 2 * tokens * h * Double(model.experts)
      let denseBytes = model.denseFFNWeightBytesPerLayer
      let denseFlops = 6 * tokens * h * Double(model.denseFFN)
      let sharedFlops = tokens * model.sharedExpertFlopsPerToken
      // The LM head runs for the last position of each sequence only.
      let headFlops = 2 * batch * Double(model.vocabSize) * h
      attention.append(gpu(attentionBytes, attentionFlops, kernels: Self.attentionKernels))
      router.append(gpu(routerBytes, routerFlops, kernels: 1))
      shared.append(cost.sharedExpertSeconds(model: model, tokens: Int(tokens)))
      dense.append(model.firstDenseLayers > 0 ? gpu(denseBytes, denseFlops, kernels: 1) : 0)
      lmHead.append(gpu(model.lmHeadWeightBytes, headFlops, kernels: 1))
      let layers = Double(model.layers)
      let moe = Double(model.moeLayers)
      let denseLayers = Double(model.firstDenseLayers)
      bytes.append(
        layers * attentionBytes + moe * (routerBytes + model.sharedExpertWeightBytes)
          + denseLayers * denseBytes + model.lmHeadWeightBytes)
      flops.append(
        layers * attentionFlops + moe * (routerFlops + sharedFlops) + denseLayers * denseFlops
          + headFlops)
      tokensPerStep.append(Int(tokens))
    }
    self.steps = steps
    self.tokensPerStep = tokensPerStep
    attentionSeconds = attention
    routerSeconds = router
    sharedExpertSeconds = shared
    denseFFNSeconds = dense
    lmHeadSeconds = lmHead
    gpuBytes = bytes
    gpuFlops = flops
  }
}
