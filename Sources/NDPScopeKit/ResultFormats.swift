import Basics
import DesignSpace
import Foundation
import NDPModel
import Simulation

/// The output columns of a policy result, in order: JSON keys, CSV columns and table headings.
public enum ResultColumns {
  public static let metrics = PolicyResult.metricKeys

  /// Metric values of a feasible result, keyed as `metrics`.
  public static func values(_ r: PolicyResult) -> [Double?] { r.metricValues }

  public static let breakdownKeys = Breakdown().parts.map(\.key)
}

/// Renders an `Evaluation` as JSON, CSV or a table.
public enum EvaluationFormatter {
  /// `trace` names the routing trace replayed, if any: the point's routing.* values and seed
  /// then describe a generator that was not used, and the table and JSON say so.
  public static func render(_ evaluation: Evaluation, as format: OutputFormat, trace: String? = nil) -> String
  {
    switch format {
    case .json: return json(evaluation, trace: trace).rendered() + "\n"
    case .csv: return csv(evaluation)
    case .table: return table(evaluation, trace: trace)
    }
  }

  /// The inputs of a point: preset names, then every parameter in display units.
  public static func pointJSON(_ point: DesignPoint) -> JSONValue {
    var members: [(String, JSONValue)] = [
      ("model", .string(point.model.name)), ("gpu", .string(point.hardware.gpu.name)),
      ("ndp", .string(point.hardware.ndp.name)), ("link", .string(point.hardware.link.name)),
      ("host", .string(point.hardware.host.name)),
    ]
    for parameter in ParameterRegistry.all {
      members.append((parameter.key, .optional(parameter.value(in: point))))
    }
    return .object(members)
  }

  public static func resultJSON(_ r: PolicyResult) -> JSONValue {
    var members: [(String, JSONValue)] = [
      ("policy", .string(r.policy.rawValue)), ("feasible", .bool(r.feasible)),
      ("infeasible_reason", r.infeasibleReason.map(JSONValue.string) ?? .null),
    ]
    let values = ResultColumns.values(r)
    for (key, value) in zip(ResultColumns.metrics, values) {
      members.append((key, r.feasible ? .optional(value) : .null))
    }
    let parts = r.breakdown.parts.map { ($0.key, r.feasible ? JSONValue.number($0.seconds * 1e3) : .null) }
    members.append(("breakdown", .object(parts)))
    let tokens = r.energyJoulesPerToken > 0 ? r.energy.total / r.energyJoulesPerToken : 0
    let energy = r.energy.parts.map {
      ($0.key, r.feasible && tokens > 0 ? JSONValue.number($0.joules / tokens * 1e3) : .null)
    }
    members.append(("energy_breakdown", .object(energy)))
    return .object(members)
  }

  public static func json(_ evaluation: Evaluation, trace: String? = nil) -> JSONValue {
    .object(
      (trace.map { [("trace", JSONValue.string($0))] } ?? []) + [
        ("point", pointJSON(evaluation.point)),
        ("baseline", .string(evaluation.baseline.rawValue)),
        ("results", .array(evaluation.results.map(resultJSON))),
      ])
  }

