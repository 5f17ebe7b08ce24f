import DesignSpace
import Foundation
import NDPModel
import Reports
import Simulation

/// `ndpscope validate` and `ndpscope calibrate`.
public enum ValidationCommands {
  /// The shipped reference files, when none are given.
  public static func defaultFiles() -> [String] {
    let folder = "spaces/validation"
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return names.filter { $0.hasSuffix(".yaml") }.sorted().map { folder + "/" + $0 }
  }

  static func entries(_ files: [String]) throws(InputError) -> [ReferenceEntry] {
    let paths = files.isEmpty ? defaultFiles() : files
    guard !paths.isEmpty else { throw InputError("no reference files given and none in spaces/validation") }
    var entries: [ReferenceEntry] = []
    for path in paths { entries += try Validation.parse(file: path) }
    return entries
  }

  /// Evaluates every entry; writes DIR/validation.csv and DIR/index.html. Returns the summary and
  /// whether every error stayed within `maxError` (always true without it).
  public static func validate(
    files: [String], out: String, templates: String, maxError: Double?
  ) throws(InputError) -> (String, Bool) {
    let entries = try entries(files)
    var cache: [String: PreparedWorkload] = [:]
    var rows: [ValidationRow] = []
    for entry in entries {
      rows.append(ValidationRow(entry: entry, predicted: try Validation.predict(entry, cache: &cache)))
    }
    do {
      try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    } catch {
      throw InputError("\(out): cannot create the output folder")
    }
    var csv = [
      CSV.row(["id", "source", "url", "kind", "policy", "metric", "reference", "predicted", "relative_error"])
    ]
    for row in rows {
      csv.append(
        CSV.row([
          row.entry.id, row.entry.source, row.entry.url, row.entry.kind, row.entry.policy.rawValue,
          row.entry.metric,
          Parameter.format(row.entry.value), Parameter.format(row.predicted),
          Parameter.format(row.relativeError),
        ]))
    }
    try AtomicFile.write(csv.joined(separator: "\n") + "\n", to: out + "/validation.csv")
    let html: String
    do {
      html = try ValidationReport.render(rows: rows, templates: try ReportTemplates(folder: templates))
    } catch {
      throw InputError(error.description)
    }
    try AtomicFile.write(html, to: out + "/index.html")
    var text = TextTable.render(
      headings: ["entry", "metric", "reference", "predicted", "error"],
      rows: rows.map {
        [
          $0.entry.id, $0.entry.metric, String(format: "%.4g", $0.entry.value),
          String(format: "%.4g", $0.predicted),
          String(format: "%+.1f%%", $0.relativeError * 100),
        ]
      })
    let bySource = Dictionary(grouping: rows, by: \.entry.source)
    for source in bySource.keys.sorted() {
      let error = Validation.geometricMeanError(bySource[source]!.map { ($0.predicted, $0.entry.value) })
      text += String(format: "geometric-mean error %.1f%%: ", error * 100) + source + "\n"
    }
    text += "wrote \(out)/validation.csv and \(out)/index.html\n"
    let worst = rows.map { abs($0.relativeError) }.max() ?? 0
    if let maxError, worst > maxError {
      text += String(format: "largest error %.1f%% exceeds --max-error %.1f%%\n", worst * 100, maxError * 100)
      return (text, false)
    }
    return (text, true)
  }

  /// Fits `keys` to the entries and writes the fitted values (provenance: calibrated) to `out`.
  public static func calibrate(
    files: [String], keys: [String], out: String, force: Bool
  ) throws(InputError) -> String {
    guard !keys.isEmpty else {
      throw InputError("--fit needs at least one parameter key, e.g. gpu.mem_efficiency")
    }
    if FileManager.default.fileExists(atPath: out) && !force {
      throw InputError("\(out): exists; calibrate never overwrites a file silently (pass --force)")
    }
    let entries = try entries(files)
    let fit = try Validation.calibrate(entries, keys: keys)
    var yaml =
      "# Fitted by ndpscope calibrate to \(entries.count) reference entries (least squares on log error).\n"
    yaml += String(
      format: "# Fit quality: rms log error %.4f before, %.4f after (geometric error about %.1f%% after).\n",
      fit.rmsLogErrorBefore, fit.rmsLogErrorAfter, (Foundation.exp(fit.rmsLogErrorAfter) - 1) * 100)
    yaml += "# Use as `fixed:` settings in a space or with --set; provenance: calibrated.\n"
    yaml += "provenance: calibrated\n"
    yaml += "entries: [\(entries.map(\.id).joined(separator: ", "))]\n"
    yaml += String(
      format: "rms_log_error_before: %.6f\nrms_log_error_after: %.6f\n", fit.rmsLogErrorBefore,
      fit.rmsLogErrorAfter)
    yaml += "fixed:\n"
    for (key, value) in fit.parameters { yaml += "  \(key): \(String(format: "%.4f", value))\n" }
    try AtomicFile.write(yaml, to: out)
    var text = "fitted \(keys.joined(separator: ", ")) to \(entries.count) entries: "
    text += fit.parameters.map { "\($0.key) = \(String(format: "%.4f", $0.value))" }.joined(separator: ", ")
    text += String(
      format: "; rms log error %.4f -> %.4f\nwrote %@\n", fit.rmsLogErrorBefore, fit.rmsLogErrorAfter, out)
    return text
  }
}
