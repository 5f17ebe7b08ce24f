import NDPModel
import Routing

/// `tp-lb-pf-sub`: the seed paper's framework plus substitution (a combination neither paper
/// evaluated). A low-score expert that is not resident on the GPU is replaced, when the rule
/// allows, by a candidate that is prefetched or another token's activated expert, instead of being
/// sent to the NDP units. The prefetched set is fixed once the prefill is known, so the routing is
/// rewritten once (`SubstitutedPrefetch`, shared by every point of the workload); `tp-lb-pf` then
/// runs on the result.
public struct SubstitutingPrefetchPolicy: PlacementPolicy {
  public static let name = PolicyName.tpLBPFSub
  private var inner: PrefetchPolicy
  private let substituted: SimulationContext
  private let statistics: [SubstitutionTally]

  public init(context: SimulationContext) {
    let alpha = context.point.options.substitutionAlpha
    let gpuExperts = context.gpuExpertsPerLayer
    let rewrite = context.workload.decisions.value(.substitutedPrefetch(alpha: alpha, gpuExperts: gpuExperts))
    {
      SubstitutedPrefetch(workload: context.workload, alpha: alpha, gpuExperts: gpuExperts)
    }
    statistics = rewrite.statistics
    substituted = context.with(workload: rewrite.workload)
    inner = PrefetchPolicy(context: substituted)
  }

  public mutating func expertPhase(
    _ phase: PhaseStart, links: inout LinkTimeline, totals: inout RunTotals, context: SimulationContext
  ) -> Double {
    totals.substitution.add(statistics[phase.step * substituted.table.layers + phase.layer])
    return inner.expertPhase(phase, links: &links, totals: &totals, context: substituted)
  }

  public func describeLastPhase(step: Int, layer: Int, context: SimulationContext) -> LayerSchedule {
    var schedule = inner.describeLastPhase(step: step, layer: layer, context: substituted)
    schedule.policy = Self.name
    return schedule
  }
}

/// `tp-lb-pf-sub`'s routing: the prefill rewritten against nothing resident, then the prefetch set
/// from the rewritten prefill's counts, then the decode against that set; and the substitutions
/// of each phase.
final class SubstitutedPrefetch: Decisions {
  let workload: PreparedWorkload
  let statistics: [SubstitutionTally]
  /// Whether `workload` is this object's own rewritten one (else the original's, not counted).
  private let ownsWorkload: Bool

  var approximateBytes: Int { (ownsWorkload ? workload.routingBytes : 0) + 24 * statistics.count }

  init(workload original: PreparedWorkload, alpha: Double, gpuExperts: Int) {
    var routing = original.routing
    let layers = routing.layers
    let steps = original.table.steps
    var statistics = [SubstitutionTally](repeating: SubstitutionTally(), count: steps * layers)
    var resident = [Bool](repeating: false, count: routing.experts)
    var rewritten = false
    for layer in 0..<layers {
      let tally = Self.rewrite(&routing, step: 0, layer: layer, alpha: alpha, resident: resident)
      statistics[layer] = tally
      if tally.substituted > 0 { rewritten = true }
    }
    let prefill = rewritten ? ActivationTable(routing: routing) : original.table
    for layer in 0..<layers {
      let prefetched = prefill.prefillRanking[layer].prefix(gpuExperts)
      for e in prefetched { resident[Int(e)] = true }
      for step in 1..<steps {
        let tally = Self.rewrite(&routing, step: step, layer: layer, alpha: alpha, resident: resident)
        statistics[step * layers + layer] = tally
        if tally.substituted > 0 { rewritten = true }
      }
      for e in prefetched { resident[Int(e)] = false }
    }
    self.statistics = statistics
    ownsWorkload = rewritten
    workload = rewritten ? PreparedWorkload(routing: routing) : original
  }

  /// Applies the rule to every token of one phase; `resident`: the experts on the GPU.
  static func rewrite(
    _ routing: inout Routing, step: Int, layer: Int, alpha: Double, resident: [Bool]
  ) -> SubstitutionTally {
    var activated = [Bool](repeating: false, count: routing.experts)
    for request in routing.requests {
      let block = step == 0 ? request.prefill : request.decode
      let tokens = step == 0 ? 0..<block.tokens : (step - 1)..<step
      for token in tokens {
        let base = block.base(token: token, layer: layer)
        for slot in 0..<block.topK { activated[Int(block.experts[base + slot])] = true }
      }
    }
    var tally = SubstitutionTally()
    for r in routing.requests.indices {
      let tokens = step == 0 ? 0..<routing.requests[r].prefill.tokens : (step - 1)..<step
      for token in tokens {
        if step == 0 {
          tally.add(
            substitute(
              &routing.requests[r].prefill, token: token, layer: layer, alpha: alpha, resident, activated))
        } else {
          tally.add(
            substitute(
              &routing.requests[r].decode, token: token, layer: layer, alpha: alpha, resident, activated))
        }
      }
    }
    return tally
  }

  /// The rule on one token's slots, in place.
  static func substitute(
    _ block: inout RouteBlock, token: Int, layer: Int, alpha: Double, _ resident: [Bool], _ activated: [Bool]
  ) -> SubstitutionTally {
    SubstitutionRule.substitute(
      in: &block, token: token, layer: layer, alpha: alpha, available: { resident[$0] || activated[$0] },
      needsReplacing: { !resident[$0] })
  }
}
