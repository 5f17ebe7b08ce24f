import Foundation
import NDPModel
import Routing
import Simulation
import Yams

/// A published or measured figure and the configuration that should reproduce it
/// (format: spaces/validation/README.md).
public struct ReferenceEntry: Sendable {
  public var id: String
  public var source: String
  public var url: String
  /// `measured` (real hardware) or `simulated` (by the authors of a paper).
  public var kind: String
  public var policy: PolicyName
  public var metric: String
  public var value: Double
  public var settings: [(key: String, value: SettingValue)]
  public var file: String
  public var line: Int
}

/// Reference files: parsing, evaluation, and fitting efficiency parameters to them.
public enum Validation {
  public static let entryKeys = ["id", "source", "url", "kind", "policy", "metric", "value", "point"]
  /// Metrics an entry may state: the eval outputs, and the decode rate (batch / tpot).
  public static let metrics = SpaceParser.metrics.filter { $0 != "cost_usd" } + ["decode_tokens_per_s"]

  public static func parse(file path: String) throws(InputError) -> [ReferenceEntry] {
    guard let data = FileManager.default.contents(atPath: path),
      let text = String(data: data, encoding: .utf8)
    else {
      throw InputError("\(path): cannot read the reference file")
    }
    return try parse(text, file: path)
  }

  public static func parse(_ text: String, file: String) throws(InputError) -> [ReferenceEntry] {
    let context = Context(file: file)
    let root: Node
    do {
      guard let node = try Yams.compose(yaml: text) else {
        throw InputError("\(file): the reference file is empty")
      }
      root = node
    } catch let error as InputError {
      throw error
    } catch let error as YamlError {
      throw InputError("\(file): \(SpaceParser.describe(error))")
    } catch {
      throw InputError("\(file): not valid YAML")
    }
    let top = try context.mapping(root, what: "the reference file")
    try context.checkKeys(top, allowed: ["name", "description", "entries"], in: "the reference file")
    guard let entriesNode = top.first(where: { $0.key.string == "entries" })?.value else {
      throw context.error(root, "missing 'entries': a list of reference figures")
    }
    var entries: [ReferenceEntry] = []
    for node in try context.sequence(entriesNode, key: "entries") {
      let pairs = try context.mapping(node, what: "an entry")
      try context.checkKeys(pairs, allowed: entryKeys, in: "an entry")
      func field(_ key: String) throws(InputError) -> Node {
        guard let value = pairs.first(where: { $0.key.string == key })?.value else {
          throw context.error(node, "the entry needs '\(key)'")
        }
        return value
      }
      let policyNode = try field("policy")
      let policyName = try context.string(policyNode, key: "policy")
      guard let policy = PolicyName(rawValue: policyName) else {
        throw context.unknown(
          policyNode, kind: "policy", name: policyName, known: PolicyName.allCases.map(\.rawValue))
      }
      let metricNode = try field("metric")
      let metric = try context.string(metricNode, key: "metric")
      guard metrics.contains(metric) else {
        throw context.unknown(metricNode, kind: "metric", name: metric, known: metrics)
      }
      let kindNode = try field("kind")
      let kind = try context.string(kindNode, key: "kind")
      guard kind == "measured" || kind == "simulated" else {
        throw context.error(kindNode, "'kind' must be 'measured' or 'simulated', got '\(kind)'")
      }
      let valueNode = try field("value")
      let value = try context.number(valueNode, key: "value")
      guard value > 0 else { throw context.error(valueNode, "'value' must be greater than 0") }
      var settings: [(key: String, value: SettingValue)] = []
      for (keyNode, valueNode) in try context.mapping(try field("point"), what: "'point'") {
        let key = try context.settingKey(keyNode)
        settings.append((key, try context.setting(valueNode, key: key)))
      }
      entries.append(
        ReferenceEntry(
          id: try context.string(try field("id"), key: "id"),
          source: try context.string(try field("source"), key: "source"),
          url: try context.string(try field("url"), key: "url"), kind: kind, policy: policy, metric: metric,
          value: value,
          settings: settings, file: file, line: node.mark?.line ?? 0))
    }
    if entries.isEmpty { throw context.error(entriesNode, "'entries' is empty") }
    return entries
  }

  /// The design point of an entry: presets, then parameters, then `overrides` (calibration).
  public static func point(
    _ entry: ReferenceEntry, overrides: [(String, Double)] = []
  ) throws(InputError) -> DesignPoint {
    var point = try SpaceExpansion.point(
      settings: entry.settings, origin: "set in the reference entry \(entry.id)")
    for (key, value) in overrides {
      try ParameterRegistry.parameter(named: key).apply(value, to: &point)
      point.sources[key] = Source(.calibrated, "fitted to reference entries")
    }
    return point
  }

