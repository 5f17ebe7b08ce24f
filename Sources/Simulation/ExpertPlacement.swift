import NDPModel
import Routing

/// Which experts of a layer go to the GPU, as a prefix of the placement order.
public enum PlacementSplit: Sendable, Equatable {
  /// Everything on the NDP units.
  case allNDP
  /// Exactly the GPU-resident experts on the GPU, the rest on NDP (MoNDE).
  case residentsOnGPU
  /// Everything on the GPU (offloading without NDP).
  case allGPU
  /// The prefix that minimises the layer's time (load-balancing scheduler).
  case balanced
}

/// Costs a placement of one layer's activated experts over the GPU and the NDP units.
///
/// The placement order is: GPU-resident experts first, then the rest; within each, most tokens
/// first, ties by lower expert id. The GPU takes the first k experts of that order, the NDP units
/// the others (expert `e` lives on group `e mod groups`, split across the `degree` units of the
/// group). For each k the layer time is
///   D(k) + max(G(k), N(k)) + R(k)
/// with G(k) the GPU's sum (shared experts + resident experts + fetched experts incl. T_w), N(k)
/// the busiest group's sum of slices, D and R the dispatch and return transfers. Every term is
/// monotone in every bandwidth, so the minimum over k (the `.balanced` split) is too; and the
/// k = 0 candidate is computed exactly as `.allNDP` computes it, so balancing never loses to it.
///
/// - Complexity: O(K + groups) per layer for K activated experts; no allocation after the first.
public struct ExpertPlacement: Sendable {
  private var ids: [UInt16] = []
  private var counts: [Int32] = []
  private var resident: [Bool] = []
  private var gpuPrefix: [Double] = []
  private var fetchPrefix: [Double] = []
  private var ndpSuffixMax: [Double] = []
  private var ndpSuffixSum: [Double] = []
  private var dispatchSuffix: [Double] = []
  private var returnSuffix: [Double] = []
  private var groupLoad: [Double] = []

  public init() {}

