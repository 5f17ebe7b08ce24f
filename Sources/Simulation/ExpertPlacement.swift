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
  private let table: ActivationTable
  private let groups: Int
  private let degree: Int
  private let cost: CostModel
  // Per-expert costs are affine-with-max in the token count n; constants hoisted here:
  //   GPU: launch + max(W / BW_gpu, n * F / peak_gpu)   (+ T_w when not resident)
  //   NDP slice: overhead + max((W / T) / BW_ndp, n * (F / T) / peak_ndp)
  private let gpuMemorySeconds: Double
  private let gpuSecondsPerToken: Double
  private let ndpMemorySeconds: Double
  private let ndpSecondsPerToken: Double

  // Scratch space sized once: raw buffers, because this is the innermost loop of every sweep and
  // array uniqueness and bounds checks dominated it.
  private let capacity: Int
  private let ids: UnsafeMutablePointer<UInt16>
  private let counts: UnsafeMutablePointer<Int32>
  private let resident: UnsafeMutablePointer<Bool>
  /// Six columns of `capacity` doubles: G(k), fetch part of G(k), N(k), sum of N slices, D, R.
  private let columns: UnsafeMutablePointer<Double>
  private let groupLoad: UnsafeMutablePointer<Double>
  private let groupCount: UnsafeMutablePointer<Int32>
  private let suffixMaxCount: UnsafeMutablePointer<Int32>
  /// Expert id -> NDP group (round-robin placement), so the loop does no division.
  private let groupOf: UnsafeMutablePointer<Int32>
  /// All false: the residency of a layer when nothing is resident.
  private let noneResident: UnsafeMutablePointer<Bool>

  /// - Parameters:
  ///   - groups: NDP groups the experts are spread over (1 when there is no NDP).
  ///   - degree: NDP units per group; each holds a 1/degree slice of its group's experts.
  /// When false, every layer takes the general path (tests compare the two).
  let uniformFastPath: Bool

  public init(
    table: ActivationTable, groups: Int, degree: Int, cost: CostModel, uniformFastPath: Bool = true
  ) {
    self.uniformFastPath = uniformFastPath
    self.table = table
    self.groups = max(1, groups)
    self.degree = degree
    self.cost = cost
    let share = 1 / Double(degree)
    gpuMemorySeconds = cost.expertWeightBytes * cost.gpuSecondsPerByte
    gpuSecondsPerToken = cost.expertFlopsPerToken * cost.gpuSecondsPerFlop
    ndpMemorySeconds = (cost.expertWeightBytes * share) * cost.ndpSecondsPerByte
    ndpSecondsPerToken = (cost.expertFlopsPerToken * share) * cost.ndpSecondsPerFlop
    capacity = table.experts + 1
    ids = .allocate(capacity: capacity)
    counts = .allocate(capacity: capacity)
    resident = .allocate(capacity: capacity)
    resident.initialize(repeating: false, count: capacity)
    columns = .allocate(capacity: 6 * capacity)
    groupLoad = .allocate(capacity: self.groups)
    groupCount = .allocate(capacity: self.groups)
    suffixMaxCount = .allocate(capacity: capacity)
    groupOf = .allocate(capacity: table.experts)
    for e in 0..<table.experts { groupOf[e] = Int32(e % self.groups) }
    noneResident = .allocate(capacity: capacity)
    noneResident.initialize(repeating: false, count: capacity)
  }

  deinit {
    ids.deallocate()
    counts.deallocate()
    resident.deallocate()
    columns.deallocate()
    groupLoad.deallocate()
    groupCount.deallocate()
    suffixMaxCount.deallocate()
    groupOf.deallocate()
    noneResident.deallocate()
  }

  @inline(__always) private func gpuExpertSeconds(_ n: Double) -> Double {
    max(gpuMemorySeconds, n * gpuSecondsPerToken) + cost.gpuLaunchSeconds
  }

  @inline(__always) private func ndpSliceSeconds(_ n: Double) -> Double {
    max(ndpMemorySeconds, n * ndpSecondsPerToken) + cost.ndpOverheadSeconds
  }

  @inline(__always) private func bounds(_ split: PlacementSplit, residents: Int, count: Int) -> (Int, Int) {
    switch split {
    case .allNDP: return (0, 0)
    case .residentsOnGPU: return (residents, residents)
    case .allGPU: return (count, count)
    case .balanced: return (0, count)
    }
  }

  /// Places the activated experts of MoE layer `layer` at `step`.
  /// - Parameter residency: per-expert flags of this layer (`experts` of them), or nil when
  ///   nothing is resident on the GPU.
  @inline(__always)
  public func place(
    step: Int, layer: Int, residency: UnsafePointer<Bool>?, split: PlacementSplit,
    sharedSeconds: Double
  ) -> LayerOutcome {
    let index = step * table.layers + layer
    let uniform = table.uniformCounts[index]
    if uniform > 0 && uniformFastPath {
      return placeUniform(
        index: index, tokens: uniform, residency: residency, split: split, sharedSeconds: sharedSeconds)
    }
    return placeGeneral(index: index, residency: residency, split: split, sharedSeconds: sharedSeconds)
      .outcome
  }

  /// Every activated expert has `tokens` tokens, so every GPU expert costs the same, every NDP
  /// slice costs the same, and a group's load is its number of experts times the slice: the
  /// candidates are closed-form in k, and the only per-expert work is counting experts per group.
  @inline(__always)
  private func placeUniform(
    index: Int, tokens: Int32, residency: UnsafePointer<Bool>?, split: PlacementSplit,
    sharedSeconds: Double
  ) -> LayerOutcome {
    let start = table.offsets[index]
    let count = table.offsets[index + 1] - start
    let tableIDs = table.expertIDs.baseAddress! + start
    let n = Double(tokens)
    let groups = self.groups

    // Residents first (table order within each class). Only their number matters with one
    // group; with several, fixed splits need just the busiest group's count of NDP experts, and
    // only the balanced split needs the order itself.
    var residents = 0
    var low = 0
    var high = 0
    if groups == 1 {
      if let residency {
        // Branch-free: residency is data-dependent and mispredicts badly as a branch.
        for i in 0..<count { residents &+= Int(unsafeBitCast(residency[Int(tableIDs[i])], to: UInt8.self)) }
      }
      (low, high) = bounds(split, residents: residents, count: count)
    } else if split != .balanced {
      groupCount.update(repeating: 0, count: groups)
      var most: Int32 = 0
      let countResidentsOnNDP = split == .allNDP
      let flags = residency ?? UnsafePointer(noneResident)
      for i in 0..<count {
        // Branch-free: count residents, and add the expert to its group's NDP count unless it
        // is resident and residents stay on the GPU.
        let e = Int(tableIDs[i])
        let isResident = Int32(unsafeBitCast(flags[e], to: UInt8.self))
        residents &+= Int(isResident)
        let g = Int(groupOf[e])
        let c = groupCount[g] &+ (countResidentsOnNDP ? 1 : 1 &- isResident)
        groupCount[g] = c
        most = max(most, c)
      }
      (low, high) = bounds(split, residents: residents, count: count)
      // All-GPU leaves nothing on the NDP units.
      suffixMaxCount[low] = low == count ? 0 : most
    } else {
      var order = tableIDs
      if let residency {
        for i in 0..<count where residency[Int(tableIDs[i])] {
          ids[residents] = tableIDs[i]
          residents += 1
        }
        if residents > 0 {
          var next = residents
          for i in 0..<count where !residency[Int(tableIDs[i])] {
            ids[next] = tableIDs[i]
            next += 1
          }
          order = UnsafePointer(ids)
        }
      }
      (low, high) = bounds(split, residents: residents, count: count)
      groupCount.update(repeating: 0, count: groups)
      var most: Int32 = 0
      suffixMaxCount[count] = 0
      var i = count - 1
      while i >= low {
        let g = Int(groupOf[Int(order[i])])
        let c = groupCount[g] &+ 1
        groupCount[g] = c
        most = max(most, c)
        suffixMaxCount[i] = most
        i -= 1
      }
    }

    let gpuEach = gpuExpertSeconds(n)
    let slice = ndpSliceSeconds(n)
    let fetch = cost.expertFetchSeconds
    let activationBytes = n * cost.activationBytesPerToken
    let degreeFactor = Double(degree)
    @inline(__always) func gpu(_ k: Int) -> Double {
      sharedSeconds + (Double(k) * gpuEach + Double(max(0, k - residents)) * fetch)
    }
    @inline(__always) func busiestGroup(_ k: Int) -> Double {
      Double(groups == 1 ? Int32(count - k) : suffixMaxCount[k])
    }
    @inline(__always) func seconds(_ k: Int) -> Double {
      let remaining = Double(count - k)
      let dispatch = remaining * activationBytes
      return cost.linkSeconds(bytes: dispatch) + max(gpu(k), busiestGroup(k) * slice)
        + cost.returnSeconds(bytes: degreeFactor * dispatch, degree: degree)
    }
    var best = low
    if low != high {
      var bestSeconds = Double.infinity
      if groups == 1 {
        // One group: on [low, count - 1] the cost is convex in k (G(k) convex, N(k) and the
        // transfers linear), so descending from the resident boundary k = r (usually next to
        // the optimum) until the cost rises finds the minimum; k = count, where the link
        // latency terms vanish, is checked on its own. With nothing resident the descent starts
        // at k = low, so the all-NDP candidate is always evaluated there.
        let last = min(high, count - 1)
        if last >= low {
          best = min(max(residents, low), last)
          bestSeconds = seconds(best)
          var k = best + 1
          while k <= last {
            let candidate = seconds(k)
            if !(candidate < bestSeconds) { break }
            bestSeconds = candidate
            best = k
            k += 1
          }
          if best == min(max(residents, low), last) {
            k = best - 1
            while k >= low {
              let candidate = seconds(k)
              if !(candidate < bestSeconds) { break }
              bestSeconds = candidate
              best = k
              k -= 1
            }
          }
        }
        if high == count && count > low {
          let candidate = seconds(count)
          if candidate < bestSeconds || last < low { best = count }
        }
      } else {
        bestSeconds = seconds(low)
        for k in (low + 1)...high {
          let candidate = seconds(k)
          if candidate < bestSeconds {
            bestSeconds = candidate
            best = k
          }
        }
      }
    }

    let remaining = Double(count - best)
    let dispatchBytes = remaining * activationBytes
    let returnBytes = degreeFactor * dispatchBytes
    let fetched = max(0, best - residents)
    var outcome = LayerOutcome()
    outcome.dispatchSeconds = cost.linkSeconds(bytes: dispatchBytes)
    outcome.gpuSeconds = gpu(best)
    outcome.gpuFetchSeconds = Double(fetched) * fetch
    outcome.ndpSeconds = busiestGroup(best) * slice
    outcome.ndpMeanSeconds = remaining * slice / Double(groups)
    outcome.returnSeconds = cost.returnSeconds(bytes: returnBytes, degree: degree)
    outcome.residentActivations = residents * Int(tokens)
    outcome.activations = count * Int(tokens)
    fillTraffic(
      &outcome, gpuExperts: best, fetched: fetched, gpuTokens: Double(best) * n,
      ndpExperts: count - best, ndpTokens: remaining * n, dispatchBytes: dispatchBytes,
      returnBytes: returnBytes)
    return outcome
  }

  @inline(__always) private func fillTraffic(
    _ outcome: inout LayerOutcome, gpuExperts: Int, fetched: Int, gpuTokens: Double,
    ndpExperts: Int, ndpTokens: Double, dispatchBytes: Double, returnBytes: Double
  ) {
    let weight = cost.expertWeightBytes
    outcome.gpuBytes = Double(gpuExperts + fetched) * weight + (degree > 1 ? returnBytes : 0)
    outcome.gpuFlops = gpuTokens * cost.expertFlopsPerToken
    outcome.fetchedBytes = Double(fetched) * weight
    outcome.ndpBytes = Double(ndpExperts) * weight
    outcome.ndpFlops = ndpTokens * cost.expertFlopsPerToken
    outcome.linkBytes = outcome.fetchedBytes + dispatchBytes + returnBytes
  }

  /// Any token counts: prefix sums forward for the GPU, suffix sums backward for the NDP groups
  /// and the transfers, then the best k of the allowed range.
  private func placeGeneral(
    index: Int, residency: UnsafePointer<Bool>?, split: PlacementSplit, sharedSeconds: Double
  ) -> (outcome: LayerOutcome, best: Int) {
    let start = table.offsets[index]
    let count = table.offsets[index + 1] - start
    let activations = table.activationTotals[index]
    let groups = self.groups

    // Order: residents first, each class keeping the table's (tokens desc, id asc) order. With
    // nothing resident the table's own lists are the order, read in place.
    var residents = 0
    var residentActivations = 0
    let ids: UnsafePointer<UInt16>
    let counts: UnsafePointer<Int32>
    let resident: UnsafePointer<Bool>
    let tableIDs = table.expertIDs.baseAddress! + start
    let tableCounts = table.tokenCounts.baseAddress! + start
    if let residency {
      for i in 0..<count where residency[Int(tableIDs[i])] {
        self.ids[residents] = tableIDs[i]
        self.counts[residents] = tableCounts[i]
        self.resident[residents] = true
        residentActivations += Int(tableCounts[i])
        residents += 1
      }
      var next = residents
      for i in 0..<count where !residency[Int(tableIDs[i])] {
        self.ids[next] = tableIDs[i]
        self.counts[next] = tableCounts[i]
        self.resident[next] = false
        next += 1
      }
      ids = UnsafePointer(self.ids)
      counts = UnsafePointer(self.counts)
      resident = UnsafePointer(self.resident)
    } else {
      ids = tableIDs
      counts = tableCounts
      resident = UnsafePointer(noneResident)
    }
    let (low, high) = bounds(split, residents: residents, count: count)
    let degreeFactor = Double(degree)
    let fetchSeconds = cost.expertFetchSeconds

    // G(k), forward.
    let gpuPrefix = columns
    let fetchPrefix = columns + capacity
    var gpu = sharedSeconds
    var fetchTotal = 0.0
    gpuPrefix[0] = gpu
    fetchPrefix[0] = 0
    var i = 0
    while i < high {
      let fetch = resident[i] ? 0 : fetchSeconds
      gpu = gpu + (fetch + gpuExpertSeconds(Double(counts[i])))
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
    i = count - 1
    while i >= low {
      let n = Double(counts[i])
      let slice = ndpSliceSeconds(n)
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

    var best = low
    if low != high {
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
    outcome.returnSeconds = cost.returnSeconds(bytes: returnSuffix[best], degree: degree)
    outcome.residentActivations = residentActivations
    outcome.activations = activations
    var gpuTokens = 0
    var fetched = 0
    for j in 0..<best {
      gpuTokens += Int(counts[j])
      if !resident[j] { fetched += 1 }
    }
    fillTraffic(
      &outcome, gpuExperts: best, fetched: fetched, gpuTokens: Double(gpuTokens),
      ndpExperts: count - best, ndpTokens: Double(activations - gpuTokens),
      dispatchBytes: dispatchSuffix[best], returnBytes: returnSuffix[best])
    return (outcome, best)
  }

  /// A placement decision spelled out, for timelines (the general path; it agrees with the
  /// uniform one, see UniformFastPathTests).
  struct Decision {
    struct Item {
      var expert: Int
      var tokens: Int32
      var resident: Bool
    }

    var outcome: LayerOutcome
    var order: [Item]
    var best: Int
    var degree: Int
    var fetchSeconds: Double
    var gpuSeconds: (Int32) -> Double
    var sliceSeconds: (Int32) -> Double
  }

  func decide(
    step: Int, layer: Int, residency: UnsafePointer<Bool>?, split: PlacementSplit,
    sharedSeconds: Double
  ) -> Decision {
    let index = step * table.layers + layer
    let (outcome, best) = placeGeneral(
      index: index, residency: residency, split: split, sharedSeconds: sharedSeconds)
    let start = table.offsets[index]
    let count = table.offsets[index + 1] - start
    // placeGeneral leaves the order in its scratch buffers when something was resident, else the
    // order is the table's own.
    var order: [Decision.Item] = []
    for i in 0..<count {
      if residency != nil {
        order.append(.init(expert: Int(ids[i]), tokens: counts[i], resident: resident[i]))
      } else {
        order.append(
          .init(
            expert: Int(table.expertIDs[start + i]), tokens: table.tokenCounts[start + i], resident: false))
      }
    }
    return Decision(
      outcome: outcome, order: order, best: best, degree: degree, fetchSeconds: cost.expertFetchSeconds,
      gpuSeconds: { self.gpuExpertSeconds(Double($0)) }, sliceSeconds: { self.ndpSliceSeconds(Double($0)) })
  }
}