  /// The rows as results.csv has them (point 0, no prices, no constraints), so that one reader
  /// takes both.
  public static func csv(_ evaluation: Evaluation) -> String {
    var lines = [CSV.row(ResultsTable.header)]
    for r in evaluation.results {
      let fields = ResultsTable.fields(
        index: 0, point: evaluation.point, settings: [], cost: 0, result: r, outputs: r.metricValues,
        meetsConstraints: r.feasible)
      lines.append(CSV.row(fields))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The point in one line: model, hardware, workload.
  static func pointLine(_ point: DesignPoint) -> String {
    "\(point.model.name) on \(point.hardware.gpu.name) + \(point.hardware.ndpUnits) x "
      + "\(point.hardware.ndp.name) over \(point.hardware.link.name); batch \(point.workload.batchSize), "
      + "\(point.workload.promptTokens) in, \(point.workload.outputTokens) out, seed \(point.workload.seed)"
  }

  public static func table(_ evaluation: Evaluation, trace: String? = nil) -> String {
    let point = evaluation.point
    let memory = evaluation.memory
    var out =
      trace.map { "routing replayed from \($0) (the point's routing.* values and seed are not used)\n" } ?? ""
    out += pointLine(point) + "\n"
    out += String(
      format:
        "GPU memory: non-expert weights %.2f GB, KV cache %.2f GB, expert budget %.2f GB (%@ per layer)\n\n",
      memory.nonExpertBytes / 1e9, memory.kvCacheBytes / 1e9, memory.gpuExpertBudgetBytes / 1e9,
      Counted.text(max(0, memory.gpuExpertsPerLayer), "expert"))
    // The two hit rates as results.csv names them: experts resident when a decode step needs them
    // (pinned, prefetched or cached), and decode activations served from an expert cache.
    let headings = [
      "policy", "ttft ms", "tpot ms", "e2e ms", "tok/s", "decode tok/s", "mJ/tok", "W", "speedup", "gpu util",
      "link util", "ndp imb", "prefetch hit", "cache hit", "link/tok",
    ]
    var rows: [[String]] = []
    var notes: [String] = []
    for r in evaluation.results {
      guard r.feasible else {
        rows.append([r.policy.rawValue, "infeasible"] + Array(repeating: "", count: headings.count - 2))
        notes.append("\(r.policy.rawValue): \(r.infeasibleReason ?? "infeasible")")
        continue
      }
      rows.append([
        r.policy.rawValue, f(r.ttftSeconds * 1e3, 1), f(r.tpotSeconds * 1e3, 2),
        f(r.e2eSeconds * 1e3, 1), f(r.tokensPerSecond, 1), f(r.decodeTokensPerSecond, 1),
        f(r.energyJoulesPerToken * 1e3, 1), f(r.averagePowerWatts, 1),
        r.speedup.map { f($0, 2) + "x" } ?? "-", percent(r.gpuExpertUtilisation), percent(r.linkUtilisation),
        r.ndpImbalance > 0 ? f(r.ndpImbalance, 2) : "-", percent(r.prefetchHitRate), percent(r.cacheHitRate),
        bytes(r.linkBytesPerToken),
      ])
    }
    out += TextTable.render(headings: headings, rows: rows)
    let baseline = evaluation.baseline.rawValue
    out +=
      evaluation.baselineFeasible
      ? "\nspeedup is over \(baseline).\n"
      : "\nno speedup: the baseline, \(baseline), is infeasible at this point (choose another with --baseline).\n"
    for note in notes { out += "infeasible: \(note)\n" }
    for risk in evaluation.results.compactMap(accuracyRisk) { out += "accuracy risk: \(risk)\n" }

    let partHeadings = ["policy"] + ResultColumns.breakdownKeys
    var partRows: [[String]] = []
    for r in evaluation.results where r.feasible {
      partRows.append([r.policy.rawValue] + r.breakdown.parts.map { percent($0.seconds / r.e2eSeconds) })
    }
    if !partRows.isEmpty {
      out += "\nwhere the time went (share of e2e):\n"
      out += TextTable.render(headings: partHeadings, rows: partRows)
    }
    return out
  }

  /// What a result changes of the model's work (substitutions, reduced precision), in one line;
  /// nil when it computes every routed expert at the model's precision.
  static func accuracyRisk(_ r: PolicyResult) -> String? {
    var parts: [String] = []
    if r.substitutionRate > 0 {
      parts.append(
        "substitutes \(percent(r.substitutionRate)) of expert slots (\(percent(r.substitutedScoreMass)) of gate-score mass)"
      )
    }
    if r.reducedPrecisionScoreMass > 0 {
      parts.append(
        "computes \(percent(r.reducedPrecisionScoreMass)) of gate-score mass below the model's precision")
    }
    return r.feasible && !parts.isEmpty ? "\(r.policy.rawValue) " + parts.joined(separator: " and ") : nil
  }

  static func f(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
  static func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }

  /// Bytes in the largest decimal unit that keeps the figure at 1 or more: "785.7 KB", "1.58 GB".
  static func bytes(_ value: Double) -> String {
    let units: [(Double, String)] = [(1e9, "GB"), (1e6, "MB"), (1e3, "KB")]
    guard let (scale, unit) = units.first(where: { value >= $0.0 }) else { return f(value, 0) + " B" }
    let scaled = value / scale
    return f(scaled, scaled >= 100 ? 1 : 2) + " " + unit
  }
}

/// Plain text columns: first column left-aligned, the rest right-aligned.
public enum TextTable {
  /// Numbers right-aligned; the first column and `textColumns` left-aligned.
  public static func render(headings: [String], rows: [[String]], textColumns: Set<Int> = []) -> String {
    var widths = headings.map(\.count)
    for row in rows {
      for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
    }
    func line(_ cells: [String]) -> String {
      cells.enumerated().map { i, cell in
        let pad = String(repeating: " ", count: widths[i] - cell.count)
        return i == 0 || textColumns.contains(i) ? cell + pad : pad + cell
      }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
    }
    return ([line(headings)] + rows.map(line)).joined(separator: "\n") + "\n"
  }
}