  /// The engine's value of the entry's metric.
  public static func predict(
    _ entry: ReferenceEntry, overrides: [(String, Double)] = [], cache: inout [String: PreparedWorkload]
  ) throws(InputError) -> Double {
    let point = try point(entry, overrides: overrides)
    try Evaluator.validate(point)
    let key = "\(entry.file):\(entry.id)"
    let workload = cache[key] ?? PreparedWorkload(generatingFor: point)
    cache[key] = workload
    let result = try Evaluator.evaluate(
      point: point, workload: workload, policies: [entry.policy], baseline: entry.policy
    )
    .results[0]
    guard result.feasible else {
      throw InputError(
        "\(entry.file):\(entry.line): entry \(entry.id) is infeasible: \(result.infeasibleReason ?? "")")
    }
    if entry.metric == "decode_tokens_per_s" {
      return Double(point.workload.batchSize) / result.tpotSeconds
    }
    guard let value = ResultsTable.metric(entry.metric, result: result, point: point, cost: 0) else {
      throw InputError("\(entry.file):\(entry.line): entry \(entry.id) has no value for \(entry.metric)")
    }
    return value
  }

  /// Geometric-mean error: exp(mean |ln(predicted / reference)|) - 1.
  public static func geometricMeanError(_ pairs: [(predicted: Double, reference: Double)]) -> Double {
    guard !pairs.isEmpty else { return 0 }
    let total = pairs.reduce(0.0) { $0 + abs(Foundation.log($1.predicted / $1.reference)) }
    return Foundation.exp(total / Double(pairs.count)) - 1
  }

  public struct Fit: Sendable {
    public var parameters: [(key: String, value: Double)]
    /// Root-mean-square of ln(predicted / reference), before and after.
    public var rmsLogErrorBefore: Double
    public var rmsLogErrorAfter: Double
  }

  /// Least squares on log error over `keys` (each within its parameter's domain, searched in
  /// (0.05, 1] for fractions, else [start/10, start*10]): coordinate descent with golden-section
  /// line searches, a few sweeps.
  public static func calibrate(
    _ entries: [ReferenceEntry], keys: [String], sweeps: Int = 4
  ) throws(InputError) -> Fit {
    guard let first = entries.first else { throw InputError("calibrate needs at least one reference entry") }
    var cache: [String: PreparedWorkload] = [:]
    var values: [Double] = []
    var bounds: [(Double, Double)] = []
    for key in keys {
      let parameter = try ParameterRegistry.parameter(named: key)
      guard let start = parameter.value(in: try point(first)) else {
        throw InputError("\(key) has no value to start from")
      }
      values.append(start)
      switch parameter.domain {
      case .fraction, .probability: bounds.append((0.05, 1))
      default: bounds.append((start / 10, start * 10))
      }
    }
    func loss(_ candidate: [Double]) throws(InputError) -> Double {
      let overrides = Array(zip(keys, candidate))
      var total = 0.0
      for entry in entries {
        let predicted = try predict(entry, overrides: overrides, cache: &cache)
        let error = Foundation.log(predicted / entry.value)
        total += error * error
      }
      return (total / Double(entries.count)).squareRoot()
    }
    let before = try loss(values)
    var current = before
    let golden = (5.0.squareRoot() - 1) / 2
    for _ in 0..<sweeps {
      for index in keys.indices {
        var (low, high) = bounds[index]
        var trial = values
        func at(_ x: Double) throws(InputError) -> Double {
          trial[index] = x
          return try loss(trial)
        }
        var a = high - golden * (high - low)
        var b = low + golden * (high - low)
        var fa = try at(a)
        var fb = try at(b)
        for _ in 0..<30 {
          if fa < fb {
            high = b
            b = a
            fb = fa
            a = high - golden * (high - low)
            fa = try at(a)
          } else {
            low = a
            a = b
            fa = fb
            b = low + golden * (high - low)
            fb = try at(b)
          }
        }
        let best = (low + high) / 2
        let candidate = try at(best)
        if candidate <= current {
          values[index] = best
          current = candidate
        }
      }
    }
    return Fit(
      parameters: Array(zip(keys, values)), rmsLogErrorBefore: before, rmsLogErrorAfter: current)
  }
}
