import Basics
import DesignSpace
import NDPModel
import Reports
import Routing
import Simulation

/// `ndpscope eval`: one design point, every requested policy.
public struct EvalRequest: Sendable {
  public var point = PointRequest()
  public var policies: [PolicyName] = PolicyName.allCases
  public var baseline: PolicyName = .monde
  public var format: OutputFormat = .table
  /// A JSON Lines routing trace to replay instead of generating routing.
  public var tracePath: String?
  /// Write a one-point HTML report here.
  public var reportPath: String?
  /// A template folder replacing the built-in templates.
  public var templatesFolder: String?

  public init() {}
}

public enum EvalRunner {
  /// Builds the point, prepares routing (trace or generator), evaluates, renders.
  public static func evaluate(_ request: EvalRequest) throws(InputError) -> Evaluation {
    try prepare(request).evaluation
  }

  /// An evaluated point with what its page needs: the routing and the presets it could name.
  struct Prepared {
    let evaluation: Evaluation
    let workload: PreparedWorkload
    let catalog: PresetCatalog
  }

  static func prepare(_ request: EvalRequest) throws(InputError) -> Prepared {
    let resolved = try request.point.resolve()
    let point = resolved.point
    try Evaluator.validate(point)
    let routing: Routing
    if let path = request.tracePath {
      routing = try TraceFiles.read(path)
      do {
        try routing.check(model: point.model, workload: point.workload)
      } catch {
        throw InputError("\(path): \(error.description)")
      }
    } else {
      routing = RoutingGenerator.generate(model: point.model, workload: point.workload)
    }
    let workload = PreparedWorkload(routing: routing)
    let evaluation = try Evaluator.evaluate(
      point: point, workload: workload, policies: request.policies, baseline: request.baseline)
    return Prepared(evaluation: evaluation, workload: workload, catalog: resolved.catalog)
  }

  public static func run(_ request: EvalRequest) throws(InputError) -> String {
    let prepared = try prepare(request)
    if let path = request.reportPath {
      try PageWriter.write(to: path, templates: request.templatesFolder) { templates throws(ReportError) in
        try EvalReport.render(
          evaluation: prepared.evaluation, workload: prepared.workload, templates: templates,
          catalog: prepared.catalog)
      }
    }
    return EvaluationFormatter.render(prepared.evaluation, as: request.format, trace: request.tracePath)
  }
}

/// `ndpscope trace generate`: writes the generator's routing for a point as a trace file.
public enum TraceRunner {
  public static func generate(point request: PointRequest, to path: String) throws(InputError) -> String {
    let point = try request.build()
    try Evaluator.validate(point)
    let routing = RoutingGenerator.generate(model: point.model, workload: point.workload)
    try TraceFiles.write(routing, to: path)
    let records = routing.requests.count * (routing.promptTokens + routing.decodeSteps) * routing.layers
    return
      "wrote \(path): \(Counted.text(records, "record")) (\(Counted.text(routing.requests.count, "request")) x "
      + "\(Counted.text(routing.promptTokens + routing.decodeSteps, "token")) x "
      + "\(Counted.text(routing.layers, "MoE layer")))\n"
  }
}

/// `ndpscope trace stats`: what a trace's routing looks like, and the generator's parameters
/// that would make routing like it.
public enum TraceStatsRunner {
  public static func run(path: String, format: OutputFormat) throws(InputError) -> String {
    let routing = try TraceFiles.read(path)
    let statistics = TraceStatistics(routing)
    // The per-layer CSV shows no generator parameters: it needs no fit.
    if format == .csv { return csv(statistics) }
    let fit = GeneratorFit(matching: routing, target: statistics)
    return format == .json
      ? json(routing, statistics, fit).rendered() + "\n" : table(path, routing, statistics, fit)
  }

  static func f(_ value: Double) -> String { String(format: "%.3f", value) }