  /// - Parameters:
  ///   - residency: per-expert flags of this layer, or nil when nothing is resident.
  ///   - groups: NDP groups (units / degree); `degree`: units per group.
  public mutating func place(
    table: ActivationTable, step: Int, layer: Int, residency: ArraySlice<Bool>?,
    split: PlacementSplit, groups: Int, degree: Int, sharedSeconds: Double, cost: CostModel
  ) -> LayerOutcome {
    let range = table.range(step: step, layer: layer)
    let count = range.count
    if ids.count < count + 1 {
      let size = max(count + 1, table.experts + 1)
      ids = [UInt16](repeating: 0, count: size)
      counts = [Int32](repeating: 0, count: size)
      resident = [Bool](repeating: false, count: size)
      gpuPrefix = [Double](repeating: 0, count: size)
      fetchPrefix = gpuPrefix
      ndpSuffixMax = gpuPrefix
      ndpSuffixSum = gpuPrefix
      dispatchSuffix = gpuPrefix
      returnSuffix = gpuPrefix
    }
    if groupLoad.count < groups { groupLoad = [Double](repeating: 0, count: groups) }

    // Order: residents first, each class keeping the table's (tokens desc, id asc) order.
    var residents = 0
    var residentActivations = 0
    var activations = 0
    if let residency {
      let base = residency.startIndex
      for i in range where residency[base + Int(table.expertIDs[i])] {
        ids[residents] = table.expertIDs[i]
        counts[residents] = table.tokenCounts[i]
        resident[residents] = true
        residentActivations += Int(table.tokenCounts[i])
        residents += 1
      }
      var next = residents
      for i in range where !residency[base + Int(table.expertIDs[i])] {
        ids[next] = table.expertIDs[i]
        counts[next] = table.tokenCounts[i]
        resident[next] = false
        next += 1
      }
    } else {
      var next = 0
      for i in range {
        ids[next] = table.expertIDs[i]
        counts[next] = table.tokenCounts[i]
        resident[next] = false
        next += 1
      }
    }
    for i in 0..<count { activations += Int(counts[i]) }

    let (low, high): (Int, Int)
    switch split {
    case .allNDP: (low, high) = (0, 0)
    case .residentsOnGPU: (low, high) = (residents, residents)
    case .allGPU: (low, high) = (count, count)
    case .balanced: (low, high) = (0, count)
    }

    // G(k), forward.
    gpuPrefix[0] = sharedSeconds
    fetchPrefix[0] = 0
    if high > 0 {
      for i in 0..<high {
        let fetch = resident[i] ? 0 : cost.expertFetchSeconds
        gpuPrefix[i + 1] = gpuPrefix[i] + (fetch + cost.gpuExpertSeconds(tokens: counts[i]))
        fetchPrefix[i + 1] = fetchPrefix[i] + fetch
      }
    }
    // N(k), D(k), R(k), backward.
    for g in 0..<groups { groupLoad[g] = 0 }
    ndpSuffixMax[count] = 0
    ndpSuffixSum[count] = 0
    dispatchSuffix[count] = 0
    returnSuffix[count] = 0
    var i = count - 1
    while i >= low {
      let slice = cost.ndpExpertSeconds(tokens: counts[i], degree: degree)
      let g = Int(ids[i]) % groups
      groupLoad[g] += slice
      ndpSuffixMax[i] = max(ndpSuffixMax[i + 1], groupLoad[g])
      ndpSuffixSum[i] = ndpSuffixSum[i + 1] + slice
      let activationBytes = Double(counts[i]) * cost.activationBytesPerToken
      dispatchSuffix[i] = dispatchSuffix[i + 1] + activationBytes
      returnSuffix[i] = returnSuffix[i + 1] + Double(degree) * activationBytes
      i -= 1
    }

    var best = low
    var bestSeconds = Double.infinity
    for k in low...high {
      let seconds =
        cost.linkSeconds(bytes: dispatchSuffix[k]) + max(gpuPrefix[k], ndpSuffixMax[k])
        + returnSeconds(bytes: returnSuffix[k], degree: degree, cost: cost)
      if seconds < bestSeconds {
        bestSeconds = seconds
        best = k
      }
    }

    var outcome = LayerOutcome()
    outcome.dispatchSeconds = cost.linkSeconds(bytes: dispatchSuffix[best])
    outcome.gpuSeconds = gpuPrefix[best]
    outcome.gpuFetchSeconds = fetchPrefix[best]
    outcome.ndpSeconds = ndpSuffixMax[best]
    outcome.ndpMeanSeconds = ndpSuffixSum[best] / Double(groups)
    outcome.reduceSeconds = degree > 1 ? cost.reduceSeconds(bytes: returnSuffix[best]) : 0
    outcome.returnSeconds = returnSeconds(bytes: returnSuffix[best], degree: degree, cost: cost)
    outcome.residentActivations = residentActivations
    outcome.activations = activations
    let weight = cost.expertWeightBytes
    for j in 0..<count {
      let flops = Double(counts[j]) * cost.expertFlopsPerToken
      if j < best {
        outcome.gpuBytes += weight
        outcome.gpuFlops += flops
        if !resident[j] {
          outcome.fetchedBytes += weight
          outcome.linkBytes += weight
          outcome.gpuBytes += weight
        }
      } else {
        outcome.ndpBytes += weight
        outcome.ndpFlops += flops
      }
    }
    outcome.linkBytes += dispatchSuffix[best] + returnSuffix[best]
    if degree > 1 { outcome.gpuBytes += returnSuffix[best] }
    return outcome
  }

  @inline(__always)
  private func returnSeconds(bytes: Double, degree: Int, cost: CostModel) -> Double {
    cost.linkSeconds(bytes: bytes) + (degree > 1 ? cost.reduceSeconds(bytes: bytes) : 0)
  }
}
