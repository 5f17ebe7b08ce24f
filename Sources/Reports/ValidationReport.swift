import DesignSpace
import Foundation
import NDPModel
import Simulation

/// One evaluated reference entry.
public struct ValidationRow: Sendable {
  public var entry: ReferenceEntry
  public var predicted: Double
  public var relativeError: Double { (predicted - entry.value) / entry.value }

  public init(entry: ReferenceEntry, predicted: Double) {
    self.entry = entry
    self.predicted = predicted
  }
}

/// The validation page: predicted against reference for every entry, error per source, provenance.
public enum ValidationReport {
  public static func render(rows: [ValidationRow], templates: ReportTemplates) throws(ReportError) -> String {
    let (document, main, contents, _) = try templates.page(
      title: "ndpscope validation", subtitle: "\(rows.count) reference figures, predicted by the engine")
    let summary = Sections.section(main, contents: contents, id: "sources", title: "Error per source")
    let bySource = Dictionary(grouping: rows, by: \.entry.source)
    SortableTable.draw(
      in: summary, headings: ["source", "entries", "geometric-mean error"], numeric: [false, true, true],
      rows: bySource.keys.sorted().map { source in
        let group = bySource[source]!
        let error = Validation.geometricMeanError(group.map { ($0.predicted, $0.entry.value) })
        return [source, String(group.count), String(format: "%.1f%%", error * 100)]
      })
    let table = Sections.section(
      main, contents: contents, id: "entries", title: "Predicted against reference")
    SortableTable.draw(
      in: table,
      headings: ["entry", "kind", "policy", "metric", "reference", "predicted", "error", "source", "url"],
      numeric: [false, false, false, false, true, true, true, false, false],
      rows: rows.map { row in
        [
          row.entry.id, row.entry.kind, row.entry.policy.rawValue, row.entry.metric,
          ChartAxis.label(row.entry.value),
          ChartAxis.label(row.predicted), String(format: "%+.1f%%", row.relativeError * 100),
          row.entry.source,
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
