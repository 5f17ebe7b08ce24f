import Foundation
import NDPModel

/// The seeded routing generator (brief, section 3).
///
/// For MoE layer `l`:
/// - global popularity `g_l`: Zipf(s) weights, `p_i ~ 1 / rank^s`, laid over a random permutation;
/// - a request's prefill popularity `p = (1 - requestDrift) * g_l + requestDrift * q_r` with
///   `q_r` the request's own permuted Zipf; its decode popularity mixes in one more,
///   `(1 - phaseDrift) * p + phaseDrift * q'_r`, so the two phases are similar, not equal;
/// - each token draws experts without replacement in proportion to the popularity with the
///   exponential-race form of the Gumbel-top-k trick: key_e = p_e / E_e, E_e ~ Exp(1); the
///   k largest keys are a sample without replacement (Efraimidis & Spirakis 2006);
/// - gate scores are softmax(log key / temperature), so they agree with the order by construction;
/// - temporal locality: with probability `locality(l)` the previous token's first choice is made
///   this token's first choice; `locality(l)` ramps from 0 at layer 0 to `locality` at the middle
///   layer and stays there (Mixtral paper, Table 5: near chance at layer 0, high by layer 15).
public enum RoutingGenerator {
  /// Normalised Zipf weights by rank: `w_r = r^-s / sum`.
  public static func zipfWeights(count: Int, exponent: Double) -> [Double] {
    let raw = (1...max(1, count)).map { pow(Double($0), -exponent) }
    let total = raw.reduce(0, +)
    return raw.map { $0 / total }
  }

  /// Zipf weights laid over a seeded random permutation of `count` experts.
  public static func permutedZipf(count: Int, exponent: Double, seed: UInt64) -> [Double] {
    var rng = SplitMix64(seed: seed)
    var order = Array(0..<count)
    order.shuffle(using: &rng)
    let weights = zipfWeights(count: count, exponent: exponent)
    var popularity = [Double](repeating: 0, count: count)
    for (rank, expert) in order.enumerated() { popularity[expert] = weights[rank] }
    return popularity
  }

  /// Probability that a token at MoE layer `layer` repeats the previous token's first choice.
  public static func locality(_ parameters: RoutingParameters, layer: Int, layers: Int) -> Double {
    let middle = max(1, (layers - 1) / 2)
    return parameters.locality * min(1, Double(layer) / Double(middle))
  }

  public static func globalPopularity(model: MoEModel, seed: UInt64, layer: Int) -> [Double] {
    permutedZipf(
      count: model.experts, exponent: model.routing.zipfExponent,
      seed: SplitMix64.derive(seed, 1, UInt64(layer)))
  }

  /// Routing for `workload.batchSize` requests; the same inputs always give the same routing.
  public static func generate(model: MoEModel, workload: Workload) -> Routing {
    let parameters = model.routing
    let layers = model.moeLayers
    let experts = model.experts
    let width = min(experts, model.topK + parameters.candidates)
    let global = (0..<layers).map { globalPopularity(model: model, seed: workload.seed, layer: $0) }
    var requests: [RequestRoute] = []
    for request in 0..<workload.batchSize {
      var prefillPopularity: [[Double]] = []
      var decodePopularity: [[Double]] = []
      for layer in 0..<layers {
        let own = permutedZipf(
          count: experts, exponent: parameters.zipfExponent,
          seed: SplitMix64.derive(workload.seed, 2, UInt64(request), UInt64(layer)))
        let phaseOwn = permutedZipf(
          count: experts, exponent: parameters.zipfExponent,
          seed: SplitMix64.derive(workload.seed, 3, UInt64(request), UInt64(layer)))
        let prefill = zip(global[layer], own).map {
          (1 - parameters.requestDrift) * $0 + parameters.requestDrift * $1
        }
        prefillPopularity.append(prefill)
        decodePopularity.append(
          zip(prefill, phaseOwn).map { (1 - parameters.phaseDrift) * $0 + parameters.phaseDrift * $1 })
      }
      var sampler = TokenSampler(
        experts: experts, topK: model.topK, width: width, parameters: parameters, layers: layers)
      var rng = SplitMix64(seed: SplitMix64.derive(workload.seed, 4, UInt64(request)))
      var prefill = RouteBlock(
        tokens: workload.promptTokens, layers: layers, topK: model.topK, width: width)
      var decode = RouteBlock(
        tokens: workload.decodeSteps, layers: layers, topK: model.topK, width: width)
      var previousFirst = [Int](repeating: -1, count: layers)
      sampler.fill(&prefill, popularity: prefillPopularity, previousFirst: &previousFirst, rng: &rng)
      sampler.fill(&decode, popularity: decodePopularity, previousFirst: &previousFirst, rng: &rng)
      requests.append(RequestRoute(prefill: prefill, decode: decode))
    }
    return Routing(
      experts: experts, topK: model.topK, layers: layers, candidates: width - model.topK,
      requests: requests, profile: global)
  }
}

