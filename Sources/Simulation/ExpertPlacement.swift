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
public final class ExpertPlacement {
  // Scratch space, grown on demand and reused for every layer: raw buffers, because this is the
  // innermost loop of every sweep and array uniqueness checks dominated it.
  private var capacity = 0
  private var groupCapacity = 0
  private var ids = UnsafeMutablePointer<UInt16>.allocate(capacity: 1)
  private var counts = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
  private var resident = UnsafeMutablePointer<Bool>.allocate(capacity: 1)
  /// Six columns of `capacity` doubles: G(k), fetch part of G(k), N(k), sum of N slices, D, R.
  private var columns = UnsafeMutablePointer<Double>.allocate(capacity: 6)
  private var groupLoad = UnsafeMutablePointer<Double>.allocate(capacity: 1)

  public init() {}

  deinit {
    ids.deallocate()
    counts.deallocate()
    resident.deallocate()
    columns.deallocate()
    groupLoad.deallocate()
  }

  private func reserve(count: Int, groups: Int) {
    if count > capacity {
      ids.deallocate()
      counts.deallocate()
      resident.deallocate()
      columns.deallocate()
      capacity = count
      ids = .allocate(capacity: count)
      counts = .allocate(capacity: count)
      resident = .allocate(capacity: count)
      columns = .allocate(capacity: 6 * count)
    }
    if groups > groupCapacity {
      groupLoad.deallocate()
      groupCapacity = groups
      groupLoad = .allocate(capacity: groups)
    }
  }

  /// Expert id -> NDP group, rebuilt when the grouping changes (avoids a division per expert).
  private var groupOf: [Int32] = []
  private var groupOfGroups = 0

  private func groupTable(experts: Int, groups: Int) {
    if groupOfGroups != groups || groupOf.count != experts {
      groupOf = (0..<experts).map { Int32($0 % groups) }
      groupOfGroups = groups
    }
  }

