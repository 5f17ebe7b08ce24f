import NDPModel

/// The generator's parameters that reproduce a routing's statistics (`TraceStatistics`), found by
/// simulation: the generator is run at the routing's own shape (experts, top-k, layers, requests,
/// tokens) and each parameter bisected until the generated statistic matches the routing's.
/// Locality is read off directly (repeats beyond chance at the deep layers); the Zipf exponent is
/// matched on the fitted load exponent, the phase drift on the prefill/decode cosine, the request
/// drift on the requests' cosine (with more than one request); the Zipf exponent is matched again
/// last, since the drifts flatten the pooled loads.
public struct GeneratorFit: Sendable {
  public let parameters: RoutingParameters
  /// The generated routing's statistics at `parameters`, to set beside the target's.
  public let achieved: TraceStatistics
  /// Whether the routing shows the phase drift (both phases) and the request drift (two requests
  /// or more); an unseen one keeps the generator's default.
  public let seesPhases: Bool
  public let seesRequests: Bool

  /// Bisection steps per parameter.
  static let steps = 10

  /// `target` is the routing's own statistics (made once by the caller, who shows them too).
  public init(matching routing: Routing, target: TraceStatistics) {
    seesPhases = routing.promptTokens > 0 && routing.decodeSteps > 0
    seesRequests = routing.requests.count > 1
    var parameters = RoutingParameters(zipfExponent: 0.5)
    parameters.candidates = routing.candidates
    parameters.locality = min(1, target.deepLocality)
    let shape = GeneratorShape(routing)
    parameters.zipfExponent = shape.bisect(
      0...3, increasing: true, target: target.mean(\.zipfFit), parameters
    ) {
      $0.zipfExponent = $1
    } statistic: {
      $0.mean(\.zipfFit)
    }
    if seesPhases {
      parameters.phaseDrift = shape.bisect(
        0...1, increasing: false, target: target.mean(\.phaseCosine), parameters
      ) {
        $0.phaseDrift = $1
      } statistic: {
        $0.mean(\.phaseCosine)
      }
    }
    if let requests = Self.requestCosine(target) {
      parameters.requestDrift = shape.bisect(0...1, increasing: false, target: requests, parameters) {
        $0.requestDrift = $1
      } statistic: {
        Self.requestCosine($0) ?? 0
      }
    }
    parameters.zipfExponent = shape.bisect(
      0...3, increasing: true, target: target.mean(\.zipfFit), parameters
    ) {
      $0.zipfExponent = $1
    } statistic: {
      $0.mean(\.zipfFit)
    }
    self.parameters = parameters
    achieved = shape.statistics(parameters)
  }

  static func requestCosine(_ statistics: TraceStatistics) -> Double? {
    let values = statistics.layers.compactMap(\.requestCosine)
    return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
  }
}

/// The routing's shape, to generate others like it.
struct GeneratorShape {
  let model: MoEModel
  let workload: Workload

  init(_ routing: Routing) {
    model = MoEModel(
      name: "trace", hiddenSize: 1, expertFFN: 1, experts: routing.experts, sharedExpertFFN: 0,
      topK: routing.topK,
      layers: routing.layers, attentionHeads: 1, kvHeads: 1, headDim: 1, vocabSize: 1,
      routing: RoutingParameters(zipfExponent: 0))
    workload = Workload(
      batchSize: routing.requests.count, promptTokens: routing.promptTokens,
      outputTokens: routing.decodeSteps + 1,
      seed: 1)
  }

  func statistics(_ parameters: RoutingParameters) -> TraceStatistics {
    var model = self.model
    model.routing = parameters
    return TraceStatistics(RoutingGenerator.generate(model: model, workload: workload))
  }

  /// The value in `range` at which `statistic` of the generated routing meets `target`, given it
  /// rises (or falls) with the value; the same seed throughout, so the comparison is not noise.
  func bisect(
    _ range: ClosedRange<Double>, increasing: Bool, target: Double, _ base: RoutingParameters,
    set: (inout RoutingParameters, Double) -> Void, statistic: (TraceStatistics) -> Double
  ) -> Double {
    var (low, high) = (range.lowerBound, range.upperBound)
    for _ in 0..<GeneratorFit.steps {
      let middle = (low + high) / 2
      var parameters = base
      set(&parameters, middle)
      let value = statistic(statistics(parameters))
      if (value < target) == increasing { low = middle } else { high = middle }
    }
    return (low + high) / 2
  }
}
