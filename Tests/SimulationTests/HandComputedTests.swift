import NDPModel
import Routing
import Testing

@testable import Simulation

/// Expert-phase times of every policy, computed by hand from the formulas on the rich toy point
/// (`Toy.rich`): 4 experts, 2 MoE layers, prefill tokens [0, 1] and [1, 2], decode steps [2, 0]
/// and [3, 1], a 10 us launch, a 20 us NDP overhead and a 5 us link latency. In microseconds:
///   GPU expert: 1000 + 10 = 1010; fetch T_w: 5 + 3000 = 3005;
///   NDP whole expert: 3000 + 20 = 3020; half slice (T = 2): 1500 + 20 = 1520;
///   n vectors of 2000 B over the link: 5 + 2n; the GPU reduces n vectors in n x 2/3.
@Suite struct HandComputedTests {
  func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(1, abs(b)) }
  let us = Toy.us

  func evaluate(_ knobs: Toy.Knobs, _ policies: [PolicyName]) throws -> [PolicyName: PolicyResult] {
    try Toy.evaluate(Toy.point(knobs), policies, routing: Toy.richRouting())
  }

  @Test func expertParallelSendsOneVectorPerTokenAndUnitAndWaitsForTheBusiestUnit() throws {
    // Units: experts 0, 2 on unit 0; 1, 3 on unit 1.
    // Prefill: unit 0 runs 0 and 2 (6040), unit 1 runs 1 (3020). Tokens reach units (t0: 0, 1;
    // t1: 0, 1): 4 vectors out (13) and back (13), reduce 4 x 2/3.
    // Decode [2, 0] and [3, 1]: both experts on one unit (6040), 1 vector out (7) and back (7).
    let r = try #require(evaluate(Toy.rich, [.ep])[.ep])
    #expect(close(r.breakdown.expertsNDP, 2 * (6040 + 2 * 6040) * us))
    #expect(close(r.breakdown.dispatch, 2 * (13 + 7 + 7) * us))
    #expect(close(r.breakdown.reduce, 2 * ((13 + 4 * 2.0 / 3) + 2 * (7 + 2.0 / 3)) * us))
    // Busiest over mean: prefill 6040 / 4530, decode 6040 / 3020, over 2 layers.
    #expect(close(r.ndpImbalance, (6 * 6040) / (2 * 4530 + 4 * 3020.0)))
    // The GPU only adds the returned vectors: 8/3 + 2/3 + 2/3 of 6068.67 + 2 x 6054.67 per layer.
    #expect(close(r.gpuExpertUtilisation, 4 / (6068 + 2.0 / 3 + 2 * (6054 + 2.0 / 3))))
  }

  @Test func tensorParallelBroadcastsOnceAndReturnsOnePartialSumPerTokenAndUnit() throws {
    // T = 2, one group. Prefill: 3 slices per unit (4560); 2 tokens -> 2 vectors out (9),
    // 2 units x 2 tokens back (13), reduce 4 x 2/3. Decode: 2 slices (3040), 1 vector out (7),
    // 2 back (9), reduce 2 x 2/3.
    let r = try #require(evaluate(Toy.rich, [.tp])[.tp])
    #expect(close(r.breakdown.expertsNDP, 2 * (4560 + 2 * 3040) * us))
    #expect(close(r.breakdown.dispatch, 2 * (9 + 7 + 7) * us))
    #expect(close(r.breakdown.reduce, 2 * ((13 + 8.0 / 3) + 2 * (9 + 4.0 / 3)) * us))
    #expect(close(r.ndpImbalance, 1))
  }

  @Test func tensorParallelReducesOverTheUnitLinksWhenThatIsCheaper() throws {
    // Unit links at 1e9 B/s: per vector byte, a ring (2 (T-1)/T = 1 byte per unit at 1 ns, then one
    // vector over the link and into the GPU: 1 + 1/3 ns) beats two whole partial sums (2 x 4/3 ns).
    // Decode: 7 out + 3040 + ring 2000 B / 1e9 (2) + one vector back (7) + reduce 2/3.
    var knobs = Toy.rich
    knobs.unitLinkBytesPerSecond = 1e9
    let s = try #require(
      try Toy.schedule(Toy.point(knobs), .tp, routing: Toy.richRouting(), step: 1, layer: 0))
    #expect(close(s.seconds, (7 + 3040 + 2 + 7 + 2.0 / 3) * us))
    let r = try #require(evaluate(knobs, [.tp])[.tp])
    // Each unit sends 1 vector's bytes per token: 2 units x 2000 B per token and layer; 2 + 1 + 1
    // tokens' phases per layer.
    #expect(close(r.resources.unitLinkBytes, 2 * (2 + 1 + 1) * 4000))
  }

  @Test func loadBalancerOverlapsFetchesWithComputeAndPicksTheFastestSplit() throws {
    // Link 1e10: T_w = 5 + 300 = 305, a vector 5.2, two 5.4, four 5.8.
    // Prefill, order [1 (2 tokens), 0, 2]:
    //   k=0: 5.4 + 4560 + 5.8 + 8/3 = 4573.87
    //   k=1: GPU 305 + 1010 = 1315 | NDP 0, 2 (2 vectors): 5.4 + 3040 + 5.8 + 8/3 = 3053.87
    //   k=2: GPU 1315, then expert 0 (arrived at 610) 2325 | NDP 2: 5.2 + 1520, back 5.4: 1530.6;
    //        end 2325 + 4/3 (reduce) = 2326.33   <- best
    //   k=3: GPU 3335.
    // Decode [2, 0], order [0, 2]: k=0: 5.2 + 3040 + 5.4 + 4/3 = 3051.93;
    //   k=1: GPU 1315 | NDP 5.2 + 1520 + 5.4 = 1530.6, + 4/3 = 1531.93 <- best; k=2: 2325.
    var knobs = Toy.rich
    knobs.linkBytesPerSecond = 1e10
    let r = try #require(evaluate(knobs, [.tpLB])[.tpLB])
    // Prefill: the GPU path is critical (2020 compute, 305 waiting for the first fetch).
    #expect(close(r.breakdown.expertsGPU, 2 * 2020 * us))
    #expect(close(r.breakdown.weightFetch, 2 * 305 * us))
    // Decode: the NDP path is critical.
    #expect(close(r.breakdown.expertsNDP, 2 * 2 * 1520 * us))
    #expect(close(r.breakdown.dispatch, 2 * 2 * 5.2 * us))
    #expect(close(r.breakdown.reduce, 2 * (4.0 / 3 + 2 * (5.4 + 4.0 / 3)) * us))
    // GPU compute (experts and reductions) over the phases.
    let compute = 2020 + 4.0 / 3 + 2 * (1010 + 4.0 / 3)
    let phases = 2326 + 1.0 / 3 + 2 * (1531 + 14.0 / 15)
    #expect(close(r.gpuExpertUtilisation, compute / phases))
  }

  @Test func duplexMovesFewestTokenExpertsToNDPWhileItsEstimateFalls() throws {
    // Link 1e9: T_w = 3005. Estimates: an expert on the GPU max(1010, 3005) = 3005, on NDP its
    // half slice 1520 (one group of 2 units).
    // Prefill [1, 0, 2]: 9015 -> k=2: max(6010, 1520) = 6010 -> k=1: max(3005, 3040) = 3040
    //   -> k=0: 4560, higher: k=1. Exactly: GPU 3005 + 1010 = 4015 | NDP 0, 2: 9 + 3040, back
    //   at 3049 (4 partial sums, 13): 3062; end 4015 + 8/3 = 4017.67, tp-lb's split too.
    // Decode [2, 0] and [3, 1], order by id: 6010 -> k=1: max(3005, 1520) = 3005 -> k=0: 3040,
    //   higher: k=1. Exactly: GPU 4015 | NDP 7 + 1520, back after the fetch (3005) + 9; end
    //   4015 + 4/3 = 4016.33, where tp-lb's k=0 ends at 7 + 3040 + 9 + 4/3 = 3057.33.
    let r = try evaluate(Toy.rich, [.duplex, .tpLB])
    let duplex = try #require(r[.duplex])
    let lb = try #require(r[.tpLB])
    #expect(close(duplex.e2eSeconds - lb.e2eSeconds, 2 * 2 * (4016 + 1.0 / 3 - (3057 + 1.0 / 3)) * us))
    // Every phase waits on its GPU experts: one fetch and one compute each.
    #expect(close(duplex.breakdown.weightFetch, 2 * 3 * 3005 * us))
    #expect(close(duplex.breakdown.expertsGPU, 2 * 3 * 1010 * us))
    #expect(close(duplex.breakdown.reduce, 2 * (8.0 / 3 + 2 * 4.0 / 3) * us))
  }

  @Test func expertStreamingOverlapsSliceReadsTransfersAndComputeAcrossTheGroupsExperts() throws {
    // Two units in one group, unit links at 1e9 B/s, a unit computing a whole expert for one token
    // in 1000 us (6e9 FLOP/s). Prompt tokens [0, 1] x 3 and [0, 2]: expert 0 has 4 tokens, 1 has 3,
    // 2 has 1. Per expert: its slice read 1500, the other slice over the unit link 1500, and
    // ceil(n / 2) tokens on the busier unit: 2000, 2000, 1000. Paired, the group takes the largest
    // sum, compute 5000 (reads and transfers 4500 each), plus 3 x 20 overhead: 5060 (each expert
    // alone would take 2020 + 2020 + 1520 = 5560). Four vectors out (8) and back (8), nothing
    // reduced on the units, the GPU adds 4 x 2/3: 5078.67.
    var knobs = Toy.Knobs()
    (knobs.unitLinkBytesPerSecond, knobs.ndpOverheadSeconds, knobs.promptTokens) = (1e9, 20e-6, 4)
    var point = Toy.point(knobs)
    point.hardware.ndp.peakFlopsPerSecond = 6e9
    let routing = Toy.routing(prefill: [[0, 1], [0, 1], [0, 1], [0, 2]])
    let stream = try #require(try Toy.schedule(point, .tpStream, routing: routing, step: 0, layer: 0))
    #expect(close(stream.seconds, (8 + 5060 + 8 + 8.0 / 3) * us))
    let unitTasks = stream.tasks.filter { $0.lane == .ndp(1) }
    #expect(unitTasks.count == 3)
    #expect(close(unitTasks.map { $0.end - $0.start }.reduce(0, +), 5060 * us))
    // The slices cross the unit links from the dispatch on: 3 x 1500.
    let streamed = stream.tasks.filter { $0.lane == .unitLinks }
    #expect(streamed.count == 1 && streamed[0].kind == .fetch)
    #expect(close(streamed[0].start, 8 * us) && close(streamed[0].end, (8 + 4500) * us))
    // tp spends 1500 + 20 on each expert's slice (its compute, 500 a token, stays below except
    // for expert 0: 2000): 5060 too, but reduces the partial sums on the unit links first (4 x 2).
    let tp = try #require(try Toy.schedule(point, .tp, routing: routing, step: 0, layer: 0))
    #expect(close(tp.seconds - stream.seconds, 8 * us))
    // Unit links at 5e8: transfers bound the group, 3 x 3000 + 60. At 2e9 the decode step [2, 0]
    // (one token each: 2 x 1000 compute, 2 x 750 transfers) is bound by its reads, 2 x 1500 + 40;
    // one vector out and back (2 + 2), reduced in 2/3.
    let transferBound: Double = 8 + 9060 + 8 + 8.0 / 3
    let readBound: Double = 2 + 3040 + 2 + 2.0 / 3
    var slowLinks = point
    slowLinks.hardware.ndp.unitLinkBandwidthBytesPerSecond = 5e8
    for (unitLink, step, expected) in [(5e8, 0, transferBound), (2e9, 1, readBound)] {
      var other = point
      other.hardware.ndp.unitLinkBandwidthBytesPerSecond = unitLink
      let s = try #require(try Toy.schedule(other, .tpStream, routing: routing, step: step, layer: 0))
      #expect(close(s.seconds, expected * us))
    }
    // What the transfers add beyond the units' own work is waiting for weights: prefill 9000 -
    // 5000, decode 6000 - 3000. The rest is the units' (5060 and 3040, as at 1e9).
    let slow = try #require(try Toy.evaluate(slowLinks, [.tpStream], routing: routing)[.tpStream])
    #expect(close(slow.breakdown.weightFetch, (4000 + 3000) * us))
    #expect(close(slow.breakdown.expertsNDP, (5060 + 3040) * us))
    // The decode step [2, 0] at 1e9: reads and transfers 3000 each, compute 2000: 3040.
    // Each expert's two 1.5 MB slices cross to the other unit: 3 + 2 experts, 15 MB at 1 pJ/B.
    let r = try #require(try Toy.evaluate(point, [.tpStream], routing: routing)[.tpStream])
    #expect(close(r.breakdown.expertsNDP, (5060 + 3040) * us))
    #expect(close(r.resources.unitLinkBytes, 5 * 3e6))
    #expect(close(r.energy.unitLink, 5 * 3e6 * 1e-12))
    // The one group's links are busy for its experts' transfers, 1500 each.
    #expect(close(r.resources.unitLinkBusySeconds, 5 * 1500 * us))
  }

  /// The rich toy for a learned predictor: link 1e10 (T_w = 305), a budget of 1 expert per layer,
  /// horizon 1.
  func predictorToy(accuracy: Double) -> DesignPoint {
    var knobs = Toy.rich
    knobs.linkBytesPerSecond = 1e10
    knobs.gpuExpertBudgetBytes = 2 * 3e6
    var point = Toy.point(knobs)
    point.options.prefetchHorizonLayers = 1
    point.options.predictorAccuracy = accuracy
    return point
  }

  @Test func predictedPrefetchMakesTheNextLayersRightGuessResident() throws {
    // Link 1e10 (T_w = 305), budget 1 expert per layer, horizon 1, accuracy 1. When prefill layer
    // 0 starts, the predictor guesses layer 1's top expert, 1: it moves in the link's idle time
    // between layer 0's fetches (until 610) and its partial sums (1525.2), so it is in when
    // layer 1 starts. Layer 0 runs tp-lb's split, 2326.33 (`loadBalancer...` above); layer 1
    // computes the resident 1 from its start (1010), fetches 0 (305) and computes it after
    // (2020), NDP 2 as before (1530.6): 2020 + 4/3 = 2021.33.
    var point = predictorToy(accuracy: 1)
    let routing = Toy.richRouting()
    let first = try #require(try Toy.schedule(point, .tpLBPP, routing: routing, step: 0, layer: 0))
    let second = try #require(try Toy.schedule(point, .tpLBPP, routing: routing, step: 0, layer: 1))
    #expect(close(first.seconds, (2326 + 1.0 / 3) * us))
    #expect(close(second.seconds, (2021 + 1.0 / 3) * us))
    // Always wrong: the guess moves all the same (3e6 B in the idle time) and is dropped when
    // layer 1 starts; layer 1 runs tp-lb's split.
    point.options.predictorAccuracy = 0
    let wrong = try #require(try Toy.schedule(point, .tpLBPP, routing: routing, step: 0, layer: 1))
    #expect(close(wrong.seconds, (2326 + 1.0 / 3) * us))
    let run = try #require(try Toy.evaluate(point, [.tpLBPP], routing: routing)[.tpLBPP])
    #expect(run.resources.linkToGPU.backgroundBytes >= 3e6)
  }

  @Test func offloadPredictedPrefetchMakesTheNextLayersRightGuessACacheHit() throws {
    // Link 1e10 (T_w = 305), cache of 1 expert per layer, horizon 1, accuracy 1. Prefill layer 0
    // (as gpu-offload): 1, 0, 2 fetched by 305, 610, 915, computed by 1315, 2325, 3335. The guess
    // for layer 1, its top expert 1, moves in the link's idle time after 915 and is in when layer
    // 1 starts: 1 computed from the start (1010), 0 and 2 fetched by 305 and 610, computed by
    // 2020 and 3030. gpu-offload's layer 1 repeats layer 0: 3335.
    var point = predictorToy(accuracy: 1)
    let routing = Toy.richRouting()
    let first = try #require(try Toy.schedule(point, .offloadPP, routing: routing, step: 0, layer: 0))
    let second = try #require(try Toy.schedule(point, .offloadPP, routing: routing, step: 0, layer: 1))
    let plain = try #require(try Toy.schedule(point, .gpuOffload, routing: routing, step: 0, layer: 1))
    #expect(close(first.seconds, 3335 * us))
    #expect(close(second.seconds, 3030 * us))
    #expect(close(plain.seconds, 3335 * us))
    // Always wrong: the guess moves all the same and returns nothing; layer 1 is gpu-offload's.
    point.options.predictorAccuracy = 0
    let wrong = try #require(try Toy.schedule(point, .offloadPP, routing: routing, step: 0, layer: 1))
    #expect(close(wrong.seconds, 3335 * us))
  }

  @Test func gpuOffloadFetchesMissesOneAfterAnotherWhileTheGPUComputes() throws {
    // Cache of 1 expert per layer. Prefill [1, 0, 2] all miss: arrivals 3005, 6010, 9015; the GPU
    // finishes 4015, 7020, 10025. The least-used are touched first: expert 1 stays cached.
    // Decode [2, 0] and [3, 1]: no hits; arrivals 3005, 6010; done 7020 each.
    var knobs = Toy.rich
    knobs.gpuExpertBudgetBytes = 2 * 3e6
    let r = try #require(evaluate(knobs, [.gpuOffload])[.gpuOffload])
    #expect(close(r.breakdown.expertsGPU, 2 * (3030 + 2 * 2020) * us))
    #expect(close(r.breakdown.weightFetch, 2 * (6995 + 2 * 5000) * us))
    #expect(r.prefetchHitRate == 0 && r.cacheHitRate == 0)
    // Seven fetched experts per layer; no activations cross the link.
    #expect(close(r.resources.linkToGPU.bytes, 2 * 7 * 3e6))
    #expect(r.resources.linkFromGPU.bytes == 0)
    // GPU busy with experts 3030 + 2020 + 2020 of 10025 + 7020 + 7020 per layer.
    #expect(close(r.gpuExpertUtilisation, 7070.0 / 24065))
  }

  @Test func mondeRunsPinnedExpertsOnTheGPUAndTheRestWithExpertParallelism() throws {
    // Budget 1 expert per layer: the profile's hottest, expert 0, is pinned.
    // Prefill: GPU 0 (1010) | unit 1 runs 1, unit 0 runs 2 (3020 each); vectors t0->1, t1->1,
    //   t1->0: 3 out (11), back (11), reduce 2: 3044.
    // Decode [2, 0]: GPU 0 | unit 0 runs 2: 7 + 3020 + 7 + 2/3. Decode [3, 1]: none pinned, both
    //   on unit 1: 7 + 6040 + 7 + 2/3.
    var knobs = Toy.rich
    knobs.gpuExpertBudgetBytes = 2 * 3e6
    let r = try #require(evaluate(knobs, [.monde])[.monde])
    #expect(close(r.breakdown.expertsNDP, 2 * (3020 + 3020 + 6040) * us))
    #expect(close(r.breakdown.dispatch, 2 * (11 + 7 + 7) * us))
    #expect(close(r.prefetchHitRate, 0.25))
    #expect(close(r.resources.gpuExpertSeconds, 2 * (1010 + 2 + 1010 + 2.0 / 3 + 2.0 / 3) * us))
  }

  @Test func contextPlacementKeepsThePrefillsMostImportantExpertOnTheGPUForTheDecode() throws {
    // One NDP unit, budget 1 expert per layer. Prefill importance (counts 1, 2, 1, 0 over 2;
    // scores 0.6, 0.9, 0.3, 0 over 0.9): 0.58, 1, 0.42, 0, so the decode's GPU set is {1}, where
    // the offline profile (which the prefill uses) pins 0. MoNDE with the prefill as its profile
    // pins 1 from the start; both decode phases must match it:
    //   [2, 0]: nothing on the GPU, both on the unit: 7 + 6040 + 7 + 2/3;
    //   [3, 1]: GPU 1 (1010, its copy arrived during the first decode step) | unit: 7 + 3020 + 7,
    //   then the reduction: 3034 + 2/3.
    var knobs = Toy.rich
    knobs.units = 1
    knobs.gpuExpertBudgetBytes = 2 * 3e6
    let point = Toy.point(knobs)
    let routing = Toy.richRouting()
    let prefillProfile = Toy.routing(
      prefill: [[0, 1], [1, 2]], decode: [[2, 0], [3, 1]], experts: 4, layers: 2, profile: [0.3, 0.5, 0.2, 0])
    for (step, expected) in [(1, 6054 + 2.0 / 3), (2, 3034 + 2.0 / 3)] {
      for layer in 0..<2 {
        let placed = try #require(
          try Toy.schedule(point, .ctxPlace, routing: routing, step: step, layer: layer))
        let monde = try #require(
          try Toy.schedule(point, .monde, routing: prefillProfile, step: step, layer: layer))
        #expect(close(placed.seconds, expected * us) && close(monde.seconds, expected * us))
      }
    }
    // Expert 1 of both layers loaded once, in the background; nothing computed at reduced precision.
    let r = try #require(evaluate(knobs, [.ctxPlace])[.ctxPlace])
    #expect(close(r.resources.linkToGPU.backgroundBytes, 2 * 3e6))
    #expect(r.reducedPrecisionScoreMass == 0)
  }

  @Test func contextPlacementReadsFewerBitsOfLessImportantNDPExperts() throws {
    // As above, with 2 bits on average over the 3 NDP experts (importance order 0, 2, 3): 4, 1, 1
    // bits plus 0.25 of scales, of the model's 8: shares 0.53125, 0.15625, 0.15625.
    //   [2, 0]: 7 + (1593.75 + 20) + (468.75 + 20) + 7 + 2/3;
    //   [3, 1], layer 0: GPU 1 (1010) outlasts the unit's 3 (7 + 488.75 + 7): 1010 + 2/3;
    //   [3, 1], layer 1: the faster decode leaves expert 1's copy for layer 1 still on the link
    //   (the two copies take 6010 from the prefill's end), so 1 runs on the unit, whole:
    //   7 + 3020 + 488.75 + 7 + 2/3.
    var knobs = Toy.rich
    knobs.units = 1
    knobs.gpuExpertBudgetBytes = 2 * 3e6
    var point = Toy.point(knobs)
    point.options.ndpAverageBits = 2
    let routing = Toy.richRouting()
    let expected = [
      (1, 0, 7 + 1613.75 + 488.75 + 7 + 2.0 / 3), (2, 0, 1010 + 2.0 / 3),
      (2, 1, 7 + 3020 + 488.75 + 7 + 2.0 / 3),
    ]
    for (step, layer, microseconds) in expected {
      let s = try #require(try Toy.schedule(point, .ctxPlace, routing: routing, step: step, layer: layer))
      #expect(close(s.seconds, microseconds * us), "step \(step), layer \(layer)")
    }
    // The prefill reads whole experts (1 and 2 per layer); the decode the shares above, and layer
    // 1's expert 1 whole; the GPU set's copies (3e6 B per layer) are read from NDP memory too.
    let r = try #require(try Toy.evaluate(point, [.ctxPlace], routing: routing)[.ctxPlace])
    let perLayer = 2 * 3e6 + (0.53125 + 0.15625 + 0.15625) * 3e6 + 3e6
    #expect(close(r.energy.ndpDRAM, (2 * perLayer + 3e6) * 1e-12))
    #expect(close(r.reducedPrecisionScoreMass, 2 * (0.9 + 0.6) / (4 * 2 * 0.9)))
  }

  @Test func bitBudgetGivesTheMostImportantExpertsFourBitsFirst() {
    #expect(BitBudget(averageBits: 2).allocate(count: 3) == [4, 1, 1])
    #expect(BitBudget(averageBits: 3).allocate(count: 4) == [4, 4, 3, 1])
    #expect(BitBudget(averageBits: 2.5).allocate(count: 4) == [4, 4, 1, 1])
    #expect(BitBudget(averageBits: 4).allocate(count: 2) == [4, 4])
    #expect(BitBudget(averageBits: 1).allocate(count: 2) == [1, 1])
    #expect(BitBudget(averageBits: 3).allocate(count: 0) == [])
  }

  @Test func oracleDividesAllBytesIncludingSharedExpertsOverAllBandwidth() throws {
    // One shared expert of the same size. Decode [2, 0]: 2 routed + 1 shared = 9e6 B over
    // 3e9 + 2 x 1e9 + 1e10 = 1.5e10 B/s: 600 us (400 us without the shared expert's bytes).
    var knobs = Toy.rich
    knobs.sharedFFN = 1000
    let s = try #require(
      try Toy.schedule(Toy.point(knobs), .oracle, routing: Toy.richRouting(), step: 1, layer: 0))
    #expect(close(s.seconds, 600 * us))
    // Bytes by bandwidth share: GPU 3/15, NDP 2/15, host 10/15 of the routed 6e6 B.
    let r = try #require(evaluate(knobs, [.oracle])[.oracle])
    let routedBytes = 2 * (3 + 2 + 2) * 3e6
    #expect(close(r.energy.hostDRAM, routedBytes * 10 / 15 * 1e-12))
    #expect(close(r.energy.ndpDRAM, routedBytes * 2 / 15 * 1e-12))
  }

  @Test func hostAssistComputesMissesOnTheCPUWhenThatEndsThePhaseSooner() throws {
    // smoe, nothing cached (cache of 0), no substitution, no prediction. Prefill misses [1, 0, 2]:
    //   k=0 (all on the host): 2 vectors out (9) + 3 x 300 + 2 back (9) + reduce 4/3 = 919.33;
    //   k=1: GPU 3005 + 1010 already longer. Decode: 7 + 600 + 7 + 2/3 = 614.67.
    let r = try #require(Toy.evaluate(Toy.hostAssistOnly(), [.smoe], routing: Toy.richRouting())[.smoe])
    #expect(close(r.breakdown.expertsHost, 2 * (900 + 2 * 600) * us))
    #expect(close(r.breakdown.dispatch, 2 * (9 + 7 + 7) * us))
    #expect(close(r.resources.hostBusySeconds, 2 * (900 + 2 * 600) * us))
    #expect(r.resources.linkToGPU.backgroundBytes == 0)
  }

  @Test func hostEfficiencyScalesTheHostRoofline() throws {
    var point = Toy.hostAssistOnly()
    point.hardware.host.memoryEfficiency = 0.5
    let r = try #require(Toy.evaluate(point, [.smoe], routing: Toy.richRouting())[.smoe])
    #expect(close(r.breakdown.expertsHost, 2 * (1800 + 2 * 1200) * us))
  }

  @Test func decodeAttentionReadsTheGrowingKVCache() {
    // Each decode step attends to one more position: the KV cache read grows by kv bytes per
    // token and layer (2 x kv heads x head dim x 2 B = 32 B), at 3e9 B/s.
    let point = Toy.point(Toy.rich)
    let cost = CostModel(point: point, tpDegree: 2)
    let nonExpert = NonExpertCosts(point: point, cost: cost, steps: 3)
    #expect(close(nonExpert.attentionSeconds[2] - nonExpert.attentionSeconds[1], 32 / 3e9))
  }

  @Test func breakdownAddsUpToEndToEnd() throws {
    var knobs = Toy.rich
    knobs.linkBytesPerSecond = 1e10
    knobs.gpuExpertBudgetBytes = 2 * 3e6
    for (_, r) in try evaluate(knobs, PolicyName.allCases) {
      #expect(close(r.breakdown.total, r.e2eSeconds))
      #expect(close(r.ttftSeconds + 2 * r.tpotSeconds, r.e2eSeconds))
    }
  }

  @Test func rooflineIsMemoryBoundUntilTheRidgePoint() {
    // 1 GB at 1e9 B/s is 1 s; 1e9 FLOP at 1e12 FLOP/s is 1 ms; the max wins.
    #expect(
      rooflineSeconds(bytes: 1e9, flops: 1e9, secondsPerByte: 1e-9, secondsPerFlop: 1e-12, overhead: 0) == 1)
    #expect(
      rooflineSeconds(bytes: 1, flops: 1e12, secondsPerByte: 1e-9, secondsPerFlop: 1e-12, overhead: 0.5)
        == 1.5)
  }
}
