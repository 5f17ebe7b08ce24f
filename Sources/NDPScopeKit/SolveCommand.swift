import Basics
import DesignSpace
import NDPModel
import Reports
import Simulation

/// `ndpscope solve`: what it takes for a policy to meet a target, as one parameter's least (or
/// most) value, per policy.
public struct SolveRequest: Sendable {
  public var point = PointRequest()
  public var key = ""
  public var target = ""
  public var policies: [PolicyName] = [.tpLBPF]
  public var from: Double?
  public var to: Double?
  public var goal = Solver.Goal.least
  public var format = OutputFormat.table

  public init() {}
}

public enum SolveCommand {
  public static func run(_ request: SolveRequest) throws(InputError) -> String {
    let solver = try makeSolver(request)
    let answers = request.policies.map(solver.solve)
    switch request.format {
    case .table: return SolveFormat.table(answers, solver: solver)
    case .json: return SolveFormat.json(answers, solver: solver).rendered() + "\n"
    case .csv: return SolveFormat.csv(answers)
    }
  }

  /// Checks the request: a parameter, an output metric's target, a range within the parameter's
  /// domain (by default around the point's value).
  static func makeSolver(_ request: SolveRequest) throws(InputError) -> Solver {
    let point = try request.point.build()
    try Evaluator.validate(point)
    let parameter: Parameter
    do {
      parameter = try ParameterRegistry.parameter(named: request.key)
    } catch {
      throw InputError("--vary: " + error.description)
    }
    guard let target = Constraint(text: request.target), let metric = target.metric else {
      throw InputError(
        "--target '\(request.target)': a target is 'METRIC OP NUMBER' (OP one of <=, <, >=, >, ==)")
    }
    guard target.comparison != .equal else {
      throw InputError(
        "--target '\(request.target)': solve needs a bound (<=, <, >=, >), not ==: a metric rarely equals a number exactly"
      )
    }
    try OutputMetric.check(metric, option: "--target")
    let range = try range(request, parameter: parameter, point: point)
    return Solver(point: point, parameter: parameter, target: target, range: range, goal: request.goal)
  }

  static func range(
    _ request: SolveRequest, parameter: Parameter, point: DesignPoint
  ) throws(InputError) -> ClosedRange<Double> {
    let current = parameter.value(in: point)
    let suggested = current.map { defaultRange(parameter.domain, around: $0) }
    guard let low = request.from ?? suggested?.lowerBound, let high = request.to ?? suggested?.upperBound
    else {
      throw InputError(
        "\(parameter.key) has no value at this point to centre a range on; give --from and --to")
    }
    try parameter.validate(low)
    try parameter.validate(high)
    guard low < high else {
      throw InputError("--from (\(Parameter.format(low))) must be below --to (\(Parameter.format(high)))")
    }
    return low...high
  }

  /// A factor of 16 either way for positive numbers; the whole domain for shares; from the least
  /// whole value to 16 times the current one for counts; the allowed range of a knob that 0 turns
  /// off.
  static func defaultRange(_ domain: Parameter.Domain, around value: Double) -> ClosedRange<Double> {
    switch domain {
    case .positive: return value / 16...value * 16
    case .nonNegative: return 0...max(1, value * 16)
    case .fraction: return 0.01...1
    case .probability: return 0...1
    case .integer(let minimum): return Double(minimum)...max(Double(minimum + 1), value * 16)
    case .offOrWithin(let range): return range
    }
  }
}

/// How `solve` prints its answers.
enum SolveFormat {
  static func heading(_ solver: Solver) -> String {
    let unit = solver.parameter.unit.isEmpty ? "" : " \(solver.parameter.unit)"
    let range = "[\(number(solver.range.lowerBound)), \(number(solver.range.upperBound))]\(unit)"
    return "\(solver.goal.rawValue) \(solver.parameter.key) in \(range) for \(solver.target.description)\n"
      + EvaluationFormatter.pointLine(solver.point) + "\n\n"
  }

  static func table(_ answers: [SolveAnswer], solver: Solver) -> String {
    let metric = solver.target.metric!
    let side = solver.goal == .least ? "just below" : "just above"
    let headings = ["policy", solver.parameter.key, metric, side, "largest part of the run", "search"]
    var rows: [[String]] = []
    var notes: [String] = []
    for answer in answers {
      guard let found = answer.answer else {
        rows.append([answer.policy.rawValue, "none", "-", "-", "-", search(answer)])
        notes.append("\(answer.policy.rawValue): " + noAnswer(answer, solver: solver))
        continue
      }
      rows.append([
        answer.policy.rawValue, number(found.value),
        found.metric.map { metricText($0, solver.target) } ?? "-",
        answer.beyond.map { beyondText($0, solver.target) } ?? "range end", largestPart(found.result),
        search(answer),
      ])
    }
    var text = heading(solver) + TextTable.render(headings: headings, rows: rows) + "\n"
    text += searchLegend(answers, solver: solver)
    return text + notes.map { $0 + "\n" }.joined()
  }

