import DesignSpace
import Foundation
import NDPModel
import Simulation

/// One evaluated reference entry: predicted with the calibration in use, and without it.
public struct ValidationRow: Sendable {
  public var entry: ReferenceEntry
  public var predicted: Double
  /// The prediction from the presets alone, when a calibration was applied.
  public var uncalibrated: Double?
  public var relativeError: Double { (predicted - entry.value) / entry.value }

  public init(entry: ReferenceEntry, predicted: Double, uncalibrated: Double? = nil) {
    self.entry = entry
    self.predicted = predicted
    self.uncalibrated = uncalibrated
  }

  /// Relative error of a prediction against the reference, as "+12.3%".
  public static func error(_ predicted: Double, _ reference: Double) -> String {
    String(format: "%+.1f%%", (predicted - reference) / reference * 100)
  }
}

/// The validation page: predicted against reference for every entry, error per source, provenance.
public enum ValidationReport {
  public static func render(
    rows: [ValidationRow], calibration: Calibration?, templates: ReportTemplates
  ) throws(ReportError) -> String {
    let subtitle =
      "\(rows.count) reference figures, predicted by the engine"
      + (calibration.map { " with the calibration \($0.file) (fitted to \($0.fittedTo.count) of them)" } ?? "")
    let (document, main, contents, _) = try templates.page(title: "ndpscope validation", subtitle: subtitle)
    let summary = Sections.section(main, contents: contents, id: "sources", title: "Error per publication")
    let byPublication = Dictionary(grouping: rows, by: \.entry.url)
    SortableTable.draw(
      in: summary, headings: ["publication", "entries", "geometric-mean error"],
      numeric: [false, true, true],
      rows: byPublication.keys.sorted().map { url in
        let group = byPublication[url]!
        let error = Validation.geometricMeanError(group.map { ($0.predicted, $0.entry.value) })
        return [url, String(group.count), String(format: "%.1f%%", error * 100)]
      })
    let table = Sections.section(
      main, contents: contents, id: "entries", title: "Predicted against reference")
    SortableTable.draw(
      in: table,
      headings: [
        "entry", "kind", "policy", "figure", "reference", "predicted", "error", "uncalibrated error",
        "source", "url",
      ],
      numeric: [false, false, false, false, true, true, true, true, false, false],
      rows: rows.map { row in
        [
          row.entry.id, row.entry.kind, row.entry.policy.rawValue, row.entry.statement,
          ChartAxis.label(row.entry.value), ChartAxis.label(row.predicted),
          ValidationRow.error(row.predicted, row.entry.value),
          row.uncalibrated.map { ValidationRow.error($0, row.entry.value) } ?? "-", row.entry.source,
          row.entry.url,
        ]
      })
    let metrics = Array(Set(rows.map(\.entry.metric))).sorted()
    let charts = table.element("div", attributes: [("class", "charts")])
    for metric in metrics {
      let group = rows.filter { $0.entry.metric == metric }
      let sources = Array(Set(group.map(\.entry.source))).sorted()
      Sections.figure(
        charts,
        caption: "\(metric): each dot an entry, reference against predicted; on the diagonal is exact."
      ) { node in
        let values = group.flatMap { [$0.entry.value, $0.predicted] }
        let low = values.min() ?? 0
        let high = values.max() ?? 1
        ParetoScatter.draw(
          in: node, title: "Predicted vs reference: \(metric)",
          xTitle: "reference \(metric) (\(unit(metric)))",
          yTitle: "predicted \(metric) (\(unit(metric)))",
          points: group.map { row in
            ScatterPoint(
              x: row.entry.value, y: row.predicted, series: sources.firstIndex(of: row.entry.source) ?? 0,
              tooltip:
                "\(row.entry.id)\nreference \(ChartAxis.label(row.entry.value)), predicted \(ChartAxis.label(row.predicted))",
              onFront: true)
          },
          front: [], oracleFront: [(low, low), (high, high)], xMaximize: false, yMaximize: false,
          seriesNames: sources.map { String($0.prefix(40)) })
      }
    }
    let provenance = Sections.section(
      main, contents: contents, id: "provenance", title: "Where the preset values come from")
    var presets: [PresetKind: Set<String>] = [:]
    for row in rows {
      for (key, value) in row.entry.settings {
        if let kind = PresetKind(rawValue: key), case .preset(let name) = value {
          presets[kind, default: []].insert(name)
        }
      }
    }
    for kind in PresetKind.allCases where presets[kind] == nil {
      presets[kind] = [PresetSelection()[kind]]
    }
    Sections.provenance(provenance, presets: presets)
    return document.serialized()
  }

  static func unit(_ metric: String) -> String {
    metric.hasSuffix("_ms") ? "ms" : metric.hasSuffix("tokens_per_s") ? "tokens/s" : "value"
  }
}
