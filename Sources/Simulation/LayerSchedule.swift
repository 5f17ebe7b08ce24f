/// The expert phase of one MoE layer in one step, as a timeline: what ran where and when.
/// Times are seconds from the start of the expert phase.
public struct LayerSchedule: Sendable, Equatable {
  public enum Lane: Sendable, Hashable, Comparable {
    /// The link toward the GPU (weights, partial sums) and from it (activations).
    case linkToGPU
    case linkFromGPU
    case gpu
    case ndp(Int)
    case unitLinks
    case host

    public var name: String {
      switch self {
      case .linkToGPU: return "link to GPU"
      case .linkFromGPU: return "link from GPU"
      case .gpu: return "GPU"
      case .ndp(let unit): return "NDP \(unit)"
      case .unitLinks: return "unit links"
      case .host: return "host CPU"
      }
    }
  }

  public enum Kind: String, Sendable, CaseIterable {
    case dispatch, fetch, prefetch, shared, compute, reduce
    case ret = "return"
  }

  public struct Task: Sendable, Equatable {
    public var lane: Lane
    public var kind: Kind
    public var start: Double
    public var end: Double
    /// The expert id, or nil for transfers of several experts and for shared experts.
    public var expert: Int?
  }

  public var policy: PolicyName
  public var step: Int
  public var layer: Int
  public var ndpUnits: Int
  public var tasks: [Task]

  public init(policy: PolicyName, step: Int, layer: Int, ndpUnits: Int, tasks: [Task]) {
    self.policy = policy
    self.step = step
    self.layer = layer
    self.ndpUnits = ndpUnits
    self.tasks = tasks
  }

  public var seconds: Double { tasks.map(\.end).max() ?? 0 }

  /// Adds the background transfers (prefetches, cache fills) `lane` moved during the phase
  /// [`start`, `end`], in the link's idle time, as `prefetch` tasks on the link to the GPU.
  mutating func addBackground(_ lane: inout LinkLane, from start: Double, to end: Double) {
    lane.advance(to: end)
    var merged: [ClosedRange<Double>] = []
    for span in lane.backgroundSpans ?? [] where span.upperBound > start && span.lowerBound < end {
      let clipped = max(span.lowerBound, start)...min(span.upperBound, end)
      if let last = merged.last, clipped.lowerBound <= last.upperBound + 1e-12 {
        merged[merged.count - 1] = last.lowerBound...max(last.upperBound, clipped.upperBound)
      } else {
        merged.append(clipped)
      }
    }
    for span in merged where span.upperBound > span.lowerBound {
      tasks.append(
        Task(
          lane: .linkToGPU, kind: .prefetch, start: span.lowerBound - start, end: span.upperBound - start,
          expert: nil))
    }
  }
}

extension ExpertPlacement {
  /// The timeline of the phase `place` just scheduled, from the same per-position times it chose
  /// from: each fetch and GPU computation in order, each far-side group's experts (from the last
  /// position down) on all of the group's units, the transfers, and the GPU's reduction.
  func describe(policy: PolicyName, step: Int, layer: Int, ndpUnits: Int) -> LayerSchedule {
    let t = last
    let base = lastBase
    let t0 = base.startSeconds
    let fetch = cost.expertFetchSeconds
    var tasks: [LayerSchedule.Task] = []
    func add(
      _ lane: LayerSchedule.Lane, _ kind: LayerSchedule.Kind, _ start: Double, _ end: Double, _ e: Int?
    ) {
      if end > start {
        tasks.append(.init(lane: lane, kind: kind, start: start - t0, end: end - t0, expert: e))
      }
    }
    add(.gpu, .shared, t0, t0 + base.sharedSeconds, nil)
    for i in 0..<t.k {
      let e = Int(ids[i])
      add(
        .gpu, .compute, prefix[i + 1].endSeconds - (prefix[i + 1].computeSeconds - prefix[i].computeSeconds),
        prefix[i + 1].endSeconds, e)
      if i >= base.residents {
        let arrival = base.fetchStart + Double(i - base.residents + 1) * fetch
        add(.linkToGPU, .fetch, arrival - fetch, arrival, e)
      }
    }
    guard t.k < base.count else {
      return LayerSchedule(policy: policy, step: step, layer: layer, ndpUnits: ndpUnits, tasks: tasks)
    }
    add(.linkFromGPU, .dispatch, base.dispatchStart, t.dispatchEnd, nil)
    let streamedStarts = far.streaming == nil ? [] : streamedStarts(from: t.k, count: base.count)
    for i in t.k..<base.count {
      let e = Int(ids[i])
      let finish = t.dispatchEnd + farFinish[i]
      let start =
        far.streaming == nil
        ? finish - far.expertSeconds(tokens: counts[i], weightShare: lastWeightShares?[e] ?? 1)
        : t.dispatchEnd + streamedStarts[i - t.k]
      switch far.kind {
      case .host: add(.host, .compute, start, finish, e)
      case .ndp:
        let first = Int(groupOf[e]) * far.degree
        for unit in first..<(first + far.degree) { add(.ndp(unit), .compute, start, finish, e) }
      }
    }
    if let streaming = far.streaming {
      // The slices streamed between units, as weights moved: each group's links from the
      // dispatch for its experts' transfers (groups overlap on the one lane).
      var experts = [Double](repeating: 0, count: far.groups)
      for i in t.k..<base.count { experts[Int(groupOf[Int(ids[i])])] += 1 }
      for count in experts where count > 0 {
        add(.unitLinks, .fetch, t.dispatchEnd, t.dispatchEnd + count * streaming.transferSeconds, nil)
      }
    }
    add(.unitLinks, .reduce, t.farDone, t.reduced, nil)
    add(.linkToGPU, .ret, t.returnStart, t.returnEnd, nil)
    add(.gpu, .reduce, t.endSeconds - t.reduceSeconds, t.endSeconds, nil)
    return LayerSchedule(policy: policy, step: step, layer: layer, ndpUnits: ndpUnits, tasks: tasks)
  }

  /// Where each far position from `k` starts on a streamed group, after the dispatch: its
  /// experts overlap one another, so each is drawn over its share of the group's time, from
  /// where the group's later positions left it (groups run from the last position down).
  private func streamedStarts(from k: Int, count: Int) -> [Double] {
    var load = [Double](repeating: 0, count: far.groups)
    var starts = [Double](repeating: 0, count: count - k)
    for i in (k..<count).reversed() {
      let group = Int(groupOf[Int(ids[i])])
      starts[i - k] = load[group]
      load[group] = farFinish[i]
    }
    return starts
  }
}
