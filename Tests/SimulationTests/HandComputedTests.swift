import NDPModel
import Routing
import Testing

@testable import Simulation

/// Expert-phase times of every policy on the toy point, computed by hand from the formulas.
/// Prefill routes one token to experts [0, 1]; the decode step routes one token to [2, 0].
@Suite struct HandComputedTests {
  let tolerance = 1e-12

  func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= tolerance + 1e-9 * abs(b) }

  @Test func expertParallelWaitsForTheBusiestUnit() throws {
    // 2 units, expert e on unit e mod 2. Prefill: 0 -> unit 0, 1 -> unit 1, 3 ms each, in
    // parallel. Decode: 2 and 0 both on unit 0: 6 ms while unit 1 idles (imbalance 6 / 3 = 2).
    let r = try #require(Toy.evaluate(Toy.point(units: 2), [.ep])[.ep])
    #expect(close(r.breakdown.expertsNDP, 3 * Toy.ms + 6 * Toy.ms))
    // Dispatch and return: 2 tokens x 2000 bytes at 1e9 B/s = 4 us each way, per step.
    #expect(close(r.breakdown.dispatch, 2 * 4 * Toy.us))
    #expect(close(r.breakdown.reduce, 2 * 4 * Toy.us))
    // max / mean over the two expert phases: (3 + 6) / ((3 + 3) / 2 + (6 + 0) / 2).
    #expect(close(r.ndpImbalance, 9.0 / 6.0))
    #expect(r.gpuExpertUtilisation == 0)
  }

  @Test func tensorParallelSplitsEveryExpertAndPaysTheReduction() throws {
    // T = 2: each expert is two 1.5 ms slices, one per unit; two experts -> 3 ms per step.
    // Return: 2 units x 2 tokens x 2000 B = 8000 B -> 8 us, plus the GPU reading 8000 B at
    // 3e9 B/s to reduce. Dispatch is broadcast once: 4000 B -> 4 us.
    let r = try #require(Toy.evaluate(Toy.point(units: 2), [.tp])[.tp])
    #expect(close(r.breakdown.expertsNDP, 2 * 3 * Toy.ms))
    #expect(close(r.breakdown.dispatch, 2 * 4 * Toy.us))
    #expect(close(r.breakdown.reduce, 2 * (8 * Toy.us + 8000 / 3e9)))
    #expect(close(r.ndpImbalance, 1))
  }

  @Test func tensorParallelDegreeOneIsExpertParallel() throws {
    let results = try Toy.evaluate(Toy.point(units: 2, tpDegree: 1), [.ep, .tp])
    #expect(results[.tp]!.e2eSeconds == results[.ep]!.e2eSeconds)
    #expect(results[.tp]!.breakdown == results[.ep]!.breakdown)
  }

  @Test func loadBalancerMovesOneExpertToTheGPUWhenTheLinkIsFast() throws {
    // Link 1e10 B/s: T_w = 0.3 ms, so a fetched expert costs 0.3 + 1 = 1.3 ms on the GPU.
    // Prefill candidates (order [0, 1]):
    //   k=0: all on NDP: 4000 B out (0.4 us) + 3 ms + 8000 B back (0.8 us) + reduce 8000/3e9
    //   k=1: GPU 1.3 ms | NDP 1.5 ms: 0.2 us + 1.5 ms + 0.4 us + 4000/3e9
    //   k=2: GPU 2.6 ms.
    // k=1 wins. The decode step has the same shape.
    let point = Toy.point(units: 2, linkBytesPerSecond: 1e10)
    let r = try #require(Toy.evaluate(point, [.tpLB])[.tpLB])
    let phase = 0.2 * Toy.us + 1.5 * Toy.ms + 0.4 * Toy.us + 4000 / 3e9
    #expect(close(r.breakdown.dispatch + r.breakdown.expertsNDP + r.breakdown.reduce, 2 * phase))
    #expect(close(r.breakdown.expertsNDP, 2 * 1.5 * Toy.ms))
    // GPU busy 1.3 of 1.5 ms in each expert phase.
    #expect(close(r.gpuExpertUtilisation, 1.3 / 1.5))
  }

  @Test func loadBalancerKeepsEverythingOnNDPWhenFetchingIsSlow() throws {
    // Link 1e9 B/s: T_w = 3 ms; k=1 would take GPU 4 ms > 3 ms all-NDP, so tp-lb = tp.
    let results = try Toy.evaluate(Toy.point(units: 2), [.tp, .tpLB])
    #expect(results[.tpLB]!.e2eSeconds == results[.tp]!.e2eSeconds)
  }

  @Test func mondePinsTheProfileHotExpertAndRunsTheRestWithExpertParallelism() throws {
    // Budget for one expert per layer: the profile's hottest, expert 0, is pinned.
    // Prefill: expert 0 on the GPU (1 ms) || expert 1 on unit 1 (3 ms); 1 token out and back.
    // Decode: expert 0 on the GPU (1 ms) || expert 2 on unit 0 (3 ms).
    let point = Toy.point(units: 2, gpuExpertBudgetBytes: 3e6)
    let r = try #require(Toy.evaluate(point, [.monde])[.monde])
    #expect(close(r.breakdown.expertsNDP, 2 * 3 * Toy.ms))
    #expect(close(r.breakdown.dispatch, 2 * 2 * Toy.us))
    #expect(close(r.breakdown.reduce, 2 * 2 * Toy.us))
    #expect(close(r.gpuExpertUtilisation, 2.0 / 6.0))
    // Decode: one of two activations (expert 0) was resident.
    #expect(close(r.prefetchHitRate, 0.5))
  }

  @Test func gpuOffloadFetchesMissesAndKeepsTheMostRecentlyUsed() throws {
    // Cache of one expert. Prefill: 0 and 1 both miss: 2 x (3 ms fetch + 1 ms) = 8 ms. The
    // most-used (ties: lower id) is touched last, so expert 0 stays. Decode: 0 hits (1 ms), 2
    // misses (4 ms).
    let point = Toy.point(units: 2, gpuExpertBudgetBytes: 3e6)
    let r = try #require(Toy.evaluate(point, [.gpuOffload])[.gpuOffload])
    #expect(close(r.breakdown.weightFetch, 3 * 3 * Toy.ms))
    #expect(close(r.breakdown.expertsGPU, 4 * Toy.ms))
    #expect(r.breakdown.expertsNDP == 0)
    #expect(r.breakdown.dispatch == 0)
    #expect(close(r.prefetchHitRate, 0.5))
    // Link: three fetched experts over two output tokens.
    #expect(close(r.linkBytesPerToken, 3 * 3e6 / 2))
  }

  @Test func prefetchLoadsThePrefillFavouritesAndWaitsForThemOnce() throws {
    // Budget one expert: after the prefill, expert 0 (count 1, tie with 1 broken by id) is
    // fetched: 3 ms on the link, starting when the prefill's layer finishes.
    // Decode [2, 0]: order [0 (resident), 2]. Candidates:
    //   k=0: 4000 B (4 us) + NDP 3 ms + 8 us + 8000/3e9
    //   k=1: expert 0 on the GPU, 1 ms | expert 2 on NDP 1.5 ms: 2 us + 1.5 ms + 4 us + 4000/3e9
    //   k=2: GPU 1 + 4 = 5 ms.
    let point = Toy.point(units: 2, gpuExpertBudgetBytes: 3e6)
    let results = try Toy.evaluate(point, [.tpLBPF, .tpLB])
    let r = try #require(results[.tpLBPF])
    let decodePhase = 2 * Toy.us + 1.5 * Toy.ms + 4 * Toy.us + 4000 / 3e9
    let prefillPhase = 4 * Toy.us + 3 * Toy.ms + 8 * Toy.us + 8000 / 3e9
    #expect(close(r.breakdown.expertsNDP, 3 * Toy.ms + 1.5 * Toy.ms))
    #expect(
      close(
        r.breakdown.dispatch + r.breakdown.expertsNDP + r.breakdown.reduce,
        prefillPhase + decodePhase))
    // The 3 ms prefetch outlasts the decode step's attention and router, so the decode waits.
    #expect(r.breakdown.weightFetch > 0)
    #expect(close(r.prefetchHitRate, 0.5))
    // Same prefill as tp-lb.
    #expect(r.ttftSeconds == results[.tpLB]!.ttftSeconds)
  }

  @Test func oracleDividesAllBytesOverAllBandwidth() throws {
    // Each step reads two experts (6e6 B) over GPU 3e9 + 2 NDP x 1e9 + host 1e10 B/s = 0.4 ms.
    let r = try #require(Toy.evaluate(Toy.point(units: 2), [.oracle])[.oracle])
    #expect(close(r.breakdown.expertsGPU, 2 * 0.4 * Toy.ms))
    #expect(r.breakdown.dispatch == 0 && r.breakdown.reduce == 0 && r.breakdown.weightFetch == 0)
  }

  @Test func breakdownAddsUpToEndToEnd() throws {
    let point = Toy.point(units: 2, linkBytesPerSecond: 1e10, gpuExpertBudgetBytes: 3e6)
    for (_, r) in try Toy.evaluate(point, PolicyName.allCases) {
      #expect(close(r.breakdown.total, r.e2eSeconds))
      #expect(close(r.ttftSeconds + r.tpotSeconds, r.e2eSeconds))
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
