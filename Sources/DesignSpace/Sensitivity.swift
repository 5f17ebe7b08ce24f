import Basics
import NDPModel
import Simulation

/// `ndpscope sensitivity`: how much each metric moves per relative change of each numeric
/// parameter at one point, for one policy. The elasticity of metric m in parameter x is
/// (dm / m) / (dx / x), estimated from one step down and one up, (m(x+) - m(x-)) / m(x) over
/// (x+ - x-) / x; 0.5 means a 10% larger x gives a 5% larger m. Steps stay in the parameter's
/// domain (one-sided at its edge); whole-number parameters step by at least 1.
public struct Sensitivity: Sendable {
  public static let defaultMetrics = [
    "tpot_ms", "ttft_ms", "decode_tokens_per_s", "energy_mj_per_token", "power_w",
  ]

  public let point: DesignPoint
  public let policy: PolicyName
  public let metrics: [String]
  /// The relative step, e.g. 0.1 for 10% down and up.
  public let step: Double
  /// Key prefixes of the parameters to perturb (`gpu`, `ndp`, `link`, `host`, `model`,
  /// `routing`, `workload`, `policy`); empty: all.
  public let groups: [String]
  /// Where each metric's value comes from, resolved once.
  let lookups: [ResultsTable.MetricLookup]

  public static let groupNames = ["gpu", "ndp", "link", "host", "model", "routing", "workload", "policy"]

  public init(
    point: DesignPoint, policy: PolicyName, metrics: [String], step: Double = 0.1, groups: [String] = []
  ) {
    self.point = point
    self.policy = policy
    self.metrics = metrics
    self.step = step
    self.groups = groups
    lookups = metrics.map(ResultsTable.MetricLookup.init)
  }

  func includes(_ key: String) -> Bool {
    key != "workload.seed" && (groups.isEmpty || groups.contains { key.hasPrefix($0 + ".") })
  }

  /// One parameter's elasticities, in `metrics` order (nil where a step made the run infeasible).
  public struct Entry: Sendable {
    public let key: String
    public let value: Double
    public let low: Double
    public let high: Double
    public var elasticities: [Double?]
    /// Why some elasticity is missing.
    public var note: String?
  }

  /// Every parameter with a nonzero value at the point (the routing seed aside), ranked by the
  /// size of its elasticity of the first metric; nil when the point itself is infeasible.
  public func compute() throws(InputError) -> (base: PolicyResult, entries: [Entry]) {
    // Routing is made again only when a step changes what it depends on.
    let routing = RoutingCache()
    let base = try evaluate(point, routing.workload(for: point))
    guard base.feasible else {
      throw InputError("\(policy.rawValue) is infeasible at this point: \(base.infeasibleReason ?? "")")
    }
    let baseValues = values(base, at: point)
    var entries: [Entry] = []
    for parameter in ParameterRegistry.all where includes(parameter.key) {
      guard let value = parameter.value(in: point), value != 0, let (low, high) = steps(parameter, value)
      else {
        continue
      }
      entries.append(entry(parameter, value: value, low: low, high: high, base: baseValues, routing: routing))
    }
    return (base, ranked(entries))
  }

  /// The values one step down and up, inside the domain; nil when there is no room either way.
  func steps(_ parameter: Parameter, _ value: Double) -> (Double, Double)? {
    var low = value * (1 - step)
    var high = value * (1 + step)
    switch parameter.domain {
    case .positive, .nonNegative: break
    case .fraction, .probability: high = min(high, 1)
    case .integer(let minimum):
      let delta = max(1, (value * step).rounded())
      (low, high) = (max(Double(minimum), value - delta), value + delta)
    case .offOrWithin(let range): (low, high) = (max(range.lowerBound, low), min(range.upperBound, high))
    }
    if case .fraction = parameter.domain, low <= 0 { low = value }
    return low < high ? (low, high) : nil
  }

  /// A step that fails (infeasible, or cannot be built) is replaced by the point itself: the
  /// difference is then one-sided, and the note says why.
  func entry(
    _ parameter: Parameter, value: Double, low: Double, high: Double, base: [Double?], routing: RoutingCache
  ) -> Entry {
    let down = run(parameter, low, routing)
    let up = run(parameter, high, routing)
    let (from, a) = down.values.map { (low, $0) } ?? (value, base)
    let (to, b) = up.values.map { (high, $0) } ?? (value, base)
    var result = Entry(
      key: parameter.key, value: value, low: from, high: to,
      elasticities: Array(repeating: nil, count: metrics.count))
    result.note = (down.note ?? up.note).map { from < to ? "one-sided: \($0)" : $0 }
    guard from < to else { return result }
    let relativeStep = (to - from) / value
    for i in metrics.indices {
      guard let m = base[i], m != 0, let x = a[i], let y = b[i] else { continue }
      result.elasticities[i] = ((y - x) / m) / relativeStep
    }
    return result
  }

  /// The metrics with `parameter` at `value`, or why there are none.
  func run(
    _ parameter: Parameter, _ value: Double, _ routing: RoutingCache
  ) -> (values: [Double?]?, note: String?) {
    var changed = point
    do {
      try parameter.apply(value, to: &changed)
      let result = try evaluate(changed, routing.workload(for: changed))
      guard result.feasible else { return (nil, "infeasible at \(Parameter.format(value))") }
      return (values(result, at: changed), nil)
    } catch {
      return (nil, error.description)
    }
  }

  func evaluate(_ point: DesignPoint, _ workload: PreparedWorkload) throws(InputError) -> PolicyResult {
    try Evaluator.evaluate(point: point, workload: workload, policies: [policy], baseline: policy).results[0]
  }

  func values(_ result: PolicyResult, at point: DesignPoint) -> [Double?] {
    let outputs = result.metricValues
    return lookups.map { $0.value(result, point: point, cost: 0, outputs: outputs) }
  }

  /// Largest effect on the first metric first; missing ones last; ties in registry order.
  func ranked(_ entries: [Entry]) -> [Entry] {
    let size = { (entry: Entry) in entry.elasticities.first.flatMap { $0 }.map(abs) ?? -1 }
    return entries.enumerated().sorted { a, b in
      size(a.element) != size(b.element) ? size(a.element) > size(b.element) : a.offset < b.offset
    }.map(\.element)
  }
}
