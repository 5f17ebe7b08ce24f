/// Parameters of the seeded routing generator (brief, section 3).
public struct RoutingParameters: Sendable, Equatable {
  /// Exponent s of the per-layer Zipf popularity p_i ~ 1 / rank^s over a random permutation.
  public var zipfExponent: Double
  /// Weight of a request's own Zipf popularity in its mixture with the global one (0 = none).
  public var requestDrift: Double
  /// Weight of a decode-only popularity mixed into the request's (prefill and decode differ).
  public var phaseDrift: Double
  /// Probability, at the deepest layers, that a token's first choice repeats the previous
  /// token's first choice; it ramps linearly from 0 at layer 0 to this value at the middle layer.
  public var locality: Double
  /// Spread of router logits; gate scores are softmax(logits / temperature).
  public var scoreTemperature: Double
  /// Non-activated experts recorded after the top-k, with their scores (substitution candidates).
  public var candidates: Int

  public init(
    zipfExponent: Double, requestDrift: Double = 0.3, phaseDrift: Double = 0.1,
    locality: Double = 0.15, scoreTemperature: Double = 1.0, candidates: Int = 4
  ) {
    self.zipfExponent = zipfExponent
    self.requestDrift = requestDrift
    self.phaseDrift = phaseDrift
    self.locality = locality
    self.scoreTemperature = scoreTemperature
    self.candidates = candidates
  }
}
