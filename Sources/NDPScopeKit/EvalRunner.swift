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
    try prepare(request).0
  }

  static func prepare(_ request: EvalRequest) throws(InputError) -> (Evaluation, PreparedWorkload) {
    let point = try request.point.build()
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
    return (
      try Evaluator.evaluate(
        point: point, workload: workload, policies: request.policies, baseline: request.baseline),
      workload
    )
  }

  public static func run(_ request: EvalRequest) throws(InputError) -> String {
    let (evaluation, workload) = try prepare(request)
    if let path = request.reportPath {
      let catalog = try request.point.catalog()
      let html: String
      do {
        let templates = try ReportTemplates.load(folder: request.templatesFolder)
        html = try EvalReport.render(
          evaluation: evaluation, workload: workload, templates: templates, catalog: catalog)
      } catch {
        throw InputError(error.description)
      }
      try AtomicFile.write(html, to: path)
    }
    return EvaluationFormatter.render(evaluation, as: request.format)
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
