import Basics
import Foundation
import NDPModel

/// Fits preset values the sources leave unknown to reference entries: least squares on
/// ln(predicted / reference), by coordinate descent with golden-section searches, each value kept
/// within the plausible range its presets state. Only values whose provenance is `assumed` and
/// that carry a range may be fitted; one that no chosen entry depends on is refused.
///
/// A key is fitted as one value for the presets (of its kind) of the entries it changes; `--fit`
/// may name them, `KEY@PRESET+PRESET`, to keep other presets' values out of the fit.
public enum Calibrator {
  public static func fit(
    _ entries: [ReferenceEntry], keys: [String], referenceFiles: [String], sweeps: Int = 3
  ) throws(InputError) -> Calibration {
    guard !entries.isEmpty else { throw InputError("calibrate needs at least one reference entry") }
    var cache = Validation.WorkloadCache()
    var values: [Calibration.Value] = []
    for key in keys { values.append(try start(key, entries, &cache)) }
    var calibration = Calibration(
      values: values, fittedTo: entries.map(\.id), referenceFiles: referenceFiles, rmsLogErrorBefore: 0,
      rmsLogErrorAfter: 0)
    var current = try loss(calibration, entries, &cache)
    calibration.rmsLogErrorBefore = current
    for _ in 0..<sweeps {
      for index in calibration.values.indices {
        let (value, error) = try lineSearch(calibration, index, entries, &cache)
        // Only a strict improvement moves a value.
        if error < current {
          calibration.values[index].value = value
          current = error
        }
      }
    }
    calibration.rmsLogErrorAfter = current
    return calibration
  }

  /// The starting value of a `--fit` target (`KEY` or `KEY@PRESET+PRESET`): the presets' own
  /// (their mean if they differ), within the range all of them allow. The presets are those of
  /// the key's kind used by the entries the value changes (without setting it themselves).
  static func start(
    _ target: String, _ entries: [ReferenceEntry], _ cache: inout Validation.WorkloadCache
  ) throws(InputError) -> Calibration.Value {
    let parts = target.split(separator: "@", maxSplits: 1).map(String.init)
    let key = parts[0]
    _ = try ParameterRegistry.parameter(named: key)
    guard let kind = ParameterRegistry.presetKind(of: key) else {
      throw InputError(
        "\(key) is a workload or policy setting, not a preset value; calibrate fits preset values")
    }
    let only = parts.count > 1 ? parts[1].split(separator: "+").map(String.init) : nil
    for name in only ?? [] where !Presets.names(of: kind).contains(name) {
      throw InputError.unknownName(
        kind: "\(kind.rawValue) preset", name: name, known: Presets.names(of: kind))
    }
    var candidates: [(entry: ReferenceEntry, preset: String)] = []
    for entry in entries where !entry.settings.contains(where: { $0.key == key }) && entry.over?.key != key {
      for point in try Validation.points(entry) where only?.contains(point.presetName(kind)) ?? true {
        candidates.append((entry, point.presetName(kind)))
      }
    }
    var names = unique(candidates.map(\.preset))
    guard !names.isEmpty else {
      throw InputError("\(target): no chosen entry uses these presets without setting \(key) itself")
    }
    var value = try span(key, kind, names)
    let moved = try influenced(value, candidates.map(\.entry), &cache)
    names = unique(candidates.filter { moved.contains($0.entry.id) }.map(\.preset))
    guard !names.isEmpty else {
      throw InputError(
        "\(key) does not change the prediction of any chosen entry across \(value.plausible); "
          + "fit it to entries whose results depend on it")
    }
    value = try span(key, kind, names)
    return value
  }

  /// The value for `names`: their mean, within the intersection of their plausible ranges.
  static func span(
    _ key: String, _ kind: PresetKind, _ names: [String]
  ) throws(InputError) -> Calibration.Value {
    var range = -Double.infinity...Double.infinity
    var sum = 0.0
    for name in names {
      let value = try presetValue(key, of: try Presets.named(name, kind: kind))
      guard range.overlaps(value.range) else {
        throw InputError("\(key): the plausible ranges of \(names.joined(separator: ", ")) do not overlap")
      }
      range = max(range.lowerBound, value.range.lowerBound)...min(range.upperBound, value.range.upperBound)
      sum += value.value
    }
    let start = min(max(sum / Double(names.count), range.lowerBound), range.upperBound)
    return Calibration.Value(key: key, value: start, presets: names, plausible: range)
  }

