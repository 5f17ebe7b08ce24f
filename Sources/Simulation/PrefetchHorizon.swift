/// How far ahead a predictor's prefetch is issued.
///
/// The horizon is `policy.prefetch_horizon` expert phases when set, else adaptive (ExpertFlow,
/// arXiv 2510.26730): the fewest phases whose layers, at the decode's non-expert time per layer
/// (attention, router, shared experts: a lower bound of a layer's time), cover one phase's guesses
/// over the link: at least 1, and less than the MoE layers (a guess then never evicts an expert
/// of the running phase's layer), unless there is one.
struct PrefetchHorizon {
  let phases: Int

  /// The horizon for a predictor guessing at most `guessLimit` experts per phase.
  init(context: SimulationContext, guessLimit: Int) {
    let set = context.point.options.prefetchHorizonLayers
    phases = set > 0 ? set : Self.adaptive(context: context, guesses: guessLimit)
  }

  private static func adaptive(context: SimulationContext, guesses budget: Int) -> Int {
    let model = context.point.model
    let decodeGuesses = min(budget, model.experts, model.topK * context.point.workload.batchSize)
    let costs = context.nonExpert
    let step = costs.steps > 1 ? 1 : 0
    let layerSeconds =
      costs.attentionSeconds[step] + costs.routerSeconds[step] + costs.sharedExpertSeconds[step]
    let prefetchSeconds = Double(decodeGuesses) * context.cost.expertFetchSeconds
    guard layerSeconds > 0, prefetchSeconds > 0 else { return 1 }
    return max(1, min(Int((prefetchSeconds / layerSeconds).rounded(.up)), model.moeLayers - 1))
  }
}
