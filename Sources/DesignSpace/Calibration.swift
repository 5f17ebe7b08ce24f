import Basics
import NDPModel

/// Values `ndpscope calibrate` fitted to reference figures, applied on top of the presets they
/// were fitted for: a value takes effect at a point whose preset of its key's kind is one of
/// `presets` (an NDP-DIMM's internal bandwidth applies to `ndp-dimm` points, not `cxl-pim` ones),
/// after the presets and before anything set explicitly (space settings, `--set`).
///
/// The file (written by `calibrate`, read by spaces' `calibration:` key and `--calibration`):
/// ```yaml
/// calibration:
///   fitted_to: [entry-id, ...]
///   reference_files: [spaces/validation/seed-papers.yaml]
///   rms_log_error: {before: 0.41, after: 0.03}
/// values:
///   - {key: ndp.bw_gb_per_s, value: 27.3, presets: [ndp-dimm], plausible: [25.6, 102.4]}
/// ```
public struct Calibration: Sendable, Equatable {
  public struct Value: Sendable, Equatable {
    public var key: String
    public var value: Double
    /// Presets of the key's kind it was fitted for.
    public var presets: [String]
    /// The range it was fitted within (from the presets' plausible ranges).
    public var plausible: ClosedRange<Double>

    public init(key: String, value: Double, presets: [String], plausible: ClosedRange<Double>) {
      self.key = key
      self.value = value
      self.presets = presets
      self.plausible = plausible
    }
  }

  public var values: [Value]
  /// Reference entries it was fitted to, and the files that hold them.
  public var fittedTo: [String]
  public var referenceFiles: [String]
  /// Root-mean-square of ln(predicted / reference) over those entries, before and after.
  public var rmsLogErrorBefore: Double
  public var rmsLogErrorAfter: Double
  /// Where it was read from (for provenance); empty when made in memory.
  public var file: String

  public init(
    values: [Value], fittedTo: [String], referenceFiles: [String], rmsLogErrorBefore: Double,
    rmsLogErrorAfter: Double, file: String = ""
  ) {
    self.values = values
    self.fittedTo = fittedTo
    self.referenceFiles = referenceFiles
    self.rmsLogErrorBefore = rmsLogErrorBefore
    self.rmsLogErrorAfter = rmsLogErrorAfter
    self.file = file
  }

  /// Sets the values that apply to `point`'s presets, each recorded as calibrated.
  public func apply(to point: inout DesignPoint) throws(InputError) {
    let origin = file.isEmpty ? "" : " (\(file))"
    for value in values {
      guard let kind = ParameterRegistry.presetKind(of: value.key),
        value.presets.contains(point.presetName(kind))
      else { continue }
      try ParameterRegistry.parameter(named: value.key).apply(value.value, to: &point)
      point.sources[value.key] = Source(
        .calibrated, "fitted by ndpscope calibrate to \(fittedTo.joined(separator: ", "))\(origin)")
    }
  }

  /// The calibration file's text.
  public var yaml: String {
    func list(_ items: [String]) -> String { "[" + items.joined(separator: ", ") + "]" }
    var text = "# Written by ndpscope calibrate: values fitted to the reference entries below, each\n"
    text += "# within the plausible range of the presets it applies to. Use it with a space's\n"
    text += "# `calibration:` key or `--calibration FILE`; values set explicitly still win.\n"
    text += "calibration:\n"
    text += "  fitted_to: \(list(fittedTo))\n"
    text += "  reference_files: \(list(referenceFiles))\n"
    text +=
      "  rms_log_error: {before: \(Self.number(rmsLogErrorBefore)), after: \(Self.number(rmsLogErrorAfter))}\n"
    text += "values:\n"
    for value in values {
      text += "  - {key: \(value.key), value: \(Self.number(value.value)), presets: \(list(value.presets)), "
      text +=
        "plausible: [\(Parameter.format(value.plausible.lowerBound)), \(Parameter.format(value.plausible.upperBound))]}\n"
    }
    return text
  }

  /// Four significant digits: enough for a fitted value, stable across runs.
  public static func number(_ value: Double) -> String {
    Parameter.format(Double(String(format: "%.4g", value)) ?? value)
  }
}
