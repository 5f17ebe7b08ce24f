import Basics
import NDPModel
import Routing

/// Routing prepared once per workload and reused across policies and hardware points, with the
/// decisions policies make from it alone (`DecisionCache`).
public struct PreparedWorkload: Sendable {
  public let routing: Routing
  public let table: ActivationTable
  public let decisions: DecisionCache

  public init(routing: Routing) {
    self.init(routing: routing, table: ActivationTable(routing: routing))
  }

  /// A workload whose table is already made (a rewritten routing's); `decisionFloorBytes` is the
  /// least its decisions may keep (`DecisionCache`).
  init(routing: Routing, table: ActivationTable, decisionFloorBytes: Int = 64 << 20) {
    self.routing = routing
    self.table = table
    decisions = DecisionCache(tableBytes: table.approximateBytes, floorBytes: decisionFloorBytes)
  }

  /// Generates the routing for `point`'s model and workload with the seeded generator.
  public init(generatingFor point: DesignPoint) {
    self.init(routing: RoutingGenerator.generate(model: point.model, workload: point.workload))
  }

  /// About how much memory the routing, its table and the decisions made on it hold.
  public var approximateBytes: Int { routingBytes + decisions.approximateBytes }

  /// About how much memory the routing and its table hold.
  public var routingBytes: Int {
    let slots = routing.requests.reduce(0) { $0 + $1.prefill.experts.count + $1.decode.experts.count }
    return slots * 6 + table.approximateBytes
  }
}

/// The results of every requested policy at one point.
public struct Evaluation: Sendable {
  public var point: DesignPoint
  public var baseline: PolicyName
  public var results: [PolicyResult]
  public var memory: MemoryPlan
  /// Whether the baseline was feasible here (else no result has a speedup).
  public var baselineFeasible: Bool
}

/// The pure evaluator: a design point and its prepared routing in, results out. No I/O.
public enum Evaluator {
  /// Checks the consistency a parameter's own domain cannot express.
  public static func validate(_ point: DesignPoint) throws(InputError) {
    let model = point.model
    let units = point.hardware.ndpUnits
    if model.topK > model.experts {
      throw InputError("model.top_k (\(model.topK)) must not exceed model.experts (\(model.experts))")
    }
    if model.firstDenseLayers >= model.layers {
      throw InputError("model.dense_layers must be below model.layers (\(model.layers))")
    }
    if model.experts > Int(UInt16.max) { throw InputError("model.experts must be at most 65535") }
    if let degree = point.options.tpDegree {
      if degree > units || units % degree != 0 {
        throw InputError(
          "policy.tp_degree (--tp-degree) must divide the NDP unit count \(units), got \(degree)")
      }
    }
  }

  public static func tpDegree(_ point: DesignPoint) -> Int {
    point.options.tpDegree ?? point.hardware.ndpUnits
  }

  /// Evaluates `policies` (and the baseline, for speedups) at `point`.
  public static func evaluate(
    point: DesignPoint, workload: PreparedWorkload, policies: [PolicyName],
    baseline: PolicyName = .monde
  ) throws(InputError) -> Evaluation {
    let prepared = try prepare(point: point, workload: workload)
    func run(_ policy: PolicyName) -> PolicyResult {
      if let reason = prepared.memory.infeasibility(policy: policy, point: point, tpDegree: prepared.degree) {
        return PolicyResult(policy: policy, feasible: false, infeasibleReason: reason)
      }
      return policy.visit(RunPolicy(context: prepared.context))
    }

    var results = policies.map(run)
    let base = results.first { $0.policy == baseline } ?? run(baseline)
    for i in results.indices where results[i].feasible && base.feasible {
      results[i].speedup = base.e2eSeconds / results[i].e2eSeconds
    }
    return Evaluation(
      point: point, baseline: baseline, results: results, memory: prepared.memory,
      baselineFeasible: base.feasible)
  }

  /// What running any policy at a point needs, computed once per point.
  struct Prepared {
    var context: SimulationContext
    var memory: MemoryPlan
    var degree: Int
  }

