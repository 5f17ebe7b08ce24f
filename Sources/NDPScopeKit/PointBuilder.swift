import Basics
import DesignSpace
import NDPModel

/// A design point as the command line describes it: preset names, the unit count, workload
/// flags, and `--set KEY=VALUE` overrides applied last.
public struct PointRequest: Sendable {
  public var presets = PresetSelection()
  /// (key, display value) pairs from dedicated flags (e.g. `--ndp-units` -> `ndp.units`).
  public var values: [(String, Double)] = []
  /// `KEY=VALUE` texts from `--set`.
  public var assignments: [String] = []
  /// A calibration file (`--calibration`), applied after the presets and before everything else.
  public var calibrationPath: String?
  /// A presets file (`--presets`) whose presets may be named beside the shipped ones.
  public var presetsPath: String?

  public init() {}

  /// The point, and the presets it could name (a page cites them).
  public struct Resolved: Sendable {
    public let point: DesignPoint
    public let catalog: PresetCatalog
  }

  public func build() throws(InputError) -> DesignPoint { try resolve().point }

  /// Builds the point, reading the presets file (if any) once.
  public func resolve() throws(InputError) -> Resolved {
    let catalog =
      try presetsPath.map { path throws(InputError) in try PresetsFile.parse(file: path).0 } ?? .shipped
    var point = try DesignPoint.from(presets, catalog: catalog)
    if let calibrationPath {
      try CalibrationFile.parse(file: calibrationPath, catalog: catalog).0.apply(to: &point)
    }
    for (key, value) in values {
      try ParameterRegistry.parameter(named: key).apply(value, to: &point)
      point.sources[key] = Source(.user, "set on the command line")
    }
    for assignment in assignments {
      try ParameterRegistry.apply(assignment: assignment, to: &point)
    }
    return Resolved(point: point, catalog: catalog)
  }
}
