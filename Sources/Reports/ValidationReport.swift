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
    let page = try templates.page(title: "ndpscope validation", subtitle: subtitle)
    publications(page, rows)
    entries(page, rows)
    var presets: [PresetKind: [String]] = [:]
    for row in rows {
      for (key, value) in row.entry.settings {
        if let kind = PresetKind(rawValue: key), case .preset(let name) = value,
          !(presets[kind] ?? []).contains(name)
        {
          presets[kind, default: []].append(name)
        }
      }
    }
    for kind in PresetKind.allCases where presets[kind] == nil { presets[kind] = [PresetSelection()[kind]] }
    ProvenanceSection.add(
      to: page, presets: presets,
      overrides: { _, preset, key in
        guard let calibration,
          let value = calibration.values.first(where: { $0.key == key && $0.presets.contains(preset) })
        else { return nil }
        return ProvenanceSection.Override(
          value: Parameter.format(value.value), source: "calibrated",
          citation: "fitted in \(calibration.file)")
      },
      note: "Entries may set further values themselves (see each entry's file).")
    return page.document.serialized()
  }

  static func publications(_ page: ReportTemplates.Page, _ rows: [ValidationRow]) {
    let section = Sections.section(page, id: "sources", title: "Error per publication")
    let byPublication = Dictionary(grouping: rows, by: \.entry.url)
    SortableTable(
      columns: [
        .init("publication", numeric: false), .init("entries", numeric: true),
        .init("geometric-mean error", numeric: true),
      ],
      rows: byPublication.keys.sorted().map { url in
        let group = byPublication[url]!
        let error = Validation.geometricMeanError(group.map { ($0.predicted, $0.entry.value) })
        return [
          .init(url), .init(String(group.count), value: Double(group.count)),
          .init(NumberFormat.significant(error * 100, digits: 3) + "%", value: error),
        ]
      }
    ).draw(in: section)
  }

  static func entries(_ page: ReportTemplates.Page, _ rows: [ValidationRow]) {
    let section = Sections.section(page, id: "entries", title: "Predicted against reference")
    SortableTable(
      columns: [
        .init("entry", numeric: false), .init("policy", numeric: false), .init("figure", numeric: false),
        .init("reference", numeric: true), .init("predicted", numeric: true), .init("error", numeric: true),
        .init("uncalibrated error", numeric: true), .init("source", numeric: false),
      ],
      rows: rows.map { row in
        [
          .init(row.entry.id), .init(row.entry.policy.rawValue), .init(row.entry.statement),
          .init(NumberFormat.significant(row.entry.value), value: row.entry.value),
          .init(NumberFormat.significant(row.predicted), value: row.predicted),
          .init(ValidationRow.error(row.predicted, row.entry.value), value: row.relativeError),
          row.uncalibrated.map {
            .init(ValidationRow.error($0, row.entry.value), value: ($0 - row.entry.value) / row.entry.value)
          }
            ?? .init("-"),
          .init(row.entry.source + " (" + row.entry.url + ")"),
        ]
      }
    ).draw(in: section)
    let charts = section.element("div", attributes: [("class", "charts")])
    // A ratio to another policy's figure is not in the metric's unit: it gets its own chart.
    for figure in Array(Set(rows.map { ChartFigure($0.entry) })).sorted() {
      chart(figure, rows.filter { ChartFigure($0.entry) == figure }, in: charts)
    }
  }

  /// Predicted against reference for the entries of one figure, with the exact diagonal.
  static func chart(_ figure: ChartFigure, _ group: [ValidationRow], in parent: HTMLNode) {
    func shown(_ value: Double) -> Double {
      figure.ratio ? value : NumberFormat.display(figure.metric, value)
    }
    let values = group.flatMap { [shown($0.entry.value), shown($0.predicted)] }
    let low = values.min() ?? 0
    let high = values.max() ?? 1
    var chart = ParetoScatter(
      title: "Predicted against reference: \(figure.name)", xTitle: "reference \(figure.title)",
      yTitle: "predicted \(figure.title)", xBetter: .lower, yBetter: .lower,
      marks: group.map { row in
        ParetoScatter.Mark(
          x: shown(row.entry.value), y: shown(row.predicted), policy: row.entry.policy,
          tooltip:
            "\(row.entry.id): \(row.entry.statement)\nreference \(NumberFormat.significant(row.entry.value)), predicted \(NumberFormat.significant(row.predicted)) (\(ValidationRow.error(row.predicted, row.entry.value)))",
          onFront: false)
      })
    chart.reference = (
      key: "exact", label: "exact (predicted = reference)",
      points: [.init(x: low, y: low), .init(x: high, y: high)]
    )
    Sections.figure(
      parent,
      caption:
        "\(figure.name): each mark an entry, coloured by its policy; on the dashed diagonal the prediction is exact."
    ) { chart.draw(in: $0, kind: "validation") }
  }
}

/// What one validation chart plots: a metric, or a metric as a ratio to other policies' (speedup
/// is its own ratio).
struct ChartFigure: Hashable, Comparable {
  let metric: String
  let ratio: Bool

  init(_ entry: ReferenceEntry) {
    metric = entry.metric
    ratio = !entry.relativeTo.isEmpty && entry.metric != "speedup"
  }

  var name: String { ratio ? "\(metric) ratio" : metric }

  /// The axis title: the metric with its unit, or as a ratio.
  var title: String {
    ratio ? "\(NumberFormat.title(metric, withUnit: false)) ratio (x)" : NumberFormat.title(metric)
  }

  static func < (a: ChartFigure, b: ChartFigure) -> Bool {
    (a.metric, a.ratio ? 1 : 0) < (b.metric, b.ratio ? 1 : 0)
  }
}
