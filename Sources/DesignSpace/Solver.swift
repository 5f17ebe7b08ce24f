import Basics
import Foundation
import NDPModel
import Simulation

/// `ndpscope solve`: the least (or most) value of one parameter at which a policy meets a target.
///
/// Where `MonotoneLaws` hold, whether the target is met changes once over the range, so the ends
/// decide and bisection finds the boundary. Elsewhere the range is scanned (every whole value when
/// there are at most `Solver.exhaustiveCount`, else `Solver.scanCount` values) and the boundary
/// next to the best meeting sample is bisected; a window narrower than the scan's step can be
/// missed, and the answer says so.
public struct Solver: Sendable {
  public enum Goal: String, Sendable {
    case least, most
  }

  public let point: DesignPoint
  public let parameter: Parameter
  public let target: Constraint
  public let range: ClosedRange<Double>
  public let goal: Goal
  /// Continuous parameters: bisection stops when the bracket is within this share of the answer.
  public let tolerance: Double
  /// Routing made once per workload the values need, shared by the policies.
  let routing = RoutingCache()

  static let exhaustiveCount = 256
  static let scanCount = 48

  public init(
    point: DesignPoint, parameter: Parameter, target: Constraint, range: ClosedRange<Double>, goal: Goal,
    tolerance: Double = 1e-3
  ) {
    self.point = point
    self.parameter = parameter
    self.target = target
    self.range = range
    self.goal = goal
    self.tolerance = tolerance
  }

  var isInteger: Bool {
    if case .integer = parameter.domain { return true }
    return false
  }

  /// The answer for one policy.
  public func solve(_ policy: PolicyName) -> SolveAnswer {
    var probe = Probe(solver: self, policy: policy)
    let monotone = MonotoneLaws.holds(metric: target.metric!, key: parameter.key, policy: policy)
    let bracket = monotone ? endsBracket(&probe) : scanBracket(&probe)
    var answer = SolveAnswer(policy: policy, monotone: monotone)
    answer.scanned = monotone ? 0 : scanValues().count
    answer.exhaustive = !monotone && isExhaustive
    guard let bracket else {
      answer.closest = probe.closest
      answer.lastNote = probe.lastNote
      answer.evaluations = probe.evaluations
      return answer
    }
    let boundary = bisect(bracket, &probe)
    answer.answer = probe.sample(boundary.meets)
    answer.beyond = boundary.fails.map { probe.sample($0) }
    answer.evaluations = probe.evaluations
    return answer
  }

  /// A meeting value and the failing value next to it on the side the goal pushes toward (nil
  /// when the range's own end meets).
  struct Bracket {
    var meets: Double
    var fails: Double?
  }

  /// With a monotone metric the ends decide: the goal's end if it meets, else the other end if it
  /// meets (the boundary lies between), else nothing in the range does.
  func endsBracket(_ probe: inout Probe) -> Bracket? {
    let (near, far) =
      goal == .least ? (range.lowerBound, range.upperBound) : (range.upperBound, range.lowerBound)
    if probe.meets(near) { return Bracket(meets: near, fails: nil) }
    return probe.meets(far) ? Bracket(meets: far, fails: near) : nil
  }

  /// Without monotonicity: the scan's meeting value furthest toward the goal, and its neighbour.
  func scanBracket(_ probe: inout Probe) -> Bracket? {
    let values = goal == .least ? scanValues() : scanValues().reversed()
    for (i, value) in values.enumerated() where probe.meets(value) {
      return Bracket(meets: value, fails: i == 0 ? nil : values[i - 1])
    }
    return nil
  }

  /// Whether a scan tries every whole value of the range (and so misses nothing).
  var isExhaustive: Bool { isInteger && range.upperBound - range.lowerBound < Double(Self.exhaustiveCount) }

  /// The values a scan evaluates, ascending: every whole value when few enough, else evenly
  /// spaced (on a log scale when the range spans a factor of 10 or more).
  func scanValues() -> [Double] {
    let (low, high) = (range.lowerBound, range.upperBound)
    if isExhaustive { return Array(stride(from: low, through: high, by: 1)) }
    let logarithmic = low > 0 && high / low >= 10
    var values: [Double] = []
    for i in 0..<Self.scanCount {
      let share = Double(i) / Double(Self.scanCount - 1)
      var value = logarithmic ? low * Foundation.pow(high / low, share) : low + (high - low) * share
      if isInteger { value = value.rounded() }
      if values.last != value { values.append(value) }
    }
    values[values.count - 1] = high
    return values
  }