  static func unique(_ names: [String]) -> [String] {
    var seen: [String] = []
    for name in names where !seen.contains(name) { seen.append(name) }
    return seen
  }

  /// The preset's value of `key` and its plausible range, if it is an assumed value that has one.
  static func presetValue(
    _ key: String, of preset: Preset
  ) throws(InputError) -> (value: Double, range: ClosedRange<Double>) {
    guard let entry = preset.value(of: key) else {
      throw InputError("\(key): preset \(preset.name) does not set it")
    }
    guard entry.source.provenance == .assumed else {
      throw InputError(
        "\(key) of \(preset.name) is a \(entry.source.provenance.rawValue) value (\(entry.source.citation)); "
          + "calibrate fits only assumed values")
    }
    guard let range = entry.plausibleRange else {
      throw InputError("\(key) of \(preset.name) has no plausible range written beside it; add one to fit it")
    }
    return (entry.value, range)
  }

  /// The ids of the entries whose prediction the value moves somewhere across its range.
  static func influenced(
    _ value: Calibration.Value, _ entries: [ReferenceEntry], _ cache: inout Validation.WorkloadCache
  ) throws(InputError) -> Set<String> {
    func alone(_ x: Double) -> Calibration {
      var moved = value
      moved.value = x
      return Calibration(
        values: [moved], fittedTo: [], referenceFiles: [], rmsLogErrorBefore: 0, rmsLogErrorAfter: 0)
    }
    var ids: Set<String> = []
    for entry in entries where !ids.contains(entry.id) {
      let a = try Validation.predict(entry, overrides: alone(value.plausible.lowerBound), cache: &cache)
      let b = try Validation.predict(entry, overrides: alone(value.plausible.upperBound), cache: &cache)
      if abs(a - b) > 1e-9 * max(abs(a), abs(b)) { ids.insert(entry.id) }
    }
    return ids
  }

  /// RMS log error of the entries' predictions under `calibration`.
  static func loss(
    _ calibration: Calibration, _ entries: [ReferenceEntry], _ cache: inout Validation.WorkloadCache
  ) throws(InputError) -> Double {
    var pairs: [(predicted: Double, reference: Double)] = []
    for entry in entries {
      pairs.append((try Validation.predict(entry, overrides: calibration, cache: &cache), entry.value))
    }
    return Validation.rmsLogError(pairs)
  }

  /// Golden-section search of one value over its range (the others held); the best point seen,
  /// the range's ends included, and its loss.
  static func lineSearch(
    _ calibration: Calibration, _ index: Int, _ entries: [ReferenceEntry],
    _ cache: inout Validation.WorkloadCache
  ) throws(InputError) -> (value: Double, loss: Double) {
    var trial = calibration
    func at(_ x: Double) throws(InputError) -> Double {
      trial.values[index].value = x
      return try loss(trial, entries, &cache)
    }
    var (low, high) = (
      calibration.values[index].plausible.lowerBound, calibration.values[index].plausible.upperBound
    )
    var best = (value: low, loss: try at(low))
    let upper = try at(high)
    if upper < best.loss { best = (high, upper) }
    let golden = (5.0.squareRoot() - 1) / 2
    var a = high - golden * (high - low)
    var b = low + golden * (high - low)
    var (fa, fb) = (try at(a), try at(b))
    for _ in 0..<24 {
      if fa < fb {
        (high, b, fb) = (b, a, fa)
        a = high - golden * (high - low)
        fa = try at(a)
      } else {
        (low, a, fa) = (a, b, fb)
        b = low + golden * (high - low)
        fb = try at(b)
      }
    }
    for (x, f) in [(a, fa), (b, fb)] where f < best.loss { best = (x, f) }
    return best
  }
}
