import NDPModel

/// What a run adds up as its phases are scheduled (each phase adds its own part directly);
/// `result` turns it into a `PolicyResult`.
public struct RunTotals {
  var breakdown = Breakdown()
  var usage = ResourceUsage()
  var ttftSeconds = 0.0
  /// The energy spent by the end of the prefill step (background transfers as moved by then).
  var prefillJoules = 0.0
  /// Routed-expert work counted per phase, turned into bytes and FLOPs once at the end.
  var experts = ExpertCounts()
  // DRAM bytes and FLOPs per device outside those counts, and weights read at their source.
  var gpuBytes = 0.0
  var gpuFlops = 0.0
  var ndpBytes = 0.0
  var ndpFlops = 0.0
  var hostBytes = 0.0
  var hostFlops = 0.0
  var sourceBytes = 0.0
  var residentActivations = 0
  var decodeActivations = 0
  var cacheHits = 0
  var substitution = SubstitutionTally()
  var precision = PrecisionTally()
  var slots = 0

  /// GPU work outside expert phases (the phases' own is `usage.gpuExpertSeconds`).
  mutating func gpuWork(seconds: Double) {
    usage.gpuBusySeconds += seconds
  }

  /// One expert phase's length and GPU computation (experts, reductions).
  @inline(__always)
  mutating func phase(seconds: Double, gpuComputeSeconds: Double) {
    usage.expertPhaseSeconds += seconds
    usage.gpuExpertSeconds += gpuComputeSeconds
  }

  /// A phase's activations and those whose expert was resident on the GPU; hit rates count
  /// decode steps only.
  @inline(__always)
  mutating func activations(_ all: Int, resident: Int, step: Int) {
    slots &+= all
    guard step > 0 else { return }
    decodeActivations &+= all
    residentActivations &+= resident
  }

  /// A phase's activations served from a GPU cache (counted, like the others, in decode steps).
  @inline(__always)
  mutating func countCacheHits(_ hits: Int, step: Int) {
    if step > 0 { cacheHits &+= hits }
  }

  /// Marks the end of the prefill step: the time to first token and the energy spent so far.
  mutating func endPrefill(
    at seconds: Double, policy: PolicyName, links: borrowing LinkTimeline, point: DesignPoint, cost: CostModel
  ) {
    ttftSeconds = seconds
    prefillJoules = spent(policy: policy, by: seconds, links: links, point: point, cost: cost).energy.total
  }

  /// The run's outputs, given its end and the link's record.
  func result(
    policy: PolicyName, e2eSeconds: Double, links: borrowing LinkTimeline, point: DesignPoint, cost: CostModel
  ) -> PolicyResult {
    var result = PolicyResult(policy: policy, feasible: true)
    let workload = point.workload
    let outputTokens = Double(workload.batchSize * workload.outputTokens)
    result.ttftSeconds = ttftSeconds
    result.e2eSeconds = e2eSeconds
    result.tpotSeconds =
      workload.decodeSteps > 0 ? (e2eSeconds - ttftSeconds) / Double(workload.decodeSteps) : 0
    result.tokensPerSecond = outputTokens / e2eSeconds
    result.decodeTokensPerSecond =
      result.tpotSeconds > 0 ? Double(workload.batchSize) / result.tpotSeconds : 0
    let spent = spent(policy: policy, by: e2eSeconds, links: links, point: point, cost: cost)
    let usage = spent.usage
    result.gpuExpertUtilisation =
      usage.expertPhaseSeconds > 0 ? usage.gpuExpertSeconds / usage.expertPhaseSeconds : 0
    result.linkUtilisation = max(usage.linkToGPU.busySeconds, usage.linkFromGPU.busySeconds) / e2eSeconds
    result.ndpImbalance = usage.ndpMeanSeconds > 0 ? usage.ndpBusiestSeconds / usage.ndpMeanSeconds : 0
    result.prefetchHitRate = ratio(residentActivations, decodeActivations)
    result.cacheHitRate = ratio(cacheHits, decodeActivations)
    result.linkBytesPerToken = (usage.linkToGPU.bytes + usage.linkFromGPU.bytes) / outputTokens
    result.substitutionRate = ratio(substitution.substituted, slots)
    result.substitutedScoreMass =
      substitution.activatedMass > 0 ? substitution.substitutedMass / substitution.activatedMass : 0
    result.reducedPrecisionScoreMass = precision.reducedShare
    result.breakdown = breakdown
    result.resources = usage
    result.energy = spent.energy
    result.energyJoulesPerToken = result.energy.total / outputTokens
    result.averagePowerWatts = result.energy.total / e2eSeconds
    result.peakPowerWatts = peakStageWatts(totalJoules: result.energy.total, e2eSeconds: e2eSeconds)
    return result
  }

