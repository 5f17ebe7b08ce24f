import Basics
import NDPModel

/// A phase of inference: all prompt tokens at once, then one token per decode step.
public enum Phase: String, Sendable, CaseIterable, Codable {
  case prefill, decode
}

/// Router decisions of one request in one phase, stored flat for speed.
///
/// Token `t`, MoE layer `l`, slot `s` lives at `((t * layers) + l) * width + s`. Slots
/// `0..<topK` are the activated experts in descending score order; slots `topK..<width` are the
/// next-best (non-activated) experts with their scores: substitution candidates.
public struct RouteBlock: Sendable, Equatable {
  public var tokens: Int
  public var layers: Int
  public var topK: Int
  public var width: Int
  public var experts: [UInt16]
  public var scores: [Float]

  public init(tokens: Int, layers: Int, topK: Int, width: Int) {
    self.tokens = tokens
    self.layers = layers
    self.topK = topK
    self.width = width
    experts = [UInt16](repeating: 0, count: tokens * layers * width)
    scores = [Float](repeating: 0, count: tokens * layers * width)
  }

  @inlinable public func base(token: Int, layer: Int) -> Int { (token * layers + layer) * width }
}

/// The routing of one request.
public struct RequestRoute: Sendable, Equatable {
  public var prefill: RouteBlock
  public var decode: RouteBlock

  public init(prefill: RouteBlock, decode: RouteBlock) {
    self.prefill = prefill
    self.decode = decode
  }

  public func block(_ phase: Phase) -> RouteBlock { phase == .prefill ? prefill : decode }
}

/// Router decisions for a whole batch of requests, plus the offline popularity profile that
/// profile-based policies (MoNDE) are allowed to see.
public struct Routing: Sendable, Equatable {
  public var experts: Int
  public var topK: Int
  /// MoE layers (dense layers have no router).
  public var layers: Int
  public var candidates: Int
  public var requests: [RequestRoute]
  /// Per MoE layer, each expert's share of activations in an offline profile.
  public var profile: [[Double]]

  public init(
    experts: Int, topK: Int, layers: Int, candidates: Int, requests: [RequestRoute],
    profile: [[Double]]
  ) {
    self.experts = experts
    self.topK = topK
    self.layers = layers
    self.candidates = candidates
    self.requests = requests
    self.profile = profile
  }

  public var promptTokens: Int { requests.first?.prefill.tokens ?? 0 }
  /// Decode steps (output tokens - 1).
  public var decodeSteps: Int { requests.first?.decode.tokens ?? 0 }

  /// Checks that this routing can drive `model` under `workload`.
  public func check(model: MoEModel, workload: Workload) throws(InputError) {
    func mismatch(_ what: String, _ routing: Int, _ wanted: Int) -> InputError {
      InputError("routing has \(what) \(routing), but the point needs \(wanted)")
    }
    if experts != model.experts { throw mismatch("experts", experts, model.experts) }
    if topK != model.topK { throw mismatch("top_k", topK, model.topK) }
    if layers != model.moeLayers { throw mismatch("MoE layers", layers, model.moeLayers) }
    if requests.count != workload.batchSize {
      throw mismatch("requests (batch size)", requests.count, workload.batchSize)
    }
    if promptTokens != workload.promptTokens {
      throw mismatch("prompt tokens", promptTokens, workload.promptTokens)
    }
    if decodeSteps != workload.decodeSteps {
      throw mismatch("decode steps (output tokens - 1)", decodeSteps, workload.decodeSteps)
    }
  }
}
