import NDPModel
import Simulation

/// One value an axis or a fixed setting takes: a preset name or a number in display units.
public enum SettingValue: Sendable, Equatable, CustomStringConvertible {
  case preset(String)
  case number(Double)

  public var description: String {
    switch self {
    case .preset(let name): return name
    case .number(let value): return Parameter.format(value)
    }
  }
}

/// A swept input: a preset kind (`model`, `gpu`, ...) or a parameter key, and its values.
public struct Axis: Sendable, Equatable {
  public var key: String
  public var values: [SettingValue]
}

/// How the space is turned into points.
public enum Strategy: String, Sendable, CaseIterable {
  /// Every combination; the first axis varies slowest.
  case grid
  /// `samples` points, each axis value drawn uniformly and independently.
  case random
  /// `samples` points; each axis is cut into `samples` equal strata, one sample per stratum.
  case latinHypercube = "latin-hypercube"
}

/// A filter on result rows: `feasible`, or `METRIC OP NUMBER`.
public struct Constraint: Sendable, Equatable, CustomStringConvertible {
  public enum Comparison: String, Sendable, CaseIterable {
    case lessOrEqual = "<="
    case less = "<"
    case greaterOrEqual = ">="
    case greater = ">"
    case equal = "=="
  }

  /// nil for the bare `feasible` constraint.
  public var metric: String?
  public var comparison: Comparison
  public var bound: Double

  public static let feasible = Constraint(metric: nil, comparison: .equal, bound: 1)

  /// What a constraint's text must look like, for error messages.
  public static let syntax = "'feasible' or 'METRIC OP NUMBER' (OP one of <=, <, >=, >, ==)"

  public init(metric: String?, comparison: Comparison, bound: Double) {
    self.metric = metric
    self.comparison = comparison
    self.bound = bound
  }

  /// A constraint written as text (`syntax`); nil when the text is not one. The metric's name is
  /// not checked here.
  public init?(text: String) {
    if text == "feasible" {
      self = .feasible
      return
    }
    let parts = text.split(separator: " ").map(String.init)
    guard parts.count == 3, let comparison = Comparison(rawValue: parts[1]), let bound = Double(parts[2]),
      bound.isFinite
    else { return nil }
    self.init(metric: parts[0], comparison: comparison, bound: bound)
  }

  public var description: String {
    guard let metric else { return "feasible" }
    return "\(metric) \(comparison.rawValue) \(Parameter.format(bound))"
  }

  public func holds(_ value: Double) -> Bool {
    switch comparison {
    case .lessOrEqual: return value <= bound
    case .less: return value < bound
    case .greaterOrEqual: return value >= bound
    case .greater: return value > bound
    case .equal: return value == bound
    }
  }
}

/// An objective: minimise or maximise a metric.
public struct Objective: Sendable, Equatable, CustomStringConvertible {
  public var metric: String
  public var maximize: Bool

  public var description: String { (maximize ? "maximize " : "minimize ") + metric }

  /// `value` as the fronts compare it: every objective minimised, a maximised one negated.
  @inline(__always) public func minimised(_ value: Double) -> Double { maximize ? -value : value }
}

/// A design space: what to vary, what to fix, which policies to run, what to keep, what to optimise.
public struct Space: Sendable {
  public var name: String
  public var description: String
  public var seed: UInt64
  public var strategy: Strategy
  public var samples: Int
  public var policies: [PolicyName]
  public var baseline: PolicyName
  /// Fixed settings, applied before the axes.
  public var fixed: [(key: String, value: SettingValue)]
  public var axes: [Axis]
  public var constraints: [Constraint]
  public var objectives: [Objective]
  /// Price per preset, by kind: `gpu`, `ndp` (per unit), `link`, `host`, `model` (ignored by cost).
  public var prices: [PresetKind: [String: Double]]
  /// Calibrated values applied on top of the presets (`calibration:`), and the file's text, which
  /// the manifest keeps so that a sweep can be resumed, merged and reported without the file.
  public var calibration: Calibration?
  public var calibrationText: String?
  /// The presets the space may name: the shipped ones and its `presets:` (a file, whose text the
  /// manifest keeps like the calibration's, or a list in the space itself).
  public var catalog = PresetCatalog.shipped
  public var presetsText: String?
  /// A routing trace replayed at every point instead of generated routing (`trace:`): its path as
  /// written and resolved against the space file; read when the sweep starts.
  public var trace: TraceReference?
  /// The axes that describe the workload rather than the design (`scenario:`): fronts, bests,
  /// heatmaps and recommendations are per combination of their values. Default: the swept axes
  /// among `model`, `model.*`, `workload.*` and `routing.*`.
  public var scenarioKeys: [String] = []
  /// What the report's heatmap shows (`heatmap:`); nil fields take the defaults.
  public var heatmap = HeatmapChoice()

  /// A space with every optional key at its default (spaces/README.md).
  public init(name: String) {
    self.name = name
    description = ""
    seed = 1
    strategy = .grid
    samples = 0
    policies = PolicyName.allCases
    baseline = .monde
    fixed = []
    axes = []
    constraints = []
    objectives = [
      Objective(metric: "tpot_ms", maximize: false),
      Objective(metric: "energy_mj_per_token", maximize: false),
    ]
    prices = [:]
  }

  /// Points the space expands to.
  public var pointCount: Int {
    switch strategy {
    case .grid: return axes.reduce(1) { $0 * $1.values.count }
    case .random, .latinHypercube: return samples
    }
  }

  /// Cost proxy of what `policy` uses of a point: GPU + link + host prices, and the NDP units'
  /// (units x unit price) only for policies that use them (0 where no price is given).
  public func costUSD(_ point: DesignPoint, policy: PolicyName) -> Double {
    let hardware = point.hardware
    let units = policy.usesNDP ? Double(hardware.ndpUnits) * (prices[.ndp]?[hardware.ndp.name] ?? 0) : 0
    return (prices[.gpu]?[hardware.gpu.name] ?? 0) + units + (prices[.link]?[hardware.link.name] ?? 0)
      + (prices[.host]?[hardware.host.name] ?? 0)
  }

  /// Whether a setting key describes the workload (the default scenario axes).
  public static func isWorkloadKey(_ key: String) -> Bool {
    key == "model" || ["model.", "workload.", "routing."].contains { key.hasPrefix($0) }
  }

  /// The scenario axes that vary (an axis of one value does not split anything).
  public var scenarioAxes: [Axis] {
    axes.filter { scenarioKeys.contains($0.key) && $0.values.count > 1 }
  }
}

/// A space's `trace:` file.
public struct TraceReference: Sendable, Equatable {
  /// As the space file writes it.
  public let path: String
  /// Relative to the space file's folder (or absolute).
  public let resolved: String
}
