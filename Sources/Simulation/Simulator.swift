/// The step loop: prefill, then every decode step; within a step every decoder layer in order
/// (attention, router, the policy's expert phase), then the LM head. Accumulates latency, the
/// breakdown, utilisation, traffic and energy into a `PolicyResult`.
public enum Simulator {
  public static func run<Policy: PlacementPolicy>(
    _ policyType: Policy.Type, context: SimulationContext
  ) -> PolicyResult {
    var policy = Policy(context: context)
    let nonExpert = context.nonExpert
    let point = context.point
    let model = point.model
    let denseLayers = model.firstDenseLayers
    var result = PolicyResult(policy: Policy.name, feasible: true)
    var b = Breakdown()
    var now = 0.0
    var ttft = 0.0
    var gpuBusy = 0.0
    var expertPhases = 0.0
    var ndpMax = 0.0
    var ndpMean = 0.0
    var residentActivations = 0
    var decodeActivations = 0
    var linkBytes = 0.0
    var gpuBytes = 0.0
    var gpuFlops = 0.0
    var ndpBytes = 0.0
    var ndpFlops = 0.0
    var fetchedBytes = 0.0
    var cacheHits = 0
    var substituted = 0
    var slots = 0
    var substitutedMass = 0.0
    var activatedMass = 0.0

    for step in 0..<nonExpert.steps {
      let attention = nonExpert.attentionSeconds[step]
      let router = nonExpert.routerSeconds[step]
      let dense = nonExpert.denseFFNSeconds[step]
      gpuBytes += nonExpert.gpuBytes[step]
      gpuFlops += nonExpert.gpuFlops[step]
      for _ in 0..<denseLayers {
        now += attention + dense
        b.attention += attention
        b.other += dense
      }
      for layer in 0..<model.moeLayers {
        now += attention + router
        b.attention += attention
        b.router += router
        let ready = policy.readySeconds(step: step, layer: layer)
        if ready > now {
          b.weightFetch += ready - now
          now = ready
        }
        let out = policy.expertPhase(step: step, layer: layer, context: context)
        now += out.seconds
        b.dispatch += out.dispatchSeconds
        b.reduce += out.returnSeconds
        if out.hostSeconds > max(out.gpuSeconds, out.ndpSeconds) {
          b.weightFetch += out.hostSeconds
        } else if out.gpuSeconds >= out.ndpSeconds {
          b.expertsGPU += out.gpuSeconds - out.gpuFetchSeconds
          b.weightFetch += out.gpuFetchSeconds
        } else {
          b.expertsNDP += out.ndpSeconds
        }
        gpuBusy += out.gpuSeconds
        expertPhases += max(max(out.gpuSeconds, out.ndpSeconds), out.hostSeconds)
        substituted += out.substituted
        slots += out.activations
        substitutedMass += out.substitutedMass
        activatedMass += out.activatedMass
        ndpMax += out.ndpSeconds
        ndpMean += out.ndpMeanSeconds
        if step > 0 {
          residentActivations += out.residentActivations
          decodeActivations += out.activations
          cacheHits += out.cacheHits
        }
        linkBytes += out.linkBytes
        gpuBytes += out.gpuBytes
        gpuFlops += out.gpuFlops
        ndpBytes += out.ndpBytes
        ndpFlops += out.ndpFlops
        fetchedBytes += out.fetchedBytes
        if step == 0 {
          policy.prefillLayerFinished(layer: layer, atSeconds: now, context: context)
        }
      }
      now += nonExpert.lmHeadSeconds[step]
      b.other += nonExpert.lmHeadSeconds[step]
      if step == 0 { ttft = now }
    }

    // Prefetched weights: read from NDP memory, cross the link, written into GPU memory.
    let background = policy.backgroundLinkBytes
    linkBytes += background
    fetchedBytes += background
    gpuBytes += background

    let workload = point.workload
    let outputTokens = Double(workload.batchSize * workload.outputTokens)
    result.ttftSeconds = ttft
    result.e2eSeconds = now
    result.tpotSeconds = workload.decodeSteps > 0 ? (now - ttft) / Double(workload.decodeSteps) : 0
    result.tokensPerSecond = outputTokens / now
    result.gpuExpertUtilisation = expertPhases > 0 ? gpuBusy / expertPhases : 0
    result.ndpImbalance = ndpMean > 0 ? ndpMax / ndpMean : 0
    result.prefetchHitRate =
      decodeActivations > 0 ? Double(residentActivations) / Double(decodeActivations) : 0
    result.linkBytesPerToken = linkBytes / outputTokens
    result.cacheHitRate = decodeActivations > 0 ? Double(cacheHits) / Double(decodeActivations) : 0
    result.substitutionRate = slots > 0 ? Double(substituted) / Double(slots) : 0
    result.substitutedScoreMass = activatedMass > 0 ? substitutedMass / activatedMass : 0
    result.breakdown = b

    // Energy: dynamic (bytes and FLOPs at each tier) plus static power over the whole run.
    let hardware = point.hardware
    let usesNDP = Policy.name.usesNDP
    let fetchSourceJoulesPerByte =
      usesNDP ? hardware.ndp.dramEnergyJoulesPerByte : hardware.host.dramEnergyJoulesPerByte
    let dynamic =
      gpuBytes * hardware.gpu.dramEnergyJoulesPerByte + gpuFlops * hardware.gpu.computeEnergyJoulesPerFlop
      + ndpBytes * hardware.ndp.dramEnergyJoulesPerByte
      + ndpFlops * hardware.ndp.computeEnergyJoulesPerFlop
      + fetchedBytes * fetchSourceJoulesPerByte + linkBytes * hardware.link.energyJoulesPerByte
    let staticWatts =
      hardware.gpu.staticPowerWatts + hardware.host.staticPowerWatts
      + (usesNDP ? Double(hardware.ndpUnits) * hardware.ndp.staticPowerWatts : 0)
    result.energyJoulesPerToken = (dynamic + staticWatts * now) / outputTokens
    return result
  }

  /// The timeline of MoE layer `layer` at `step` under the policy, with the policy's state
  /// (caches, prefetches) as the step loop would have it there.
  public static func schedule<Policy: PlacementPolicy>(
    _ policyType: Policy.Type, context: SimulationContext, step: Int, layer: Int
  ) -> LayerSchedule {
    var policy = Policy(context: context)
    let nonExpert = context.nonExpert
    let model = context.point.model
    var now = 0.0
    for current in 0...step {
      now +=
        Double(model.firstDenseLayers)
        * (nonExpert.attentionSeconds[current] + nonExpert.denseFFNSeconds[current])
      for moe in 0..<model.moeLayers {
        if current == step && moe == layer {
          return policy.explain(step: step, layer: layer, context: context)
        }
        now += nonExpert.attentionSeconds[current] + nonExpert.routerSeconds[current]
        now = max(now, policy.readySeconds(step: current, layer: moe))
        now += policy.expertPhase(step: current, layer: moe, context: context).seconds
        if current == 0 { policy.prefillLayerFinished(layer: moe, atSeconds: now, context: context) }
      }
      now += nonExpert.lmHeadSeconds[current]
    }
    return policy.explain(step: step, layer: layer, context: context)
  }
}