  /// What the search column's words mean, for the searches that appear.
  static func searchLegend(_ answers: [SolveAnswer], solver: Solver) -> String {
    let pair = "\(solver.target.metric!) in \(solver.parameter.key)"
    var text = ""
    if answers.contains(where: \.monotone) {
      text +=
        "bisection: the model's laws make \(pair) monotone for that policy, so the answer is exact to 0.1%.\n"
    }
    if answers.contains(where: \.exhaustive) {
      text +=
        "every value: the laws do not make \(pair) monotone, so each whole value was tried from the goal's end: exact.\n"
    }
    if answers.contains(where: { !$0.monotone && !$0.exhaustive }) {
      text +=
        "scan: the laws do not make \(pair) monotone for that policy; the range was scanned, then bisected next to "
        + "the best value found (a window narrower than the scan's step could be missed).\n"
    }
    return text
  }

  /// The value past the answer and what it gives there.
  static func beyondText(_ sample: SolveSample, _ target: Constraint) -> String {
    "at \(number(sample.value)): " + (sample.metric.map { metricText($0, target) } ?? "infeasible")
  }

  /// The metric with enough digits that it reads on the same side of the target as it is (19.998
  /// fails ">= 20" and must not read "20").
  static func metricText(_ value: Double, _ target: Constraint) -> String {
    for digits in 4...12 {
      let text = NumberFormat.significant(value, digits: digits)
      if let shown = Double(text.replacingOccurrences(of: ",", with: "")),
        target.holds(shown) == target.holds(value)
      {
        return text
      }
    }
    return "\(value)"
  }

  /// Why no value in the range meets the target, with the nearest it came.
  static func noAnswer(_ answer: SolveAnswer, solver: Solver) -> String {
    let range = "[\(number(solver.range.lowerBound)), \(number(solver.range.upperBound))]"
    guard let closest = answer.closest, let metric = closest.metric else {
      let reason = answer.lastNote.map { " (\($0))" } ?? ""
      return "no value in \(range) meets \(solver.target.description): infeasible throughout\(reason)"
    }
    return "no value in \(range) meets \(solver.target.description); the nearest is "
      + "\(number(metric)) at \(solver.parameter.key) = \(number(closest.value))"
  }

  /// How the answer was searched for, in the words the table, JSON and CSV use.
  static func method(_ answer: SolveAnswer) -> String {
    answer.monotone ? "bisection" : answer.exhaustive ? "every value" : "scan and bisection"
  }

  static func search(_ answer: SolveAnswer) -> String {
    let evaluations = Counted.text(answer.evaluations, "evaluation")
    let how = answer.monotone || answer.exhaustive ? method(answer) : "scan of \(answer.scanned) + bisection"
    return "\(how), \(evaluations)"
  }

  /// The breakdown part that took the most of the run, as the resource behind it.
  static func largestPart(_ result: PolicyResult?) -> String {
    guard let result, result.e2eSeconds > 0,
      let top = result.breakdown.parts.max(by: { $0.seconds < $1.seconds })
    else { return "-" }
    let share = Int((top.seconds / result.e2eSeconds * 100).rounded())
    return "\(PolicyStyle.partLabel(top.key)) (\(share)% of e2e)"
  }

  static func number(_ value: Double) -> String { NumberFormat.significant(value) }

  static func json(_ answers: [SolveAnswer], solver: Solver) -> JSONValue {
    .object([
      ("parameter", .string(solver.parameter.key)), ("unit", .string(solver.parameter.unit)),
      ("goal", .string(solver.goal.rawValue)), ("target", .string(solver.target.description)),
      ("range", .array([.number(solver.range.lowerBound), .number(solver.range.upperBound)])),
      ("point", EvaluationFormatter.pointJSON(solver.point)),
      ("answers", .array(answers.map(answerJSON))),
    ])
  }

  static func answerJSON(_ answer: SolveAnswer) -> JSONValue {
    func sample(_ s: SolveSample?) -> JSONValue {
      guard let s else { return .null }
      return .object([
        ("value", .number(s.value)), ("metric", .optional(s.metric)), ("meets", .bool(s.meets)),
        ("note", s.note.map(JSONValue.string) ?? .null),
      ])
    }
    return .object([
      ("policy", .string(answer.policy.rawValue)), ("found", .bool(answer.answer != nil)),
      ("answer", sample(answer.answer)), ("beyond", sample(answer.beyond)),
      ("closest", answer.answer == nil ? sample(answer.closest) : .null),
      ("largest_part", answer.answer.map { .string(largestPart($0.result)) } ?? .null),
      (
        "search",
        .string(method(answer))
      ),
      ("evaluations", .number(Double(answer.evaluations))),
    ])
  }

  static let csvHeader = [
    "policy", "found", "value", "metric", "beyond_value", "beyond_metric", "largest_part", "search",
    "evaluations",
  ]

  static func csv(_ answers: [SolveAnswer]) -> String {
    var lines = [CSV.row(csvHeader)]
    for a in answers {
      let fields = [
        a.policy.rawValue, a.answer == nil ? "false" : "true",
        a.answer.map { JSONValue.format($0.value) } ?? "",
        a.answer?.metric.map(JSONValue.format) ?? "", a.beyond.map { JSONValue.format($0.value) } ?? "",
        a.beyond?.metric.map(JSONValue.format) ?? "", a.answer.map { largestPart($0.result) } ?? "",
        method(a), String(a.evaluations),
      ]
      lines.append(CSV.row(fields))
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
