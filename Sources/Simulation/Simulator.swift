/// The step loop: prefill, then every decode step; within a step every decoder layer in order
/// (attention and router on the GPU, then the policy's expert phase), then the LM head. Layers
/// depend on each other, so a layer starts when the previous one ends; only transfers the policy
/// starts in the background (prefetches, cache fills) run across layers, on the link's timeline.
public enum Simulator {
  /// The run's outputs.
  public static func run<Policy: PlacementPolicy>(
    _ policyType: Policy.Type, context: SimulationContext
  ) -> PolicyResult {
    var capture = ScheduleCapture(step: -1, layer: -1)
    return replay(policyType, context: context, capture: &capture)
  }

  /// The timeline of MoE layer `layer` at `step`, as the run schedules it there (the same loop,
  /// stopped after that phase).
  public static func schedule<Policy: PlacementPolicy>(
    _ policyType: Policy.Type, context: SimulationContext, step: Int, layer: Int
  ) -> LayerSchedule {
    var capture = ScheduleCapture(step: step, layer: layer)
    _ = replay(policyType, context: context, capture: &capture)
    return capture.schedule!
  }

  static func replay<Policy: PlacementPolicy>(
    _ policyType: Policy.Type, context: SimulationContext, capture: inout ScheduleCapture
  ) -> PolicyResult {
    var policy = Policy(context: context)
    var links = LinkTimeline(cost: context.cost, tracksBacklog: Policy.readsLinkBacklog)
    var totals = RunTotals()
    let nonExpert = context.nonExpert
    let shared = nonExpert.sharedExpertSeconds
    let model = context.point.model
    var now = 0.0
    for step in 0..<nonExpert.steps {
      let attention = nonExpert.attentionSeconds[step]
      let router = nonExpert.routerSeconds[step]
      let sharedSeconds = shared[step]
      let dense = Double(model.firstDenseLayers) * (attention + nonExpert.denseFFNSeconds[step])
      now += dense
      totals.breakdown.attention += Double(model.firstDenseLayers) * attention
      totals.breakdown.other += dense - Double(model.firstDenseLayers) * attention
      totals.gpuWork(seconds: dense)
      totals.gpuBytes += nonExpert.gpuBytes[step]
      totals.gpuFlops += nonExpert.gpuFlops[step]
      for layer in 0..<model.moeLayers {
        now += attention + router
        totals.breakdown.attention += attention
        totals.breakdown.router += router
        totals.gpuWork(seconds: attention + router)
        let recording = capture.matches(step: step, layer: layer)
        let start = PhaseStart(
          step: step, layer: layer, seconds: now, sharedSeconds: sharedSeconds, recording: recording)
        if recording { links.toGPU.recordBackgroundSpans() }
        now = policy.expertPhase(start, links: &links, totals: &totals, context: context)
        if recording {
          capture.schedule = policy.describeLastPhase(step: step, layer: layer, context: context)
          capture.schedule!.addBackground(&links.toGPU, from: start.seconds, to: now)
          return totals.result(
            policy: Policy.name, e2eSeconds: now, links: links, point: context.point, cost: context.cost)
        }
      }
      now += nonExpert.lmHeadSeconds[step]
      totals.breakdown.other += nonExpert.lmHeadSeconds[step]
      totals.gpuWork(seconds: nonExpert.lmHeadSeconds[step])
      if step == 0 {
        // Background transfers that moved in the prefill's idle time are the prefill's.
        links.finish(at: now)
        totals.endPrefill(
          at: now, policy: Policy.name, links: links, point: context.point, cost: context.cost)
      }
    }
    links.finish(at: now)
    return totals.result(
      policy: Policy.name, e2eSeconds: now, links: links, point: context.point, cost: context.cost)
  }
}

/// Which phase's timeline to keep, and the timeline once kept.
struct ScheduleCapture {
  let step: Int
  let layer: Int
  var schedule: LayerSchedule?

  init(step: Int, layer: Int) {
    self.step = step
    self.layer = layer
  }

  @inline(__always) func matches(step: Int, layer: Int) -> Bool { step == self.step && layer == self.layer }
}
