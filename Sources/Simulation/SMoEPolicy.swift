import NDPModel
import Routing

/// Which smoe mechanisms a variant has; each ablation adds one.
public protocol SMoEFeatures {
  static var name: PolicyName { get }
  static var substitutes: Bool { get }
  static var prefetchesNextLayer: Bool { get }
  static var computesMissesOnHost: Bool { get }
}

/// `smoe-evict`: offloading with the score-based cache only.
public enum ScoreEviction: SMoEFeatures {
  public static let name = PolicyName.smoeEvict
  public static let substitutes = false
  public static let prefetchesNextLayer = false
  public static let computesMissesOnHost = false
}

/// `smoe-sub`: + substitution.
public enum ScoreEvictionSubstitution: SMoEFeatures {
  public static let name = PolicyName.smoeSub
  public static let substitutes = true
  public static let prefetchesNextLayer = false
  public static let computesMissesOnHost = false
}

/// `smoe-pf`: + next-layer prefetch.
public enum ScoreEvictionSubstitutionPrefetch: SMoEFeatures {
  public static let name = PolicyName.smoePF
  public static let substitutes = true
  public static let prefetchesNextLayer = true
  public static let computesMissesOnHost = false
}

/// `smoe`: + host-CPU computation of misses.
public enum FullSMoE: SMoEFeatures {
  public static let name = PolicyName.smoe
  public static let substitutes = true
  public static let prefetchesNextLayer = true
  public static let computesMissesOnHost = true
}

/// The smoe family (Zhu et al., arXiv 2508.18983) on GPU + host memory, token by token:
/// 1. each token's low-score misses may be substituted (`SubstitutionRule`);
/// 2. cached experts run on the GPU; misses are fetched over the link (T_w each) or, with host
///    assist, computed on the host CPU, split so that max(GPU side, host side) is least (fewest
///    tokens go to the CPU first);
/// 3. with prefetch, `prefetch_accuracy` of a layer's fetches were predicted during the previous
///    layer and their transfer hides behind it (at most that layer's time);
/// 4. the router's activated experts of the layer enter the cache (admission by importance, not
///    by what was loaded, so the cache's contents do not depend on alpha or on the host split),
///    evicting the lowest mean gate score over the window, never one of the router's experts of
///    the current layer; an admitted expert that was not fetched for compute is loaded in the
///    background (its link traffic and energy count, its time does not).
public struct SMoEPolicy<Features: SMoEFeatures>: PlacementPolicy {
  public static var name: PolicyName { Features.name }
  private let cache: ScoreCache
  private var previousSeconds = 0.0

  public init(context: SimulationContext) {
    let options = context.point.options
    cache = ScoreCache(
      layers: context.table.layers, experts: context.table.experts,
      capacity: options.cacheExpertsPerLayer ?? context.gpuExpertsPerLayer,
      window: options.evictionWindowSteps)
  }

  /// The tokens of `step`: every prompt token of every request, or one decode token each.
  static func tokens(_ routing: Routing, step: Int) -> [(block: RouteBlock, token: Int)] {
    routing.requests.flatMap { request -> [(RouteBlock, Int)] in
      step == 0 ? (0..<request.prefill.tokens).map { (request.prefill, $0) } : [(request.decode, step - 1)]
    }
  }

  public mutating func expertPhase(step: Int, layer: Int, context: SimulationContext) -> LayerOutcome {
    let decision = decide(step: step, layer: layer, context: context)
    var outcome = decision.0
    let loaded = decision.1
    let routed = decision.2
    let scores = decision.3
    cache.record(layer: layer, scores: scores)
    let fetched = Set(loaded)
    var background = 0
    for expert in 0..<routed.count where routed[expert] && !cache.contains(layer: layer, expert: expert) {
      if cache.insert(layer: layer, expert: expert, protected: { routed[$0] }) && !fetched.contains(expert) {
        background += 1
      }
    }
    let bytes = Double(background) * context.cost.expertWeightBytes
    outcome.linkBytes += bytes
    outcome.fetchedBytes += bytes
    outcome.gpuBytes += bytes
    previousSeconds = outcome.seconds
    return outcome
  }

