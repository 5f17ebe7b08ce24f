/// The expert phase of one MoE layer in one step, as a timeline: what ran where and when.
/// Times are seconds from the start of the expert phase.
public struct LayerSchedule: Sendable, Equatable {
  public enum Lane: Sendable, Hashable, Comparable {
    case link
    case gpu
    case ndp(Int)

    public var name: String {
      switch self {
      case .link: return "link"
      case .gpu: return "GPU"
      case .ndp(let unit): return "NDP \(unit)"
      }
    }
  }

  public enum Kind: String, Sendable {
    case dispatch, fetch, compute, shared, ret = "return"
  }

  public struct Task: Sendable, Equatable {
    public var lane: Lane
    public var kind: Kind
    public var start: Double
    public var end: Double
    /// The expert id, or nil for transfers and shared experts.
    public var expert: Int?
  }

  public var policy: PolicyName
  public var step: Int
  public var layer: Int
  public var ndpUnits: Int
  public var tasks: [Task]

  public var seconds: Double { tasks.map(\.end).max() ?? 0 }
}

extension ExpertPlacement {
  /// The timeline of the placement `place` would choose: dispatch on the link, then the GPU's
  /// shared experts and its prefix of experts (fetch, then compute) in order, each NDP group's
  /// slices in order on all of its units, then the return transfer.
  func explain(
    step: Int, layer: Int, residency: UnsafePointer<Bool>?, split: PlacementSplit,
    sharedSeconds: Double, policy: PolicyName, units: Int
  ) -> LayerSchedule {
    let decision = decide(
      step: step, layer: layer, residency: residency, split: split, sharedSeconds: sharedSeconds)
    var tasks: [LayerSchedule.Task] = []
    let dispatch = decision.outcome.dispatchSeconds
    if dispatch > 0 {
      tasks.append(.init(lane: .link, kind: .dispatch, start: 0, end: dispatch, expert: nil))
    }
    var gpu = dispatch
    if sharedSeconds > 0 {
      tasks.append(.init(lane: .gpu, kind: .shared, start: gpu, end: gpu + sharedSeconds, expert: nil))
      gpu += sharedSeconds
    }
    var groupTime = [Double](repeating: dispatch, count: max(1, units / max(1, decision.degree)))
    for (position, item) in decision.order.enumerated() {
      if position < decision.best {
        if !item.resident {
          let fetch = decision.fetchSeconds
          tasks.append(.init(lane: .gpu, kind: .fetch, start: gpu, end: gpu + fetch, expert: item.expert))
          gpu += fetch
        }
        let compute = decision.gpuSeconds(item.tokens)
        tasks.append(.init(lane: .gpu, kind: .compute, start: gpu, end: gpu + compute, expert: item.expert))
        gpu += compute
      } else {
        let group = item.expert % groupTime.count
        let slice = decision.sliceSeconds(item.tokens)
        for unit in 0..<decision.degree {
          tasks.append(
            .init(
              lane: .ndp(group * decision.degree + unit), kind: .compute, start: groupTime[group],
              end: groupTime[group] + slice, expert: item.expert))
        }
        groupTime[group] += slice
      }
    }
    let end = max(gpu, groupTime.max() ?? dispatch)
    let back = decision.outcome.returnSeconds
    if back > 0 { tasks.append(.init(lane: .link, kind: .ret, start: end, end: end + back, expert: nil)) }
    return LayerSchedule(policy: policy, step: step, layer: layer, ndpUnits: units, tasks: tasks)
  }
}
