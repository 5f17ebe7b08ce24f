import NDPModel
import Routing

/// Routing prepared once per workload and reused across policies and hardware points.
public struct PreparedWorkload: Sendable {
  public let routing: Routing
  public let table: ActivationTable

  public init(routing: Routing) {
    self.routing = routing
    table = ActivationTable(routing: routing)
  }

  /// Generates the routing for `point`'s model and workload with the seeded generator.
  public init(generatingFor point: DesignPoint) {
    self.init(routing: RoutingGenerator.generate(model: point.model, workload: point.workload))
  }
}

/// The results of every requested policy at one point.
public struct Evaluation: Sendable {
  public var point: DesignPoint
  public var baseline: PolicyName
  public var results: [PolicyResult]
  public var memory: MemoryPlan
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
    try evaluate(
      point: point, workload: workload, policies: policies, baseline: baseline, uniformFastPath: true)
  }

  static func evaluate(
    point: DesignPoint, workload: PreparedWorkload, policies: [PolicyName], baseline: PolicyName,
    uniformFastPath: Bool
  ) throws(InputError) -> Evaluation {
    try validate(point)
    try workload.routing.check(model: point.model, workload: point.workload)
    let degree = tpDegree(point)
    let memory = MemoryPlan(point: point)
    let cost = CostModel(point: point, tpDegree: degree)
    let nonExpert = NonExpertCosts(point: point, cost: cost, steps: workload.table.steps)
    let context = SimulationContext(
      point: point, cost: cost, nonExpert: nonExpert, table: workload.table, routing: workload.routing,
      gpuExpertsPerLayer: max(0, memory.gpuExpertsPerLayer), uniformFastPath: uniformFastPath)

    func run(_ policy: PolicyName) -> PolicyResult {
      if let reason = memory.infeasibility(policy: policy, point: point, tpDegree: degree) {
        return PolicyResult(policy: policy, feasible: false, infeasibleReason: reason)
      }
      switch policy {
      case .gpuOffload: return Simulator.run(GPUOffloadPolicy.self, context: context)
      case .ep: return Simulator.run(ExpertParallelPolicy.self, context: context)
      case .monde: return Simulator.run(MoNDEPolicy.self, context: context)
      case .tp: return Simulator.run(TensorParallelPolicy.self, context: context)
      case .tpLB: return Simulator.run(LoadBalancedPolicy.self, context: context)
      case .tpLBPF: return Simulator.run(PrefetchPolicy.self, context: context)
      case .tpLBPFSub: return Simulator.run(SubstitutingPrefetchPolicy.self, context: context)
      case .smoeEvict: return Simulator.run(SMoEPolicy<ScoreEviction>.self, context: context)
      case .smoeSub: return Simulator.run(SMoEPolicy<ScoreEvictionSubstitution>.self, context: context)
      case .smoePF: return Simulator.run(SMoEPolicy<ScoreEvictionSubstitutionPrefetch>.self, context: context)
      case .smoe: return Simulator.run(SMoEPolicy<FullSMoE>.self, context: context)
      case .oracle: return Simulator.run(OraclePolicy.self, context: context)
      }
    }

    var results = policies.map(run)
    let base = results.first { $0.policy == baseline } ?? run(baseline)
    for i in results.indices where results[i].feasible && base.feasible {
      results[i].speedup = base.e2eSeconds / results[i].e2eSeconds
    }
    return Evaluation(point: point, baseline: baseline, results: results, memory: memory)
  }

  /// The expert-phase timeline of `policy` at decode `step` (1-based; 0 is the prefill) and MoE
  /// `layer`; nil when the policy does not fit the point.
  public static func schedule(
    point: DesignPoint, workload: PreparedWorkload, policy: PolicyName, step: Int, layer: Int
  ) throws(InputError) -> LayerSchedule? {
    try validate(point)
    try workload.routing.check(model: point.model, workload: point.workload)
    let degree = tpDegree(point)
    let memory = MemoryPlan(point: point)
    if memory.infeasibility(policy: policy, point: point, tpDegree: degree) != nil { return nil }
    let cost = CostModel(point: point, tpDegree: degree)
    let context = SimulationContext(
      point: point, cost: cost,
      nonExpert: NonExpertCosts(point: point, cost: cost, steps: workload.table.steps),
      table: workload.table, routing: workload.routing,
      gpuExpertsPerLayer: max(0, memory.gpuExpertsPerLayer))
    let step = min(max(0, step), workload.table.steps - 1)
    let layer = min(max(0, layer), workload.table.layers - 1)
    switch policy {
    case .gpuOffload:
      return Simulator.schedule(GPUOffloadPolicy.self, context: context, step: step, layer: layer)
    case .ep: return Simulator.schedule(ExpertParallelPolicy.self, context: context, step: step, layer: layer)
    case .monde: return Simulator.schedule(MoNDEPolicy.self, context: context, step: step, layer: layer)
    case .tp: return Simulator.schedule(TensorParallelPolicy.self, context: context, step: step, layer: layer)
    case .tpLB: return Simulator.schedule(LoadBalancedPolicy.self, context: context, step: step, layer: layer)
    case .tpLBPF: return Simulator.schedule(PrefetchPolicy.self, context: context, step: step, layer: layer)
    case .tpLBPFSub:
      return Simulator.schedule(SubstitutingPrefetchPolicy.self, context: context, step: step, layer: layer)
    case .smoeEvict:
      return Simulator.schedule(SMoEPolicy<ScoreEviction>.self, context: context, step: step, layer: layer)
    case .smoeSub:
      return Simulator.schedule(
        SMoEPolicy<ScoreEvictionSubstitution>.self, context: context, step: step, layer: layer)
    case .smoePF:
      return Simulator.schedule(
        SMoEPolicy<ScoreEvictionSubstitutionPrefetch>.self, context: context, step: step, layer: layer)
    case .smoe:
      return Simulator.schedule(SMoEPolicy<FullSMoE>.self, context: context, step: step, layer: layer)
    case .oracle: return Simulator.schedule(OraclePolicy.self, context: context, step: step, layer: layer)
    }
  }
}