  static func prepare(point: DesignPoint, workload: PreparedWorkload) throws(InputError) -> Prepared {
    try validate(point)
    try workload.routing.check(model: point.model, workload: point.workload)
    let degree = tpDegree(point)
    let memory = MemoryPlan(point: point)
    let cost = CostModel(point: point, tpDegree: degree)
    let context = SimulationContext(
      point: point, cost: cost,
      nonExpert: NonExpertCosts(point: point, cost: cost, steps: workload.table.steps),
      workload: workload, gpuExpertsPerLayer: max(0, memory.gpuExpertsPerLayer),
      cacheExpertsPerLayer: max(0, memory.cacheExpertsPerLayer))
    return Prepared(context: context, memory: memory, degree: degree)
  }

  /// The expert-phase timeline of `policy` at decode `step` (1-based; 0 is the prefill) and MoE
  /// `layer`; nil when the policy does not fit the point.
  public static func schedule(
    point: DesignPoint, workload: PreparedWorkload, policy: PolicyName, step: Int, layer: Int
  ) throws(InputError) -> LayerSchedule? {
    let prepared = try prepare(point: point, workload: workload)
    if prepared.memory.infeasibility(policy: policy, point: point, tpDegree: prepared.degree) != nil {
      return nil
    }
    return policy.visit(
      ExplainPolicy(
        context: prepared.context, step: min(max(0, step), workload.table.steps - 1),
        layer: min(max(0, layer), workload.table.layers - 1)))
  }
}

/// Something to do with a policy's type; `PolicyName.visit` is the one place names meet types.
/// Each case passes a concrete type, so the generic step loop is specialised per policy.
protocol PolicyVisitor {
  associatedtype Output
  func visit<Policy: PlacementPolicy>(_ type: Policy.Type) -> Output
}

struct RunPolicy: PolicyVisitor {
  let context: SimulationContext
  @inline(__always) func visit<Policy: PlacementPolicy>(_ type: Policy.Type) -> PolicyResult {
    Simulator.run(type, context: context)
  }
}

struct ExplainPolicy: PolicyVisitor {
  let context: SimulationContext
  let step: Int
  let layer: Int
  func visit<Policy: PlacementPolicy>(_ type: Policy.Type) -> LayerSchedule {
    Simulator.schedule(type, context: context, step: step, layer: layer)
  }
}

extension PolicyName {
  func visit<Visitor: PolicyVisitor>(_ visitor: Visitor) -> Visitor.Output {
    switch self {
    case .gpuOffload: return visitor.visit(GPUOffloadPolicy.self)
    case .ep: return visitor.visit(ExpertParallelPolicy.self)
    case .monde: return visitor.visit(MoNDEPolicy.self)
    case .tp: return visitor.visit(TensorParallelPolicy.self)
    case .tpLB: return visitor.visit(LoadBalancedPolicy.self)
    case .tpLBPF: return visitor.visit(PrefetchPolicy.self)
    case .tpLBPFSub: return visitor.visit(SubstitutingPrefetchPolicy.self)
    case .tpLBPP: return visitor.visit(PredictedPrefetchPolicy.self)
    case .duplex: return visitor.visit(DuplexPolicy.self)
    case .ctxPlace: return visitor.visit(ContextPlacementPolicy.self)
    case .tpStream: return visitor.visit(ExpertStreamingPolicy.self)
    case .offloadPP: return visitor.visit(OffloadPredictedPrefetchPolicy.self)
    case .smoeEvict: return visitor.visit(SMoEPolicy<ScoreEviction>.self)
    case .smoeSub: return visitor.visit(SMoEPolicy<ScoreEvictionSubstitution>.self)
    case .smoePF: return visitor.visit(SMoEPolicy<ScoreEvictionSubstitutionPrefetch>.self)
    case .smoe: return visitor.visit(SMoEPolicy<FullSMoE>.self)
    case .oracle: return visitor.visit(OraclePolicy.self)
    }
  }
}
