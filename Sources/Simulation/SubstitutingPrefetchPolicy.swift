import NDPModel
import Routing

/// `tp-lb-pf-sub`: the seed paper's framework plus substitution (a combination neither paper
/// evaluated). A low-score expert that is not resident on the GPU is replaced, when the rule
/// allows, by a candidate that is prefetched or another token's activated expert, instead of being
/// sent to the NDP units. The prefetched set is fixed once the prefill is known, so the routing is
/// rewritten once: the prefill (nothing resident yet), then the prefetch set from the rewritten
/// prefill's counts, then the decode against that set; `tp-lb-pf` then runs on the result.
public struct SubstitutingPrefetchPolicy: PlacementPolicy {
  public static let name = PolicyName.tpLBPFSub
  private var inner: PrefetchPolicy
  private let substituted: SimulationContext
  private var statistics: [SubstitutionTally]

  public init(context: SimulationContext) {
    let alpha = context.point.options.substitutionAlpha
    var routing = context.routing
    let layers = routing.layers
    var statistics = [SubstitutionTally](repeating: SubstitutionTally(), count: context.table.steps * layers)
    func rewrite(step: Int, layer: Int, resident: (Int) -> Bool) {
      var activated = Set<Int>()
      for request in routing.requests {
        let block = step == 0 ? request.prefill : request.decode
        let range = step == 0 ? 0..<block.tokens : (step - 1)..<step
        for token in range {
          let base = block.base(token: token, layer: layer)
          for slot in 0..<block.topK { activated.insert(Int(block.experts[base + slot])) }
        }
      }
      for r in routing.requests.indices {
        let tokens = step == 0 ? routing.requests[r].prefill.tokens : 1
        let (topK, width) = (routing.requests[r].prefill.topK, routing.requests[r].prefill.width)
        for index in 0..<tokens {
          let token = step == 0 ? index : step - 1
          // Read the token's slots into small arrays; no copy of the block outlives this read,
          // so the writes below stay in place instead of copying the whole routing.
          let base = (token * layers + layer) * width
          let ranked: [UInt16]
          let rankedScores: [Float]
          if step == 0 {
            ranked = Array(routing.requests[r].prefill.experts[base..<base + width])
            rankedScores = Array(routing.requests[r].prefill.scores[base..<base + width])
          } else {
            ranked = Array(routing.requests[r].decode.experts[base..<base + width])
            rankedScores = Array(routing.requests[r].decode.scores[base..<base + width])
          }
          let result = SubstitutionRule.apply(
            experts: ranked[...], scores: rankedScores[...], topK: topK, alpha: alpha,
            available: { resident($0) || activated.contains($0) }, needsReplacing: { !resident($0) })
          statistics[step * layers + layer].add(result)
          guard result.substituted > 0 else { continue }
          for (slot, expert) in result.experts.enumerated() {
            if step == 0 {
              routing.requests[r].prefill.experts[base + slot] = UInt16(expert)
            } else {
              routing.requests[r].decode.experts[base + slot] = UInt16(expert)
            }
          }
        }
      }
    }
    for layer in 0..<layers { rewrite(step: 0, layer: layer) { _ in false } }
    let prefillTable = ActivationTable(routing: routing)
    for layer in 0..<layers {
      let prefetched = Set(
        prefillTable.prefillRanking[layer].prefix(context.gpuExpertsPerLayer).map(Int.init))
      for step in 1..<context.table.steps { rewrite(step: step, layer: layer) { prefetched.contains($0) } }
    }
    self.statistics = statistics
    substituted = context.with(routing: routing, table: ActivationTable(routing: routing))
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