/// Draws the experts of one token at one layer; reuses its buffers across tokens.
struct TokenSampler {
  let experts: Int
  let topK: Int
  let width: Int
  let parameters: RoutingParameters
  let layers: Int
  private var keys: [Double]
  private var chosen: [Int]

  init(experts: Int, topK: Int, width: Int, parameters: RoutingParameters, layers: Int) {
    self.experts = experts
    self.topK = topK
    self.width = width
    self.parameters = parameters
    self.layers = layers
    keys = [Double](repeating: 0, count: experts)
    chosen = [Int](repeating: 0, count: width)
  }

  mutating func fill(
    _ block: inout RouteBlock, popularity: [[Double]], previousFirst: inout [Int],
    rng: inout SplitMix64
  ) {
    let inverseTemperature = 1 / parameters.scoreTemperature
    for token in 0..<block.tokens {
      for layer in 0..<layers {
        let p = popularity[layer]
        var maxKey = 0.0
        for e in 0..<experts {
          // Exponential race: key = p / Exp(1). The largest keys are a sample w/o replacement.
          let key = p[e] / -Foundation.log(rng.nextUnit())
          keys[e] = key
          if key > maxKey { maxKey = key }
        }
        let repeatChance = RoutingGenerator.locality(parameters, layer: layer, layers: layers)
        let draw = rng.nextUnit()
        if previousFirst[layer] >= 0 && draw < repeatChance {
          keys[previousFirst[layer]] = maxKey * 1.1
          maxKey *= 1.1
        }
        // Softmax of log(key) / T over all experts, computed as (key / maxKey)^(1/T).
        var total = 0.0
        if inverseTemperature == 1 {
          for e in 0..<experts { total += keys[e] / maxKey }
        } else {
          for e in 0..<experts { total += Foundation.pow(keys[e] / maxKey, inverseTemperature) }
        }
        selectTop()
        let base = block.base(token: token, layer: layer)
        for slot in 0..<width {
          let e = chosen[slot]
          block.experts[base + slot] = UInt16(e)
          let share =
            inverseTemperature == 1
            ? keys[e] / maxKey : Foundation.pow(keys[e] / maxKey, inverseTemperature)
          block.scores[base + slot] = Float(share / total)
        }
        previousFirst[layer] = chosen[0]
      }
    }
  }

  /// The `width` largest keys into `chosen`, descending (ties by lower expert id).
  private mutating func selectTop() {
    var filled = 0
    for e in 0..<experts {
      let key = keys[e]
      if filled == width && key <= keys[chosen[width - 1]] { continue }
      var position = filled == width ? width - 1 : filled
      if filled < width { filled += 1 }
      while position > 0 && keys[chosen[position - 1]] < key {
        chosen[position] = chosen[position - 1]
        position -= 1
      }
      chosen[position] = e
    }
  }
}