  /// The higher of the prefill stage's and the decode stage's average power; a run without a
  /// decode stage is one stage, its average.
  private func peakStageWatts(totalJoules: Double, e2eSeconds: Double) -> Double {
    let decodeSeconds = e2eSeconds - ttftSeconds
    guard decodeSeconds > 0 else { return totalJoules / e2eSeconds }
    let prefill = ttftSeconds > 0 ? prefillJoules / ttftSeconds : 0
    let decode = decodeSeconds > 0 ? (totalJoules - prefillJoules) / decodeSeconds : 0
    return max(prefill, decode)
  }

  /// The resources used and the energy spent by `seconds` (the run's end, or a stage's).
  private func spent(
    policy: PolicyName, by seconds: Double, links: borrowing LinkTimeline, point: DesignPoint, cost: CostModel
  ) -> Spent {
    var usage = self.usage
    usage.gpuBusySeconds += usage.gpuExpertSeconds
    usage.linkToGPU = links.toGPU.usage
    usage.linkFromGPU = links.fromGPU.usage
    var totals = self
    totals.addExpertWork(cost: cost)
    let energy = totals.energy(policy: policy, e2eSeconds: seconds, usage: usage, hardware: point.hardware)
    return Spent(usage: usage, energy: energy)
  }

  /// Folds the per-phase counts into bytes and FLOPs: each GPU expert's weights read, each fetched
  /// one also written (and read at its source), returned vectors read by the GPU's reduction.
  mutating func addExpertWork(cost: CostModel) {
    let weight = cost.expertWeightBytes
    let flops = cost.expertFlopsPerToken
    gpuBytes += Double(experts.onGPU + experts.fetched) * weight + experts.returnedVectors * cost.vectorBytes
    gpuFlops += Double(experts.gpuTokens) * flops
    sourceBytes += Double(experts.fetched) * weight
    ndpBytes += (Double(experts.onNDP) - experts.ndpWeightsSkipped) * weight
    ndpFlops += Double(experts.ndpTokens) * flops
    hostBytes += Double(experts.onHost) * weight
    hostFlops += Double(experts.hostTokens) * flops
    experts = ExpertCounts()
  }

  private func ratio(_ part: Int, _ whole: Int) -> Double { whole > 0 ? Double(part) / Double(whole) : 0 }

  /// Energy by part (`EnergyBreakdown`). Weights fetched or loaded in the background are read where
  /// they live (NDP memory for NDP policies, host memory for offloading ones), cross the link and
  /// are written into GPU memory.
  func energy(
    policy: PolicyName, e2eSeconds: Double, usage: ResourceUsage, hardware: Hardware
  ) -> EnergyBreakdown {
    let moved = sourceBytes + usage.linkToGPU.backgroundBytes
    let fromNDP = policy.usesNDP ? moved : 0
    let fromHost = policy.usesNDP ? 0 : moved
    var energy = EnergyBreakdown()
    energy.gpuDRAM = (gpuBytes + usage.linkToGPU.backgroundBytes) * hardware.gpu.dramEnergyJoulesPerByte
    energy.gpuCompute = gpuFlops * hardware.gpu.computeEnergyJoulesPerFlop
    energy.ndpDRAM = (ndpBytes + fromNDP) * hardware.ndp.dramEnergyJoulesPerByte
    energy.ndpCompute = ndpFlops * hardware.ndp.computeEnergyJoulesPerFlop
    energy.hostDRAM = (hostBytes + fromHost) * hardware.host.dramEnergyJoulesPerByte
    energy.hostCompute = hostFlops * hardware.host.computeEnergyJoulesPerFlop
    energy.link = (usage.linkToGPU.bytes + usage.linkFromGPU.bytes) * hardware.link.energyJoulesPerByte
    energy.unitLink = usage.unitLinkBytes * hardware.ndp.unitLinkEnergyJoulesPerByte
    let ndpWatts = policy.usesNDP ? Double(hardware.ndpUnits) * hardware.ndp.staticPowerWatts : 0
    energy.staticPower =
      (hardware.gpu.staticPowerWatts + hardware.host.staticPowerWatts + ndpWatts) * e2eSeconds
    return energy
  }
}

/// What a run has used and spent up to some moment.
private struct Spent {
  let usage: ResourceUsage
  let energy: EnergyBreakdown
}

/// Routed experts and tokens by where they ran, summed over phases.
struct ExpertCounts {
  var onGPU = 0
  var fetched = 0
  var gpuTokens = 0
  var onNDP = 0
  /// Expert weights the NDP units did not read, in experts (reduced precision).
  var ndpWeightsSkipped = 0.0
  var ndpTokens = 0
  var onHost = 0
  var hostTokens = 0
  /// Partial-sum vectors that came back over the link.
  var returnedVectors = 0.0
}