  /// - Parameters:
  ///   - residency: per-expert flags of this layer (`experts` of them), or nil when nothing is
  ///     resident on the GPU.
  ///   - groups: NDP groups (units / degree); `degree`: units per group.
  public func place(
    table: ActivationTable, step: Int, layer: Int, residency: UnsafePointer<Bool>?,
    split: PlacementSplit, groups: Int, degree: Int, sharedSeconds: Double, cost: CostModel
  ) -> LayerOutcome {
    let range = table.range(step: step, layer: layer)
    let count = range.count
    reserve(count: max(count + 1, table.experts + 1), groups: groups)
    groupTable(experts: table.experts, groups: groups)
    let activations = table.activationTotals[step * table.layers + layer]

    // Order: residents first, each class keeping the table's (tokens desc, id asc) order.
    var residents = 0
    var residentActivations = 0
    table.expertIDs.withUnsafeBufferPointer { expertIDs in
      table.tokenCounts.withUnsafeBufferPointer { tokenCounts in
        if let residency {
          for i in range where residency[Int(expertIDs[i])] {
            ids[residents] = expertIDs[i]
            counts[residents] = tokenCounts[i]
            resident[residents] = true
            residentActivations += Int(tokenCounts[i])
            residents += 1
          }
          var next = residents
          for i in range where !residency[Int(expertIDs[i])] {
            ids[next] = expertIDs[i]
            counts[next] = tokenCounts[i]
            resident[next] = false
            next += 1
          }
        } else {
          var next = 0
          for i in range {
            ids[next] = expertIDs[i]
            counts[next] = tokenCounts[i]
            resident[next] = false
            next += 1
          }
        }
      }
    }

    let (low, high): (Int, Int)
    switch split {
    case .allNDP: (low, high) = (0, 0)
    case .residentsOnGPU: (low, high) = (residents, residents)
    case .allGPU: (low, high) = (count, count)
    case .balanced: (low, high) = (0, count)
    }

    // Per-expert costs as affine-with-max in the token count n (constants hoisted):
    //   GPU: launch + max(W / BW_gpu, n * F / peak_gpu)
    //   NDP slice: overhead + max((W / T) / BW_ndp, n * (F / T) / peak_ndp)
    let gpuMemory = cost.expertWeightBytes * cost.gpuSecondsPerByte
    let gpuPerToken = cost.expertFlopsPerToken * cost.gpuSecondsPerFlop
    let share = 1 / Double(degree)
    let ndpMemory = (cost.expertWeightBytes * share) * cost.ndpSecondsPerByte
    let ndpPerToken = (cost.expertFlopsPerToken * share) * cost.ndpSecondsPerFlop
    let degreeFactor = Double(degree)
    let fetchSeconds = cost.expertFetchSeconds

    // G(k), forward.
    var gpu = sharedSeconds
    var fetchTotal = 0.0
    let gpuPrefix = columns
    let fetchPrefix = columns + capacity
    gpuPrefix[0] = gpu
    fetchPrefix[0] = 0
    var i = 0
    while i < high {
      let fetch = resident[i] ? 0 : fetchSeconds
      gpu = gpu + (fetch + (max(gpuMemory, Double(counts[i]) * gpuPerToken) + cost.gpuLaunchSeconds))
      fetchTotal += fetch
      gpuPrefix[i + 1] = gpu
      fetchPrefix[i + 1] = fetchTotal
      i += 1
    }

    // N(k), D(k), R(k), backward.
    let ndpSuffixMax = columns + 2 * capacity
    let ndpSuffixSum = columns + 3 * capacity
    let dispatchSuffix = columns + 4 * capacity
    let returnSuffix = columns + 5 * capacity
    groupLoad.update(repeating: 0, count: groups)
    var ndpMax = 0.0
    var ndpSum = 0.0
    var dispatchBytes = 0.0
    var returnBytes = 0.0
    ndpSuffixMax[count] = 0
    ndpSuffixSum[count] = 0
    dispatchSuffix[count] = 0
    returnSuffix[count] = 0
    var best = low
    groupOf.withUnsafeBufferPointer { groupOf in
      i = count - 1
      if low == high {
        // Fixed split: only the totals at k = low are needed. Same operations, same order, as
        // the balanced path below, so both give bit-identical results for the same k.
        while i >= low {
          let n = Double(counts[i])
          let slice = max(ndpMemory, n * ndpPerToken) + cost.ndpOverheadSeconds
          let g = Int(groupOf[Int(ids[i])])
          let load = groupLoad[g] + slice
          groupLoad[g] = load
          ndpMax = max(ndpMax, load)
          ndpSum = ndpSum + slice
          let activationBytes = n * cost.activationBytesPerToken
          dispatchBytes = dispatchBytes + activationBytes
          returnBytes = returnBytes + degreeFactor * activationBytes
          i -= 1
        }
        ndpSuffixMax[low] = ndpMax
        ndpSuffixSum[low] = ndpSum
        dispatchSuffix[low] = dispatchBytes
        returnSuffix[low] = returnBytes
        return
      }
      while i >= low {
        let n = Double(counts[i])
        let slice = max(ndpMemory, n * ndpPerToken) + cost.ndpOverheadSeconds
        let g = Int(groupOf[Int(ids[i])])
        let load = groupLoad[g] + slice
        groupLoad[g] = load
        ndpMax = max(ndpMax, load)
        ndpSum = ndpSum + slice
        let activationBytes = n * cost.activationBytesPerToken
        dispatchBytes = dispatchBytes + activationBytes
        returnBytes = returnBytes + degreeFactor * activationBytes
        ndpSuffixMax[i] = ndpMax
        ndpSuffixSum[i] = ndpSum
        dispatchSuffix[i] = dispatchBytes
        returnSuffix[i] = returnBytes
        i -= 1
      }
      var bestSeconds = Double.infinity
      for k in low...high {
        let seconds =
          cost.linkSeconds(bytes: dispatchSuffix[k]) + max(gpuPrefix[k], ndpSuffixMax[k])
          + cost.returnSeconds(bytes: returnSuffix[k], degree: degree)
        if seconds < bestSeconds {
          bestSeconds = seconds
          best = k
        }
      }
    }

    var outcome = LayerOutcome()
    outcome.dispatchSeconds = cost.linkSeconds(bytes: dispatchSuffix[best])
    outcome.gpuSeconds = gpuPrefix[best]
    outcome.gpuFetchSeconds = fetchPrefix[best]
    outcome.ndpSeconds = ndpSuffixMax[best]
    outcome.ndpMeanSeconds = ndpSuffixSum[best] / Double(groups)
    outcome.reduceSeconds = degree > 1 ? cost.reduceSeconds(bytes: returnSuffix[best]) : 0
    outcome.returnSeconds = cost.returnSeconds(bytes: returnSuffix[best], degree: degree)
    outcome.residentActivations = residentActivations
    outcome.activations = activations
    let weight = cost.expertWeightBytes
    var gpuTokens = 0
    var fetched = 0
    for j in 0..<best {
      gpuTokens += Int(counts[j])
      if !resident[j] { fetched += 1 }
    }
    outcome.gpuBytes = Double(best + fetched) * weight
    outcome.gpuFlops = Double(gpuTokens) * cost.expertFlopsPerToken
    outcome.fetchedBytes = Double(fetched) * weight
    outcome.ndpBytes = Double(count - best) * weight
    outcome.ndpFlops = Double(activations - gpuTokens) * cost.expertFlopsPerToken
    outcome.linkBytes = outcome.fetchedBytes + dispatchSuffix[best] + returnSuffix[best]
    if degree > 1 { outcome.gpuBytes += returnSuffix[best] }
    return outcome
  }
}
