import Basics
import DesignSpace
import Foundation
import NDPModel
import Reports
import Simulation

/// `ndpscope validate` and `ndpscope calibrate`.
public enum ValidationCommands {
  /// A reference file shipped inside the binary (spaces/validation/), used when none are given.
  public struct BuiltInReference: Sendable {
    public var name: String
    public var text: String
  }

  public static let builtInReferences = [
    BuiltInReference(
      name: "spaces/validation/jetson-thor.yaml",
      text: String(decoding: PackageResources.jetson_thor_yaml, as: UTF8.self)),
    BuiltInReference(
      name: "spaces/validation/seed-papers.yaml",
      text: String(decoding: PackageResources.seed_papers_yaml, as: UTF8.self)),
    BuiltInReference(
      name: "spaces/validation/neighbours.yaml",
      text: String(decoding: PackageResources.neighbours_yaml, as: UTF8.self)),
  ]

  /// The names of the files `files` stands for (the built-in ones when it is empty).
  public static func referenceNames(_ files: [String]) -> [String] {
    files.isEmpty ? builtInReferences.map(\.name) : files
  }

  static func entries(_ files: [String]) throws(InputError) -> [ReferenceEntry] {
    var entries: [ReferenceEntry] = []
    if files.isEmpty {
      for reference in builtInReferences {
        entries += try Validation.parse(reference.text, file: reference.name)
      }
    }
    for path in files { entries += try Validation.parse(file: path) }
    return entries
  }

  /// Evaluates every entry (with `calibration` when given, and also without it); writes
  /// DIR/validation.csv and DIR/index.html. Returns the summary and whether every error stayed
  /// within `maxError` (always true without it).
  public static func validate(
    files: [String], out: String, templates: String?, maxError: Double?, calibration path: String? = nil
  ) throws(InputError) -> (String, Bool) {
    let entries = try entries(files)
    let calibration = try path.map { file throws(InputError) in try CalibrationFile.parse(file: file).0 }
    var cache = Validation.WorkloadCache()
    var rows: [ValidationRow] = []
    for entry in entries {
      let predicted = try Validation.predict(entry, calibration: calibration, cache: &cache)
      let uncalibrated =
        calibration == nil ? nil : try Validation.predict(entry, cache: &cache)
      rows.append(ValidationRow(entry: entry, predicted: predicted, uncalibrated: uncalibrated))
    }
    try writeValidation(rows, calibration: calibration, out: out, templates: templates)
    var text = TextTable.render(
      headings: ["entry", "figure", "reference", "predicted", "error"]
        + (calibration == nil ? [] : ["uncalibrated"]),
      rows: rows.map { row in
        [
          row.entry.id, row.entry.statement, String(format: "%.4g", row.entry.value),
          String(format: "%.4g", row.predicted), ValidationRow.error(row.predicted, row.entry.value),
        ] + (row.uncalibrated.map { [ValidationRow.error($0, row.entry.value)] } ?? [])
      })
    let byPublication = Dictionary(grouping: rows, by: \.entry.url)
    for url in byPublication.keys.sorted() {
      let group = byPublication[url]!
      let error = Validation.geometricMeanError(group.map { ($0.predicted, $0.entry.value) })
      text +=
        String(format: "geometric-mean error %.1f%% over %d entries: ", error * 100, group.count) + url + "\n"
    }
    if let calibration { text += "calibration: \(calibration.file)\n" }
    text += "wrote \(out)/validation.csv and \(out)/index.html\n"
    let worst = rows.map { abs($0.relativeError) }.max() ?? 0
    if let maxError, worst > maxError {
      text += String(format: "largest error %.1f%% exceeds --max-error %.1f%%\n", worst * 100, maxError * 100)
      return (text, false)
    }
    return (text, true)
  }

  static func writeValidation(
    _ rows: [ValidationRow], calibration: Calibration?, out: String, templates: String?
  ) throws(InputError) {
    try OutputFolder.prepare(out)
    var csv = [
      CSV.row([
        "id", "source", "url", "kind", "policy", "figure", "reference", "predicted", "relative_error",
        "uncalibrated",
      ])
    ]
    for row in rows {
      csv.append(
        CSV.row([
          row.entry.id, row.entry.source, row.entry.url, row.entry.kind, row.entry.policy.rawValue,
          row.entry.statement, Parameter.format(row.entry.value), Parameter.format(row.predicted),
          Parameter.format(row.relativeError), row.uncalibrated.map(Parameter.format) ?? "",
        ]))
    }
    try AtomicFile.write(csv.joined(separator: "\n") + "\n", to: out + "/validation.csv")
    try PageWriter.write(to: out + "/index.html", templates: templates) { templates throws(ReportError) in
      try ValidationReport.render(rows: rows, calibration: calibration, templates: templates)
    }
  }

  /// Fits `keys` to the entries and writes the calibration file `out`.
  public static func calibrate(
    files: [String], keys: [String], out: String, force: Bool
  ) throws(InputError) -> String {
    guard !keys.isEmpty else {
      throw InputError("--fit needs at least one parameter key, e.g. ndp.bw_gb_per_s")
    }
    if FileManager.default.fileExists(atPath: out) && !force {
      throw InputError("\(out): exists; calibrate never overwrites a file silently (pass --force)")
    }
    let entries = try entries(files)
    let calibration = try Calibrator.fit(entries, keys: keys, referenceFiles: referenceNames(files))
    try AtomicFile.write(calibration.yaml, to: out)
    var text = "fitted to \(entries.count) entries (rms log error "
    text += String(format: "%.4f -> %.4f):\n", calibration.rmsLogErrorBefore, calibration.rmsLogErrorAfter)
    for value in calibration.values {
      text +=
        "  \(value.key) = \(Calibration.number(value.value)) for \(value.presets.joined(separator: ", "))"
      text +=
        " (plausible \(Parameter.format(value.plausible.lowerBound))-\(Parameter.format(value.plausible.upperBound)))\n"
    }
    return text + "wrote \(out)\n"
  }
}
