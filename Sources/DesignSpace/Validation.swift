import Basics
import Foundation
import NDPModel
import Routing
import Simulation
import Yams

/// Reference files: parsing, and the engine's prediction of each entry.
public enum Validation {
  /// Metrics an entry may state: the eval outputs.
  public static let metrics = PolicyResult.metricKeys

  public static func parse(file path: String) throws(InputError) -> [ReferenceEntry] {
    try parse(InputFile.text(path, what: "the reference file"), file: path)
  }

  public static func parse(_ text: String, file: String) throws(InputError) -> [ReferenceEntry] {
    let context = Context(file: file)
    let root = try SpaceParser.compose(text, file: file, what: "the reference file")
    let top = try context.mapping(root, what: "the reference file")
    try context.checkKeys(top, allowed: ["name", "description", "entries"], in: "the reference file")
    guard let entriesNode = top.first(where: { $0.key.string == "entries" })?.value else {
      throw context.error(root, "missing 'entries': a list of reference figures")
    }
    var entries: [ReferenceEntry] = []
    for node in try context.sequence(entriesNode, key: "entries") {
      entries.append(try ReferenceEntry.parse(node, context))
    }
    if entries.isEmpty { throw context.error(entriesNode, "'entries' is empty") }
    return entries
  }

  /// The design points of an entry (one per `over` value): presets, the calibration, `overrides`
  /// (values being fitted, applied as a calibration would be), then the entry's own settings.
  public static func points(
    _ entry: ReferenceEntry, calibration: Calibration? = nil, overrides: Calibration? = nil
  ) throws(InputError) -> [DesignPoint] {
    let variants = entry.over.map { over in over.values.map { [(over.key, $0)] } } ?? [[]]
    var points: [DesignPoint] = []
    for extra in variants {
      points.append(
        try SpaceExpansion.point(
          settings: entry.settings + extra, calibrations: [calibration, overrides].compactMap { $0 },
          origin: "set in the reference entry \(entry.id)"))
    }
    return points
  }

  /// Routing generated once per model (shape and routing parameters) and workload.
  /// Routing shared by the entries (and a calibration's many predictions) that drive the same
  /// workload: the sweeps' routing cache, keyed by what the routing depends on.
  public struct WorkloadCache {
    let routing = RoutingCache()
    public init() {}

    func workload(for point: DesignPoint) -> PreparedWorkload { routing.workload(for: point) }
  }

  /// The engine's value of the entry.
  public static func predict(
    _ entry: ReferenceEntry, calibration: Calibration? = nil, overrides: Calibration? = nil,
    cache: inout WorkloadCache
  ) throws(InputError) -> Double {
    var values: [Double] = []
    for point in try points(entry, calibration: calibration, overrides: overrides) {
      try Evaluator.validate(point)
      let evaluation = try Evaluator.evaluate(
        point: point, workload: cache.workload(for: point), policies: [entry.policy] + entry.relativeTo,
        baseline: entry.policy)
      values.append(try value(entry, evaluation))
    }
    switch entry.aggregate {
    case .mean: return values.reduce(0, +) / Double(values.count)
    case .max: return values.max()!
    case .min: return values.min()!
    }
  }

  /// The entry's value at one point: the metric, or its ratio to the best of `relativeTo`.
  static func value(_ entry: ReferenceEntry, _ evaluation: Evaluation) throws(InputError) -> Double {
    func metric(_ result: PolicyResult) throws(InputError) -> Double {
      guard result.feasible else {
        throw InputError(
          "\(entry.file):\(entry.line): entry \(entry.id): \(result.policy.rawValue) is infeasible: "
            + (result.infeasibleReason ?? ""))
      }
      let name = entry.metric == "speedup" ? "e2e_ms" : entry.metric
      guard let value = ResultsTable.metric(name, result: result, point: evaluation.point, cost: 0) else {
        throw InputError("\(entry.file):\(entry.line): entry \(entry.id) has no value for \(entry.metric)")
      }
      return value
    }
    let own = try metric(evaluation.results[0])
    guard !entry.relativeTo.isEmpty else { return entry.metric == "speedup" ? 1 : own }
    var others: [Double] = []
    for result in evaluation.results.dropFirst() { others.append(try metric(result)) }
    // Speedup is compared through end-to-end time: the best baseline is the fastest.
    if entry.metric == "speedup" { return others.min()! / own }
    let best = MetricSense.higherIsBetter.contains(entry.metric) ? others.max()! : others.min()!
    return own / best
  }

  /// Geometric-mean error: exp(mean |ln(predicted / reference)|) - 1.
  public static func geometricMeanError(_ pairs: [(predicted: Double, reference: Double)]) -> Double {
    guard !pairs.isEmpty else { return 0 }
    let total = pairs.reduce(0.0) { $0 + abs(Foundation.log($1.predicted / $1.reference)) }
    return Foundation.exp(total / Double(pairs.count)) - 1
  }

  /// Root-mean-square of ln(predicted / reference).
  public static func rmsLogError(_ pairs: [(predicted: Double, reference: Double)]) -> Double {
    guard !pairs.isEmpty else { return 0 }
    let total = pairs.reduce(0.0) { $0 + pow(Foundation.log($1.predicted / $1.reference), 2) }
    return (total / Double(pairs.count)).squareRoot()
  }
}
