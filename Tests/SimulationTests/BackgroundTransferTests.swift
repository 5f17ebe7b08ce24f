import NDPModel
import Routing
import Testing

@testable import Simulation

/// Prefetches and cache fills move in the link's idle time and count only once they have arrived.
@Suite struct BackgroundTransferTests {
  @Test func thePrefetchSharesTheLinkWithThePrefillsOwnTransfers() throws {
    // Rich toy, budget 1 expert per layer: the prefetch set is expert 1 (most prefill tokens).
    // Prefill layer 0 (tp-lb, link 1e9, see HandComputedTests): the GPU fetches expert 1 (3005 us
    // on the link), NDP runs 0 and 2; the phase ends at about 4018 us. Layer 0's prefetch (3005
    // us) then gets only the idle link: layer 1 fetches for 3005 us and returns at ~3049-3062 us
    // into its phase, so the prefetch ends ~6023 us after layer 1 starts, well after the prefill
    // ends (~4018 us after it) and the first decode step [1, 3] begins: expert 1 is not there.
    // Had the prefetch had the link to itself it would have ended ~1000 us before. By decode
    // step 3 ([1, 2], ~12 ms later) it has arrived: 1 of 6 decode activations per layer is resident.
    var knobs = Toy.rich
    knobs.gpuExpertBudgetBytes = 2 * 3e6
    knobs.outputTokens = 4
    let point = Toy.point(knobs)
    let routing = Toy.routing(
      prefill: [[0, 1], [1, 2]], decode: [[1, 3], [2, 0], [1, 2]], experts: 4, layers: 2)
    let results = try Toy.evaluate(point, [.tpLBPF, .tpLB], routing: routing)
    let pf = try #require(results[.tpLBPF])
    #expect(pf.ttftSeconds == results[.tpLB]!.ttftSeconds)
    let first = try #require(try Toy.schedule(point, .tpLBPF, routing: routing, step: 1, layer: 0))
    #expect(!first.tasks.contains { $0.lane == .gpu && $0.expert == 1 })
    let third = try #require(try Toy.schedule(point, .tpLBPF, routing: routing, step: 3, layer: 0))
    #expect(third.tasks.contains { $0.lane == .gpu && $0.expert == 1 })
    #expect(!third.tasks.contains { $0.kind == .fetch && $0.expert == 1 })
    #expect(abs(pf.prefetchHitRate - 1.0 / 6) < 1e-12)
    // Both layers' prefetches moved: 2 x 3e6 B in the background.
    #expect(abs(pf.resources.linkToGPU.backgroundBytes - 6e6) < 1e-3)
  }

