import Foundation
import NDPModel
import Testing

@testable import Routing

@Suite struct RoutingGeneratorTests {
  static func model(
    experts: Int = 16, topK: Int = 2, layers: Int = 4, zipf: Double = 0.8, requestDrift: Double = 0,
    phaseDrift: Double = 0, locality: Double = 0
  ) -> MoEModel {
    MoEModel(
      name: "stats", hiddenSize: 64, expertFFN: 64, experts: experts, sharedExpertFFN: 0, topK: topK,
      layers: layers, attentionHeads: 1, kvHeads: 1, headDim: 8, vocabSize: 16,
      routing: RoutingParameters(
        zipfExponent: zipf, requestDrift: requestDrift, phaseDrift: phaseDrift, locality: locality))
  }

  @Test func zipfWeightsFollowThePowerLaw() {
    let w = RoutingGenerator.zipfWeights(count: 4, exponent: 1)
    // 1, 1/2, 1/3, 1/4 normalised by 25/12.
    let expected = [12.0 / 25, 6.0 / 25, 4.0 / 25, 3.0 / 25]
    for (a, b) in zip(w, expected) { #expect(abs(a - b) < 1e-15) }
    #expect(RoutingGenerator.zipfWeights(count: 5, exponent: 0).allSatisfy { abs($0 - 0.2) < 1e-15 })
  }

  @Test func firstChoicesFollowTheGlobalPopularity() {
    // No drift, no locality, top-1: the first choice is a draw from the layer's popularity.
    let model = Self.model(topK: 1, layers: 1)
    let workload = Workload(batchSize: 1, promptTokens: 40_000, outputTokens: 1, seed: 7)
    let routing = RoutingGenerator.generate(model: model, workload: workload)
    let popularity = RoutingGenerator.globalPopularity(model: model, seed: 7, layer: 0)
    var counts = [Double](repeating: 0, count: model.experts)
    let block = routing.requests[0].prefill
    for token in 0..<block.tokens { counts[Int(block.experts[block.base(token: token, layer: 0)])] += 1 }
    for e in 0..<model.experts {
      let observed = counts[e] / Double(block.tokens)
      // 5 standard errors of a binomial proportion.
      let sigma = (popularity[e] * (1 - popularity[e]) / Double(block.tokens)).squareRoot()
      #expect(abs(observed - popularity[e]) < 5 * sigma + 1e-9, "expert \(e)")
    }
    // The fitted skew: slope of log frequency against log rank recovers the exponent.
    let sorted = counts.sorted(by: >).map { $0 / Double(block.tokens) }
    let xs = (1...sorted.count).map { log(Double($0)) }
    let ys = sorted.map { log($0) }
    let mx = xs.reduce(0, +) / Double(xs.count)
    let my = ys.reduce(0, +) / Double(ys.count)
    var covariance = 0.0
    var variance = 0.0
    for (x, y) in zip(xs, ys) {
      covariance += (x - mx) * (y - my)
      variance += (x - mx) * (x - mx)
    }
    let slope = covariance / variance
    #expect(abs(-slope - 0.8) < 0.08)
  }

  @Test func topKIsWithoutReplacementAndScoresAgreeWithTheOrder() {
    let model = Self.model(experts: 12, topK: 3, layers: 3)
    let routing = RoutingGenerator.generate(
      model: model, workload: Workload(batchSize: 2, promptTokens: 50, outputTokens: 20, seed: 3))
    #expect(routing.candidates == 4)
    for request in routing.requests {
      for block in [request.prefill, request.decode] {
        for token in 0..<block.tokens {
          for layer in 0..<block.layers {
            let base = block.base(token: token, layer: layer)
            let ids = Array(block.experts[base..<base + block.width])
            let scores = Array(block.scores[base..<base + block.width])
            #expect(Set(ids).count == ids.count)
            #expect(zip(scores, scores.dropFirst()).allSatisfy { $0 >= $1 })
            #expect(scores.reduce(0, +) <= 1.0001)
            #expect(scores.allSatisfy { $0 > 0 })
          }
        }
      }
    }
  }

  @Test func localityRepeatsThePreviousFirstChoiceAtDeepLayers() {
    // Deep layers: repeat rate = locality + (1 - locality) * chance, chance = sum p^2 (top-1).
    let model = Self.model(topK: 1, layers: 5, zipf: 0.5, locality: 0.3)
    let workload = Workload(batchSize: 1, promptTokens: 20_000, outputTokens: 1, seed: 5)
    let routing = RoutingGenerator.generate(model: model, workload: workload)
    let block = routing.requests[0].prefill
    func repeatRate(layer: Int) -> Double {
      var repeats = 0
      for token in 1..<block.tokens
      where block.experts[block.base(token: token, layer: layer)]
        == block.experts[block.base(token: token - 1, layer: layer)]
      { repeats += 1 }
      return Double(repeats) / Double(block.tokens - 1)
    }
    for layer in [0, 4] {
      let p = RoutingGenerator.globalPopularity(model: model, seed: 5, layer: layer)
      let chance = p.map { $0 * $0 }.reduce(0, +)
      let lambda = RoutingGenerator.locality(model.routing, layer: layer, layers: 5)
      let expected = lambda + (1 - lambda) * chance
      #expect(abs(repeatRate(layer: layer) - expected) < 0.015, "layer \(layer)")
    }
    #expect(RoutingGenerator.locality(model.routing, layer: 0, layers: 5) == 0)
    #expect(RoutingGenerator.locality(model.routing, layer: 4, layers: 5) == 0.3)
  }

  @Test func requestDriftMakesRequestsDifferButPhasesAlike() {
    let model = Self.model(experts: 32, topK: 2, layers: 1, zipf: 1.0, requestDrift: 0.6, phaseDrift: 0.1)
    let routing = RoutingGenerator.generate(
      model: model, workload: Workload(batchSize: 2, promptTokens: 6000, outputTokens: 6001, seed: 9))
    func histogram(_ block: RouteBlock) -> [Double] {
      var h = [Double](repeating: 0, count: 32)
      for t in 0..<block.tokens {
        for s in 0..<block.topK { h[Int(block.experts[block.base(token: t, layer: 0) + s])] += 1 }
      }
      return h
    }
    func cosine(_ a: [Double], _ b: [Double]) -> Double {
      let dot = zip(a, b).map(*).reduce(0, +)
      return dot / (a.map { $0 * $0 }.reduce(0, +).squareRoot() * b.map { $0 * $0 }.reduce(0, +).squareRoot())
    }
    let first = routing.requests[0]
    let second = routing.requests[1]
    let samePhases = cosine(histogram(first.prefill), histogram(first.decode))
    let otherRequest = cosine(histogram(first.prefill), histogram(second.prefill))
    #expect(samePhases > 0.97)
    #expect(otherRequest < samePhases - 0.05)
  }

  @Test func sameSeedSameRoutingOtherSeedOtherRouting() {
    let model = Self.model()
    let workload = Workload(batchSize: 2, promptTokens: 10, outputTokens: 5, seed: 1)
    let a = RoutingGenerator.generate(model: model, workload: workload)
    let b = RoutingGenerator.generate(model: model, workload: workload)
    var other = workload
    other.seed = 2
    let c = RoutingGenerator.generate(model: model, workload: other)
    #expect(a == b)
    #expect(a.requests != c.requests)
  }

  @Test func activationTableCountsEveryTokenOnce() {
    let model = Self.model(experts: 8, topK: 2, layers: 2)
    let routing = RoutingGenerator.generate(
      model: model, workload: Workload(batchSize: 3, promptTokens: 10, outputTokens: 4, seed: 4))
    let table = ActivationTable(routing: routing)
    #expect(table.steps == 4)
    for step in 0..<table.steps {
      for layer in 0..<table.layers {
        let range = table.range(step: step, layer: layer)
        let total = range.map { Int(table.tokenCounts[$0]) }.reduce(0, +)
        #expect(total == table.tokensPerStep[step] * 2)
        #expect(table.activationTotals[step * table.layers + layer] == total)
        let pairs = range.map { (table.tokenCounts[$0], table.expertIDs[$0]) }
        #expect(zip(pairs, pairs.dropFirst()).allSatisfy { $0.0 > $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) })
      }
    }
    #expect(table.tokensPerStep == [30, 3, 3, 3])
  }

  /// A prefill of 3 x 50 tokens keeps each entry's tokens as a set of 3 words (150 bits), the same
  /// tokens as its list; decode steps of 3 tokens keep none.
  @Test func tokenSetsHoldEachEntrysTokens() {
    let model = Self.model(experts: 8, topK: 2, layers: 2)
    let routing = RoutingGenerator.generate(
      model: model, workload: Workload(batchSize: 3, promptTokens: 50, outputTokens: 3, seed: 5))
    let table = ActivationTable(routing: routing)
    #expect(Array(table.tokenSetWords) == [3, 0, 0])
    for layer in 0..<table.layers {
      let range = table.range(step: 0, layer: layer)
      for (i, entry) in range.enumerated() {
        let set = table.tokenSetStarts[layer] + i * 3
        var members: [Int32] = []
        for token in 0..<150 where table.tokenSets[set + token / 64] & (1 << UInt64(token % 64)) != 0 {
          members.append(Int32(token))
        }
        let start = table.tokenStarts[entry]
        let listed = table.tokenIndices[start..<(start + Int(table.tokenCounts[entry]))]
        #expect(members == listed.sorted())
      }
    }
    #expect(table.tokenSetStarts[2 * table.layers] == table.tokenSets.count)
  }
}