  /// The decision for one layer-step without changing the cache.
  func decide(step: Int, layer: Int, context: SimulationContext) -> (LayerOutcome, [Int], [Bool], [Double]) {
    let experts = context.table.experts
    let topK = context.table.topK
    let alpha = context.point.options.substitutionAlpha
    let tokens = Self.tokens(context.routing, step: step)
    var activated = [Bool](repeating: false, count: experts)
    for (block, token) in tokens {
      let base = block.base(token: token, layer: layer)
      for slot in 0..<topK { activated[Int(block.experts[base + slot])] = true }
    }
    var counts = [Int32](repeating: 0, count: experts)
    var scores = [Double](repeating: 0, count: experts)
    // `activated` is the router's own choice (before substitution): it decides what the cache
    // admits and protects, so the cache never depends on alpha.
    var outcome = LayerOutcome()
    for (block, token) in tokens {
      let base = block.base(token: token, layer: layer)
      let ranked = block.experts[base..<base + block.width]
      let rankedScores = block.scores[base..<base + block.width]
      for (id, score) in zip(ranked, rankedScores) { scores[Int(id)] += Double(score) }
      let result = SubstitutionRule.apply(
        experts: ranked, scores: rankedScores, topK: topK, alpha: Features.substitutes ? alpha : 0,
        available: { cache.contains(layer: layer, expert: $0) || activated[$0] },
        needsReplacing: { !cache.contains(layer: layer, expert: $0) })
      for expert in result.experts { counts[expert] += 1 }
      outcome.substituted += result.substituted
      outcome.substitutedMass += result.substitutedMass
      outcome.activatedMass += result.mass
    }

    let cost = context.cost
    let host = context.point.hardware.host
    var gpu = context.nonExpert.sharedExpertSeconds[step]
    var misses: [(expert: Int, tokens: Int32)] = []
    for expert in 0..<experts where counts[expert] > 0 {
      outcome.activations += Int(counts[expert])
      if cache.contains(layer: layer, expert: expert) {
        outcome.cacheHits += Int(counts[expert])
        gpu += cost.gpuExpertSeconds(tokens: counts[expert])
        outcome.gpuBytes += cost.expertWeightBytes
        outcome.gpuFlops += Double(counts[expert]) * cost.expertFlopsPerToken
      } else {
        misses.append((expert, counts[expert]))
      }
    }
    outcome.residentActivations = outcome.cacheHits
    // Fewest tokens first: those are the cheapest to compute on the host CPU.
    misses.sort { $0.tokens != $1.tokens ? $0.tokens < $1.tokens : $0.expert < $1.expert }
    let hostSecondsPerByte = 1 / host.memoryBandwidthBytesPerSecond
    let hostSecondsPerFlop = 1 / host.peakFlopsPerSecond
    func hostSeconds(_ n: Int32) -> Double {
      rooflineSeconds(
        bytes: cost.expertWeightBytes, flops: Double(n) * cost.expertFlopsPerToken,
        secondsPerByte: hostSecondsPerByte, secondsPerFlop: hostSecondsPerFlop, overhead: 0)
    }
    let hideable =
      Features.prefetchesNextLayer
      ? previousSeconds + context.nonExpert.attentionSeconds[step] + context.nonExpert.routerSeconds[step] : 0
    func sides(_ onHost: Int) -> (gpu: Double, fetch: Double, host: Double) {
      var cpu = 0.0
      for miss in misses.prefix(onHost) { cpu += hostSeconds(miss.tokens) }
      var compute = 0.0
      for miss in misses.dropFirst(onHost) { compute += cost.gpuExpertSeconds(tokens: miss.tokens) }
      let loads = misses.count - onHost
      var fetch = Double(loads) * cost.expertFetchSeconds
      if Features.prefetchesNextLayer {
        let predicted = (Double(loads) * context.point.options.prefetchAccuracy).rounded()
        fetch -= min(predicted * cost.expertFetchSeconds, hideable)
      }
      return (gpu + compute + fetch, fetch, cpu)
    }
    var onHost = 0
    if Features.computesMissesOnHost && !misses.isEmpty {
      var best = Double.infinity
      for j in 0...misses.count {
        let s = sides(j)
        let seconds = max(s.gpu, s.host)
        if seconds < best {
          best = seconds
          onHost = j
        }
      }
    }
    let chosen = sides(onHost)
    outcome.gpuSeconds = chosen.gpu
    outcome.gpuFetchSeconds = chosen.fetch
    outcome.hostSeconds = chosen.host
    let loaded = misses.dropFirst(onHost).map(\.expert)
    outcome.linkBytes = Double(loaded.count) * cost.expertWeightBytes
    outcome.fetchedBytes = Double(misses.count) * cost.expertWeightBytes
    outcome.gpuBytes += 2 * Double(loaded.count) * cost.expertWeightBytes
    for miss in misses.dropFirst(onHost) {
      outcome.gpuFlops += Double(miss.tokens) * cost.expertFlopsPerToken
    }
    return (outcome, loaded, activated, scores)
  }

  public func explain(step: Int, layer: Int, context: SimulationContext) -> LayerSchedule {
    let (outcome, _, _, _) = decide(step: step, layer: layer, context: context)
    var tasks: [LayerSchedule.Task] = []
    if outcome.gpuFetchSeconds > 0 {
      tasks.append(.init(lane: .link, kind: .fetch, start: 0, end: outcome.gpuFetchSeconds, expert: nil))
    }
    tasks.append(.init(lane: .gpu, kind: .compute, start: 0, end: outcome.gpuSeconds, expert: nil))
    return LayerSchedule(policy: Self.name, step: step, layer: layer, ndpUnits: 0, tasks: tasks)
  }
}