  /// Narrows the bracket to adjacent whole values, or to `tolerance` of the meeting value.
  func bisect(_ bracket: Bracket, _ probe: inout Probe) -> Bracket {
    guard var fails = bracket.fails else { return bracket }
    var meets = bracket.meets
    while !closeEnough(meets, fails) {
      // Whole values more than 1 apart have one strictly between.
      let mid = isInteger ? ((meets + fails) / 2).rounded(.down) : (meets + fails) / 2
      if probe.meets(mid) { meets = mid } else { fails = mid }
    }
    return Bracket(meets: meets, fails: fails)
  }

  func closeEnough(_ a: Double, _ b: Double) -> Bool {
    isInteger ? abs(a - b) <= 1 : abs(a - b) <= tolerance * max(abs(a), abs(b))
  }
}

/// The search's evaluations of one policy, remembered by value.
struct Probe {
  let solver: Solver
  let policy: PolicyName
  let lookup: ResultsTable.MetricLookup
  var samples: [Double: SolveSample] = [:]
  var evaluations = 0
  /// The feasible sample whose metric came closest to the target (for "none in range"), and the
  /// last reason a value had no metric.
  var closest: SolveSample?
  var lastNote: String?
  init(solver: Solver, policy: PolicyName) {
    self.solver = solver
    self.policy = policy
    lookup = ResultsTable.MetricLookup(solver.target.metric!)
  }

  mutating func meets(_ value: Double) -> Bool {
    sample(value).meets
  }

  mutating func sample(_ value: Double) -> SolveSample {
    if let known = samples[value] { return known }
    let made = evaluate(value)
    samples[value] = made
    evaluations += 1
    if let note = made.note { lastNote = note }
    if let metric = made.metric, closest.map({ closer(metric, than: $0.metric!) }) ?? true { closest = made }
    return made
  }

  func closer(_ metric: Double, than other: Double) -> Bool {
    abs(metric - solver.target.bound) < abs(other - solver.target.bound)
  }

  func evaluate(_ value: Double) -> SolveSample {
    var point = solver.point
    do {
      try solver.parameter.apply(value, to: &point)
      let workload = solver.routing.workload(for: point)
      let evaluation = try Evaluator.evaluate(
        point: point, workload: workload, policies: [policy], baseline: policy)
      let result = evaluation.results[0]
      guard result.feasible else {
        return SolveSample(value: value, result: result, note: result.infeasibleReason ?? "infeasible")
      }
      var sample = SolveSample(value: value, result: result)
      sample.metric = lookup.value(result, point: point, cost: 0)
      sample.meets = sample.metric.map(solver.target.holds) ?? false
      return sample
    } catch {
      return SolveSample(value: value, result: nil, note: error.description)
    }
  }
}

/// One evaluation: the parameter's value, the metric there and whether it meets the target.
public struct SolveSample: Sendable {
  public var value: Double
  public var result: PolicyResult?
  /// Why there is no metric: the point cannot be built, or the policy is infeasible there.
  public var note: String?
  public var metric: Double?
  public var meets = false

  init(value: Double, result: PolicyResult?, note: String? = nil) {
    self.value = value
    self.result = result
    self.note = note
  }
}

/// What `Solver.solve` found for one policy.
public struct SolveAnswer: Sendable {
  public let policy: PolicyName
  /// Whether the laws made the search a bisection.
  public let monotone: Bool
  /// The least (or most) meeting value found; nil when no value in the range meets the target.
  public var answer: SolveSample?
  /// The value just past the answer (below it for `least`), which does not meet the target; nil
  /// when the answer is the range's end.
  public var beyond: SolveSample?
  /// With no answer: the feasible value whose metric came closest to the target, and the last
  /// reason a value had no metric (infeasible, or cannot be built).
  public var closest: SolveSample?
  public var lastNote: String?
  /// How many values a non-monotone search would scan (it stops at the first that meets), and
  /// whether they are every whole value of the range (nothing to bisect, nothing missed).
  public var scanned = 0
  public var exhaustive = false
  public var evaluations = 0
}