  /// tp-lb-pf on one layer, a budget of 1 expert (the prefetch set is expert 1), NDP overhead 2 ms:
  /// the prefill queues expert 1's copy (3005 us) when its phase ends, and it has moved only for
  /// the LM head, attention and router (tens of us) when decode step 1 [1, 3] starts. That phase
  /// fetches expert 1 for compute (0-3005 us; 3.5 ms on NDP would end later) and runs 3 on NDP
  /// (until 3507 us): the copy is moot from the phase's start and must not take the link's idle
  /// time after the fetch (3005-3507 us, half a copy, had it been cancelled only with the phase).
  @Test func aCopyOfAnExpertFetchedForComputeStopsAtThePhasesStart() throws {
    var knobs = Toy.rich
    knobs.layers = 1
    knobs.gpuExpertBudgetBytes = 3e6
    knobs.ndpOverheadSeconds = 2e-3
    let point = Toy.point(knobs)
    let routing = Toy.routing(
      prefill: [[0, 1], [1, 2]], decode: [[1, 3], [1, 2]], experts: 4, layers: 1)
    let step1 = try #require(try Toy.schedule(point, .tpLBPF, routing: routing, step: 1, layer: 0))
    #expect(step1.tasks.contains { $0.kind == .fetch && $0.expert == 1 })
    #expect(
      step1.tasks.contains { $0.lane == .ndp(0) && $0.expert == 3 && abs($0.end - 3507 * Toy.us) < 1e-9 })
    #expect(!step1.tasks.contains { $0.kind == .prefetch }, "the moot copy moved during the phase")
    let result = try #require(try Toy.evaluate(point, [.tpLBPF], routing: routing)[.tpLBPF])
    // What moved before step 1: under 100 us of the copy's 3005 (502 us more had it kept moving).
    #expect(result.resources.linkToGPU.backgroundBytes < 3e6 * 100 / 3005)
  }

  /// smoe, a cache of 1 expert per layer, no substitution or prediction; host 1e10 B/s (0.3 ms an
  /// expert). Prefill misses [1, 0, 2] all go to the host (2 vectors out, 900 us, 2 back: ~919 us;
  /// fetching expert 1 first would take 305 + 1010 us or more); expert 1 (most tokens) is admitted.
  /// Decode [1, 3] four times.
  func smoeFill(linkBytesPerSecond: Double) throws -> PolicyResult {
    let point = smoeCacheOfOne(linkBytesPerSecond: linkBytesPerSecond, promptTokens: 2, outputTokens: 5)
    let routing = Toy.routing(
      prefill: [[0, 1], [1, 2]], decode: [[UInt16]](repeating: [1, 3], count: 4), experts: 4, layers: 2)
    return try #require(Toy.evaluate(point, [.smoe], routing: routing)[.smoe])
  }

  @Test func aHostComputedExpertIsFilledIntoTheCacheWhenTheLinkHasRoom() throws {
    // Link 1e10: the fill takes 305 us, within the ~919 us phase, so it is queued, moves on the
    // idle link and is there a step later: expert 1 hits at every decode step of both layers
    // (8 of 16 activations). Expert 3 finds the cache full of protected experts and is not kept.
    let r = try smoeFill(linkBytesPerSecond: 1e10)
    #expect(abs(r.cacheHitRate - 8.0 / 16) < 1e-12)
    #expect(abs(r.resources.linkToGPU.backgroundBytes - 2 * 3e6) < 1e-3)
  }

  @Test func aHostComputedExpertIsNotLoadedWhenTheLinkHasNoRoom() throws {
    // Link 1e8: a fill would take 30 ms, longer than the ~1 ms phase: no fill is queued, the slot
    // stays empty and expert 1 never hits; nothing moves in the background.
    let r = try smoeFill(linkBytesPerSecond: 1e8)
    #expect(r.cacheHitRate == 0)
    #expect(r.resources.linkToGPU.backgroundBytes == 0)
  }

  /// smoe, a cache of 1 expert per layer, no substitution or prediction. The prefill's 100 tokens
  /// [0, 1] are fetched to the GPU (2 x 1 ms of GPU work beats 6 ms of host work per expert), and
  /// only expert 0 is admitted: the cache is full of experts the phase uses. Decode [1, 2] three
  /// times: each token's two experts run on the host (0.3 ms each; a fetch and GPU run takes over
  /// 1 ms); expert 1 is admitted (evicting 0), 2 is not.
  let readmissionRouting = Toy.routing(
    prefill: [[UInt16]](repeating: [0, 1], count: 100), decode: [[UInt16]](repeating: [1, 2], count: 3),
    experts: 4, layers: 2)

  /// The rich toy's smoe with a cache of 1 expert per layer, no substitution, no prediction.
  func smoeCacheOfOne(linkBytesPerSecond: Double, promptTokens: Int, outputTokens: Int) -> DesignPoint {
    var knobs = Toy.rich
    knobs.linkBytesPerSecond = linkBytesPerSecond
    knobs.promptTokens = promptTokens
    knobs.outputTokens = outputTokens
    var point = Toy.point(knobs)
    point.options.cacheExpertsPerLayer = 1
    point.options.substitutionAlpha = 0
    point.options.prefetchAccuracy = 0
    return point
  }

  @Test func anExpertFetchedButNotAdmittedLeavesNoDataBehind() throws {
    // Link 4e9: the fill of expert 1 at the first decode step would take 755 us, more than the
    // ~0.6 ms phase: none is queued. The prefill's fetch of expert 1 was not kept (it was not
    // admitted), so expert 1 is cached from then on but its data never reaches GPU memory: no hit.
    let routing = readmissionRouting
    let slowLink = smoeCacheOfOne(linkBytesPerSecond: 4e9, promptTokens: 100, outputTokens: 4)
    let prefill = try #require(try Toy.schedule(slowLink, .smoe, routing: routing, step: 0, layer: 0))
    #expect(prefill.tasks.contains { $0.kind == .fetch && $0.expert == 1 })
    let slow = try #require(Toy.evaluate(slowLink, [.smoe], routing: routing)[.smoe])
    #expect(slow.cacheHitRate == 0)
    #expect(slow.resources.linkToGPU.backgroundBytes == 0)
    // Link 1e10: the fill (305 us) fits, moves in the idle link, and expert 1 hits at the last two
    // decode steps of both layers (4 of 12 decode activations).
    let fastLink = smoeCacheOfOne(linkBytesPerSecond: 1e10, promptTokens: 100, outputTokens: 4)
    let fast = try #require(Toy.evaluate(fastLink, [.smoe], routing: routing)[.smoe])
    #expect(abs(fast.resources.linkToGPU.backgroundBytes - 2 * 3e6) < 1e-3)
    #expect(abs(fast.cacheHitRate - 4.0 / 12) < 1e-12)
  }
}
