import NDPModel
import Routing
import Testing

@testable import Simulation

/// Hand-built single-step cases for the smoe mechanisms.
@Suite struct SubstitutionTests {
  /// One token: top-2 activated [1 (0.40), 2 (0.22)], candidates [3 (0.20), 4 (0.15), 5 (0.05)].
  /// S = 0.20. With alpha 0.3: low-score below 1.3 S = 0.26 (expert 2); the band is (0.14, 0.20].
  let experts: [UInt16] = [1, 2, 3, 4, 5]
  let scores: [Float] = [0.40, 0.22, 0.20, 0.15, 0.05]

  func apply(alpha: Double, onGPU: Set<Int>, others: Set<Int> = []) -> SubstitutionRule.Outcome {
    SubstitutionRule.apply(
      experts: experts[...], scores: scores[...], topK: 2, alpha: alpha,
      available: { onGPU.contains($0) || others.contains($0) }, needsReplacing: { !onGPU.contains($0) })
  }

  @Test func aLowScoreMissIsReplacedByTheBestCandidateInTheBand() {
    let r = apply(alpha: 0.3, onGPU: [1, 3, 4])
    #expect(r.experts == [1, 3])
    #expect(r.substituted == 1)
    #expect(abs(r.substitutedMass - 0.22) < 1e-6 && abs(r.mass - 0.62) < 1e-6)
  }

  @Test func aCandidateBelowTheBandIsNotUsed() {
    // Only expert 5 (0.05 <= 0.7 x 0.20 = 0.14) is on the GPU: no substitute.
    let r = apply(alpha: 0.3, onGPU: [1, 5])
    #expect(r.experts == [1, 2] && r.substituted == 0)
  }

  @Test func highScoreAndResidentExpertsAreKept() {
    // Expert 1 (0.40 >= 0.26) is never low-score; expert 2 on the GPU needs no replacing.
    #expect(apply(alpha: 0.3, onGPU: [2, 3]).experts == [1, 2])
    // alpha = 1: expert 1 (0.40) is still not below 2 S = 0.40; expert 2 takes the best of the
    // band (0, 0.20] that is on the GPU, expert 4.
    let wide = apply(alpha: 1.0, onGPU: [4, 5])
    #expect(wide.experts == [1, 4] && wide.substituted == 1)
  }

  @Test func anotherTokensExpertServesAsACandidate() {
    let r = apply(alpha: 0.3, onGPU: [1], others: [4])
    #expect(r.experts == [1, 4])
  }

  @Test func alphaZeroNeverSubstitutes() {
    #expect(apply(alpha: 0, onGPU: [3, 4, 5]).substituted == 0)
  }

  @Test func evictionTakesTheLowestMeanScoreAndSparesTheCurrentLayer() {
    let cache = ScoreCache(layers: 1, experts: 4, capacity: 2, window: 2)
    cache.insert(layer: 0, expert: 0) { _ in false }
    cache.insert(layer: 0, expert: 1) { _ in false }
    // Expert 1 was strong, expert 0 weak; expert 2, not activated, still has a recorded score.
    cache.record(layer: 0, scores: [0.1, 0.9, 0.3, 0])
    cache.record(layer: 0, scores: [0.1, 0.7, 0.5, 0])
    #expect(abs(cache.meanScore(layer: 0, expert: 2) - 0.4) < 1e-12)
    cache.insert(layer: 0, expert: 2) { _ in false }
    #expect(cache.residents(layer: 0) == [1, 2])
    // Protected experts are never evicted: with both residents protected, 3 is not kept.
    #expect(!cache.insert(layer: 0, expert: 3) { $0 == 1 || $0 == 2 }.admitted)
    #expect(cache.residents(layer: 0) == [1, 2])
  }

  @Test func aSubstitutedExpertIsNeverLoaded() throws {
    // One prompt token [0 (0.5), 1 (0.2)] with candidate 2 (0.18), decode [0, 1] again; with alpha
    // 0.3, expert 1 is low-score (0.2 < 1.3 x 0.18) and, with 2 not cached or activated, stays.
    // Make 2 another token's expert: a second prompt token [2, 0]. Then expert 1 is replaced by 2
    // for token 0 and never crosses the link: 2 fetched experts in the prefill instead of 3.
    var prefill = RouteBlock(tokens: 2, layers: 1, topK: 2, width: 3)
    prefill.experts = [0, 1, 2, 2, 0, 1]
    prefill.scores = [0.5, 0.2, 0.18, 0.6, 0.3, 0.05]
    var decode = RouteBlock(tokens: 1, layers: 1, topK: 2, width: 3)
    decode.experts = [0, 2, 1]
    decode.scores = [0.6, 0.3, 0.05]
    let routing = Routing(
      experts: 3, topK: 2, layers: 1, candidates: 1,
      requests: [RequestRoute(prefill: prefill, decode: decode)], profile: [[0.5, 0.2, 0.3]])
    var point = Toy.point(units: 2, gpuExpertBudgetBytes: 0)
    point.workload.promptTokens = 2
    point.options.substitutionAlpha = 0.3
    let results = try Toy.evaluate(point, [.smoeEvict, .smoeSub], routing: routing)
    let evict = try #require(results[.smoeEvict])
    let sub = try #require(results[.smoeSub])
    // smoe-evict fetches 0, 1, 2 (prefill) + 0, 2 (decode); smoe-sub one fewer.
    #expect(evict.resources.linkToGPU.bytes == 5 * 3e6)
    #expect(sub.resources.linkToGPU.bytes == 4 * 3e6)
    #expect(sub.substitutionRate == 1.0 / 6)
  }

  /// Substitution serves low-score misses from the cache, but it also changes what the cache
  /// keeps, so at a single point a wider band can lose hits later (one of these points does: 15.1%
  /// at alpha 0.15, 13.5% at 0.3). Over the sampled points together, hits never fall.
  @Test func raisingAlphaNeverLowersTheCacheHitRateOverThePoints() throws {
    var rng = SplitMix64(seed: 71)
    let alphas = [0.0, 0.15, 0.3, 0.5]
    var hits = [Double](repeating: 0, count: alphas.count)
    for _ in 0..<6 {
      var point = try ModelLawTests.randomPoint(&rng)
      point.options.cacheExpertsPerLayer = 6
      let workload = PreparedWorkload(generatingFor: point)
      for (i, alpha) in alphas.enumerated() {
        point.options.substitutionAlpha = alpha
        let r = try Evaluator.evaluate(
          point: point, workload: workload, policies: [.smoeSub], baseline: .smoeSub
        )
        .results[0]
        guard r.feasible else { break }
        if alpha == 0 { #expect(r.substitutionRate == 0 && r.substitutedScoreMass == 0) }
        hits[i] += r.cacheHitRate
      }
    }
    for i in 1..<alphas.count { #expect(hits[i] >= hits[i - 1] - 1e-12, "alpha \(alphas[i])") }
    #expect(hits.last! > hits.first!)
  }
}
