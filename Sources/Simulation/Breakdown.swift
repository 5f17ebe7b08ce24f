/// End-to-end latency by where the time went; the parts add up to the end-to-end latency.
///
/// In an expert phase, time goes to the resource on its critical path: the GPU's computation
/// (`expertsGPU`) and its waits for weights (`weightFetch`), or the activations out (`dispatch`),
/// the NDP units (`expertsNDP`) or host CPU (`expertsHost`), and the partial sums back with the
/// GPU's reduction (`reduce`). A return that waits for the link behind weight transfers counts
/// that wait as `weightFetch`.
public struct Breakdown: Sendable, Equatable, Codable {
  public var attention = 0.0
  public var router = 0.0
  public var dispatch = 0.0
  public var expertsGPU = 0.0
  public var expertsNDP = 0.0
  public var expertsHost = 0.0
  public var weightFetch = 0.0
  public var reduce = 0.0
  /// LM head, dense FFN layers.
  public var other = 0.0

  public init() {}

  public var total: Double {
    attention + router + dispatch + expertsGPU + expertsNDP + expertsHost + weightFetch + reduce
      + other
  }

  /// (JSON key, seconds) pairs in presentation order.
  public var parts: [(key: String, seconds: Double)] {
    [
      ("attention", attention), ("router", router), ("dispatch", dispatch),
      ("experts_gpu", expertsGPU), ("experts_ndp", expertsNDP), ("experts_host", expertsHost),
      ("weight_fetch", weightFetch), ("reduce", reduce), ("other", other),
    ]
  }
}