  static func table(_ path: String, _ routing: Routing, _ s: TraceStatistics, _ fit: GeneratorFit) -> String {
    var text =
      "\(path): \(Counted.text(routing.requests.count, "request")), \(routing.promptTokens) prompt and "
      + "\(routing.decodeSteps) decode tokens, \(Counted.text(routing.layers, "MoE layer")), "
      + "\(routing.experts) experts, top-\(routing.topK)\n\n"
    let rows = s.layers.enumerated().map { index, layer in
      [
        String(index), f(layer.skew), f(layer.zipfFit), f(layer.repeats), f(layer.chanceRepeats),
        f(layer.locality),
        f(layer.phaseCosine), layer.requestCosine.map(f) ?? "-",
      ]
    }
    text += TextTable.render(
      headings: [
        "layer", "skew", "zipf fit", "repeats", "by chance", "locality", "prefill~decode", "request~request",
      ],
      rows: rows)
    text +=
      "\nskew: busiest expert's load over the mean; zipf fit: the loads' Zipf exponent; repeats: first choices "
      + "that repeat the previous token's; locality: repeats beyond chance; ~: cosine similarity of the loads\n\n"
    let p = fit.parameters
    text += "generator parameters that make routing like it (simulated at its shape):\n"
    var found = ["routing.zipf \(f(p.zipfExponent))", "routing.locality \(f(p.locality))"]
    var unseen: [String] = []
    if fit.seesPhases {
      found.append("routing.phase_drift \(f(p.phaseDrift))")
    } else {
      unseen.append("phase_drift (no decode step)")
    }
    if fit.seesRequests {
      found.append("routing.request_drift \(f(p.requestDrift))")
    } else {
      unseen.append("request_drift (one request)")
    }
    text +=
      "  " + found.joined(separator: ", ")
      + (unseen.isEmpty ? "" : "; not seen: " + unseen.joined(separator: ", ")) + "\n"
    text +=
      "  giving: zipf fit \(f(fit.achieved.mean(\.zipfFit))) (trace \(f(s.mean(\.zipfFit)))), deep locality "
      + "\(f(fit.achieved.deepLocality)) (trace \(f(s.deepLocality))), prefill~decode "
      + "\(f(fit.achieved.mean(\.phaseCosine))) (trace \(f(s.mean(\.phaseCosine))))\n"
    var flags = "--set routing.zipf=\(f(p.zipfExponent)) --set routing.locality=\(f(p.locality))"
    if fit.seesPhases { flags += " --set routing.phase_drift=\(f(p.phaseDrift))" }
    if fit.seesRequests { flags += " --set routing.request_drift=\(f(p.requestDrift))" }
    return text + "  use them: \(flags)\n"
  }

  static func json(_ routing: Routing, _ s: TraceStatistics, _ fit: GeneratorFit) -> JSONValue {
    let p = fit.parameters
    return .object([
      ("requests", .number(Double(routing.requests.count))),
      ("prompt_tokens", .number(Double(routing.promptTokens))),
      ("decode_steps", .number(Double(routing.decodeSteps))), ("layers", .number(Double(routing.layers))),
      ("experts", .number(Double(routing.experts))), ("top_k", .number(Double(routing.topK))),
      ("per_layer", .array(s.layers.map(layerJSON))),
      (
        "generator",
        .object([
          ("routing.zipf", .number(p.zipfExponent)), ("routing.locality", .number(p.locality)),
          ("routing.phase_drift", fit.seesPhases ? .number(p.phaseDrift) : .null),
          ("routing.request_drift", fit.seesRequests ? .number(p.requestDrift) : .null),
        ])
      ),
    ])
  }

  static func layerJSON(_ layer: TraceStatistics.Layer) -> JSONValue {
    .object([
      ("skew", .number(layer.skew)), ("zipf_fit", .number(layer.zipfFit)),
      ("repeats", .number(layer.repeats)),
      ("chance_repeats", .number(layer.chanceRepeats)), ("locality", .number(layer.locality)),
      ("phase_cosine", .number(layer.phaseCosine)), ("request_cosine", .optional(layer.requestCosine)),
    ])
  }

  static func csv(_ s: TraceStatistics) -> String {
    var lines = [
      CSV.row([
        "layer", "skew", "zipf_fit", "repeats", "chance_repeats", "locality", "phase_cosine",
        "request_cosine",
      ])
    ]
    for (index, layer) in s.layers.enumerated() {
      let values = [
        layer.skew, layer.zipfFit, layer.repeats, layer.chanceRepeats, layer.locality, layer.phaseCosine,
      ]
      lines.append(
        CSV.row(
          [String(index)] + values.map(JSONValue.format) + [layer.requestCosine.map(JSONValue.format) ?? ""]))
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
