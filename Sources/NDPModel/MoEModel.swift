/// A decoder-only Mixture-of-Experts model, as far as latency, memory and energy are concerned.
///
/// Shapes follow the models' `config.json`. Every routed expert is a gated FFN of three
/// `hiddenSize x expertFFN` matrices (gate, up, down).
public struct MoEModel: Sendable, Equatable {
  public var name: String
  public var hiddenSize: Int
  /// Intermediate size of one routed expert.
  public var expertFFN: Int
  public var experts: Int
  /// Total intermediate size of the shared experts of one layer (0 when there are none).
  public var sharedExpertFFN: Int
  public var topK: Int
  public var layers: Int
  /// Leading layers with a dense FFN instead of experts (DeepSeek's `first_k_dense_replace`).
  public var firstDenseLayers: Int
  public var denseFFN: Int
  public var attentionHeads: Int
  public var kvHeads: Int
  public var headDim: Int
  public var vocabSize: Int
  public var tiedEmbeddings: Bool
  /// Bytes per weight of everything but the routed experts.
  public var bytesPerWeight: Double
  /// Bytes per weight of routed experts (0.53125 for MXFP4: 4 bits + a shared 8-bit scale per 32).
  public var expertBytesPerWeight: Double
  public var activationBytes: Double
  /// KV-cache bytes per token and layer; when nil, 2 * kvHeads * headDim * activationBytes.
  public var kvBytesPerTokenPerLayerOverride: Double?
  /// Calibrated routing defaults for this model.
  public var routing: RoutingParameters

  public init(
    name: String, hiddenSize: Int, expertFFN: Int, experts: Int, sharedExpertFFN: Int, topK: Int,
    layers: Int, firstDenseLayers: Int = 0, denseFFN: Int = 0, attentionHeads: Int, kvHeads: Int,
    headDim: Int, vocabSize: Int, tiedEmbeddings: Bool = false, bytesPerWeight: Double = 2,
    expertBytesPerWeight: Double = 2, activationBytes: Double = 2,
    kvBytesPerTokenPerLayerOverride: Double? = nil, routing: RoutingParameters
  ) {
    self.name = name
    self.hiddenSize = hiddenSize
    self.expertFFN = expertFFN
    self.experts = experts
    self.sharedExpertFFN = sharedExpertFFN
    self.topK = topK
    self.layers = layers
    self.firstDenseLayers = firstDenseLayers
    self.denseFFN = denseFFN
    self.attentionHeads = attentionHeads
    self.kvHeads = kvHeads
    self.headDim = headDim
    self.vocabSize = vocabSize
    self.tiedEmbeddings = tiedEmbeddings
    self.bytesPerWeight = bytesPerWeight
    self.expertBytesPerWeight = expertBytesPerWeight
    self.activationBytes = activationBytes
    self.kvBytesPerTokenPerLayerOverride = kvBytesPerTokenPerLayerOverride
    self.routing = routing
  }

  /// Layers whose FFN is a set of routed experts.
  public var moeLayers: Int { layers - firstDenseLayers }

  /// W = 3 * h * f * bytes_per_weight: weight bytes of one routed expert (brief, section 1).
  public var expertWeightBytes: Double {
    3 * Double(hiddenSize) * Double(expertFFN) * expertBytesPerWeight
  }

  /// FLOPs of one token through one routed expert: 2 * 3 * h * f.
  public var expertFlopsPerToken: Double { 6 * Double(hiddenSize) * Double(expertFFN) }

  /// Weight bytes of the shared experts of one layer.
  public var sharedExpertWeightBytes: Double {
    3 * Double(hiddenSize) * Double(sharedExpertFFN) * bytesPerWeight
  }

  public var sharedExpertFlopsPerToken: Double { 6 * Double(hiddenSize) * Double(sharedExpertFFN) }

  /// Q and O projections (h x heads*d each) plus K and V projections (h x kvHeads*d each).
  public var attentionParametersPerLayer: Double {
    let h = Double(hiddenSize)
    return 2 * h * Double(attentionHeads * headDim) + 2 * h * Double(kvHeads * headDim)
  }

  public var attentionWeightBytesPerLayer: Double { attentionParametersPerLayer * bytesPerWeight }

  public var routerWeightBytesPerLayer: Double {
    Double(hiddenSize) * Double(experts) * bytesPerWeight
  }

  public var denseFFNWeightBytesPerLayer: Double {
    3 * Double(hiddenSize) * Double(denseFFN) * bytesPerWeight
  }

  public var kvBytesPerTokenPerLayer: Double {
    kvBytesPerTokenPerLayerOverride ?? 2 * Double(kvHeads * headDim) * activationBytes
  }

  public var lmHeadWeightBytes: Double { Double(vocabSize) * Double(hiddenSize) * bytesPerWeight }

  /// Everything the GPU must hold besides experts and the KV cache: attention, routers, shared
  /// experts, dense FFN layers, embeddings and the LM head (norms are negligible).
  public var nonExpertWeightBytes: Double {
    let perLayer = Double(layers) * (attentionWeightBytesPerLayer)
    let moe = Double(moeLayers) * (routerWeightBytesPerLayer + sharedExpertWeightBytes)
    let dense = Double(firstDenseLayers) * denseFFNWeightBytesPerLayer
    let embeddings = lmHeadWeightBytes * (tiedEmbeddings ? 1 : 2)
    return perLayer + moe + dense + embeddings
  }

  /// All routed-expert weights of the model.
  public var totalExpertWeightBytes: Double {
    Double(moeLayers) * Double(experts) * expertWeightBytes
  }
}
