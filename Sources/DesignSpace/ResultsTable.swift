import Basics
import NDPModel
import Simulation

/// The columns of `results.csv` and `pareto.csv`, and how a row is formed and read back.
///
/// results.csv: `point`, the five preset names, every parameter in display units, `cost_usd`,
/// `usd_per_tokens_per_s` (the cost over the decode rate), `policy`, `feasible`, `infeasible_reason`, the metrics, the breakdown in ms, `meets_constraints`.
public enum ResultsTable {
  public static let presetColumns = PresetKind.allCases.map(\.rawValue)
  public static let metricColumns = PolicyResult.metricKeys
  public static let breakdownColumns = Breakdown().parts.map { "breakdown_\($0.key)_ms" }

  public static var header: [String] {
    ["point"] + presetColumns + ParameterRegistry.all.map(\.key) + [
      "cost_usd", costPerThroughput, "policy", "feasible", "infeasible_reason",
    ]
      + metricColumns + breakdownColumns + ["meets_constraints"]
  }

  static func metricValues(_ r: PolicyResult) -> [Double?] { r.metricValues }

  /// A reader of a file in these columns (results.csv, or `eval --format csv`; pareto.csv with
  /// `prefix`), past its header, which must be this version's.
  static func reader(_ path: String, prefix: [String] = []) throws(InputError) -> CSVReader {
    var reader = try CSVReader(path: path)
    guard let first = try reader.next(), first.terminated, first.strings == prefix + header else {
      throw InputError(
        "\(path): not results.csv's columns of this version (a sweep's, or eval --format csv); make it again with this version"
      )
    }
    return reader
  }

  /// The derived metric: the design's cost per token/s of decode rate.
  public static let costPerThroughput = "usd_per_tokens_per_s"

  /// `cost_usd` over the decode rate; nil when the run is infeasible or has no decode rate.
  public static func costPerThroughput(cost: Double, _ result: PolicyResult) -> Double? {
    result.feasible && result.decodeTokensPerSecond > 0 ? cost / result.decodeTokensPerSecond : nil
  }

  /// The value of `metric` for a row: an output, `cost_usd` or its ratio to the decode rate, or an
  /// input parameter.
  public static func metric(
    _ metric: String, result: PolicyResult, point: DesignPoint?, cost: Double
  ) -> Double? {
    MetricLookup(metric).value(result, point: point, cost: cost)
  }

  /// Where a metric's value comes from, resolved once for a name (a sweep reads the same
  /// constraints and objectives in every row).
  public struct MetricLookup: Sendable {
    enum Source: Sendable {
      case cost
      case costPerThroughput
      case output(Int)
      case parameter(Parameter)
      case unknown
    }
    let source: Source

    public init(_ metric: String) {
      if metric == "cost_usd" {
        source = .cost
      } else if metric == costPerThroughput {
        source = .costPerThroughput
      } else if let column = metricColumns.firstIndex(of: metric) {
        source = .output(column)
      } else if let parameter = try? ParameterRegistry.parameter(named: metric) {
        source = .parameter(parameter)
      } else {
        source = .unknown
      }
    }

    /// The value for a row; `outputs` are the result's `metricValues` when already made.
    public func value(
      _ result: PolicyResult, point: DesignPoint?, cost: Double, outputs: [Double?]? = nil
    ) -> Double? {
      switch source {
      case .cost: return cost
      case .costPerThroughput: return ResultsTable.costPerThroughput(cost: cost, result)
      case .output(let column): return result.feasible ? (outputs ?? metricValues(result))[column] : nil
      case .parameter(let parameter):
        guard let point else { return nil }
        return parameter.value(in: point)
      case .unknown: return nil
      }
    }
  }

  /// A row's fields; `point` is nil when the point itself could not be built; `outputs` are the
  /// result's `metricValues`.
  public static func fields(
    index: Int, point: DesignPoint?, settings: [(key: String, value: SettingValue)], cost: Double,
    result: PolicyResult, outputs: [Double?], meetsConstraints: Bool
  ) -> [String] {
    var fields = [String(index)]
    if let point {
      fields += [
        point.model.name, point.hardware.gpu.name, point.hardware.ndp.name, point.hardware.link.name,
        point.hardware.host.name,
      ]
      fields += ParameterRegistry.all.map { $0.value(in: point).map(Parameter.format) ?? "" }
    } else {
      // The point failed validation before it existed: show what the space asked for.
      fields += presetColumns.map { kind in settings.last { $0.key == kind }?.value.description ?? "" }
      fields += ParameterRegistry.all.map { p in settings.last { $0.key == p.key }?.value.description ?? "" }
    }
    fields += [
      Parameter.format(cost), costPerThroughput(cost: cost, result).map(Parameter.format) ?? "",
      result.policy.rawValue, result.feasible ? "true" : "false",
      result.infeasibleReason ?? "",
    ]
    for value in outputs {
      fields.append(result.feasible ? value.map(Parameter.format) ?? "" : "")
    }
    for part in result.breakdown.parts {
      fields.append(result.feasible ? Parameter.format(part.seconds * 1e3) : "")
    }
    fields.append(meetsConstraints ? "true" : "false")
    return fields
  }
}
