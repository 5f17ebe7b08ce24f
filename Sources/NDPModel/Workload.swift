/// What is served: `batchSize` concurrent requests of `promptTokens` in and `outputTokens` out.
///
/// The prefill produces the first output token; each of the `outputTokens - 1` decode steps
/// produces one more per request.
public struct Workload: Sendable, Equatable {
  public var batchSize: Int
  public var promptTokens: Int
  public var outputTokens: Int
  public var seed: UInt64

  public init(batchSize: Int, promptTokens: Int, outputTokens: Int, seed: UInt64 = 1) {
    self.batchSize = batchSize
    self.promptTokens = promptTokens
    self.outputTokens = outputTokens
    self.seed = seed
  }

  public var decodeSteps: Int { max(0, outputTokens - 1) }
  public var contextTokens: Int { promptTokens + outputTokens }
}

/// Knobs of the scheduling policies that are not hardware or model.
public struct PolicyOptions: Sendable, Equatable {
  /// Units per tensor-parallel group for `tp`, `tp-lb`, `tp-lb-pf`; nil means all units.
  public var tpDegree: Int?
  /// Cap on GPU memory for cached, pinned or prefetched experts; nil means all free memory.
  public var gpuExpertBudgetBytes: Double?
  /// GPU memory kept free for activations and workspace.
  public var workspaceReserveBytes: Double
  /// Substitution band of the smoe family: an activated expert scoring below (1 + alpha) * S is
  /// low-score and may be replaced by one scoring in ((1 - alpha) * S, S], S the (k+1)-th score.
  public var substitutionAlpha: Double
  /// Steps over which the smoe cache averages gate scores for eviction.
  public var evictionWindowSteps: Int
  /// Share of next-layer misses the smoe prefetcher predicts correctly.
  public var prefetchAccuracy: Double
  /// Experts per layer the smoe and offload caches hold; nil means as the GPU budget allows.
  public var cacheExpertsPerLayer: Int?
  /// Share of a layer's activated experts the learned predictor of `tp-lb-pp` and `offload-pp`
  /// guesses right (the rest of its guesses are wrong experts).
  public var predictorAccuracy: Double
  /// Expert phases ahead the predictor looks; 0 means adaptive (the smallest horizon whose
  /// prefetch hides behind the layers in between).
  public var prefetchHorizonLayers: Int
  /// Average weight bits of `ctx-place`'s NDP experts in the decode, each kept at 4, 3, 2 or 1
  /// bits by importance; 0 keeps them at the model's precision.
  public var ndpAverageBits: Double
  /// Bits per weight a quantized NDP expert spends on its group scales and zero points.
  public var ndpScaleBitsPerWeight: Double

  public init(
    tpDegree: Int? = nil, gpuExpertBudgetBytes: Double? = nil, workspaceReserveBytes: Double = 1e9,
    substitutionAlpha: Double = 0.3, evictionWindowSteps: Int = 8, prefetchAccuracy: Double = 0.8,
    cacheExpertsPerLayer: Int? = nil, predictorAccuracy: Double = 0.8, prefetchHorizonLayers: Int = 0,
    ndpAverageBits: Double = 0, ndpScaleBitsPerWeight: Double = 0.25
  ) {
    self.tpDegree = tpDegree
    self.gpuExpertBudgetBytes = gpuExpertBudgetBytes
    self.workspaceReserveBytes = workspaceReserveBytes
    self.substitutionAlpha = substitutionAlpha
    self.evictionWindowSteps = evictionWindowSteps
    self.prefetchAccuracy = prefetchAccuracy
    self.cacheExpertsPerLayer = cacheExpertsPerLayer
    self.predictorAccuracy = predictorAccuracy
    self.prefetchHorizonLayers = prefetchHorizonLayers
    self.ndpAverageBits = ndpAverageBits
    self.ndpScaleBitsPerWeight = ndpScaleBitsPerWeight
  }
}

/// One design point: everything the evaluator needs, and the sources of the values in it.
public struct DesignPoint: Sendable, Equatable {
  public var hardware: Hardware
  public var model: MoEModel
  public var workload: Workload
  public var options: PolicyOptions
  public var sources: SourceTable

  public init(
    hardware: Hardware, model: MoEModel, workload: Workload, options: PolicyOptions = PolicyOptions(),
    sources: SourceTable = [:]
  ) {
    self.hardware = hardware
    self.model = model
    self.workload = workload
    self.options = options
    self.sources = sources
  }
}
