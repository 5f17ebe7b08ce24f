import Basics
import DesignSpace
import NDPModel
import Simulation

/// `ndpscope sensitivity ... --report FILE`: a tornado chart of each metric's elasticities, the
/// full table, and where the point's values come from.
public enum SensitivityReport {
  /// Bars per chart: the largest effects.
  static let shownBars = 15

  public static func render(
    _ analysis: Sensitivity, entries: [Sensitivity.Entry], templates: ReportTemplates,
    catalog: PresetCatalog = .shipped
  ) throws(ReportError) -> String {
    let point = analysis.point
    let percent = Int((analysis.step * 100).rounded())
    let page = try templates.page(
      title:
        "ndpscope sensitivity: \(analysis.policy.rawValue) on \(point.hardware.gpu.name) + \(point.hardware.ndpUnits) x \(point.hardware.ndp.name)",
      subtitle:
        "\(point.model.name), batch \(point.workload.batchSize), \(point.workload.promptTokens) in, \(point.workload.outputTokens) out, link \(point.hardware.link.name); \(percent)% steps"
    )
    let section = Sections.section(page, id: "tornado", title: "What matters")
    Sections.note(
      section,
      "Each bar is an elasticity: the relative change of the metric per relative change of the parameter, from \(percent)% steps down and up (0.5: \(percent)% more of the parameter gives \(percent / 2)% more of the metric; negative: less). Red raises the metric, blue lowers it: whether that is better depends on the metric (lower times, higher rates). The \(shownBars) largest effects are drawn; the table below has them all."
    )
    for (index, metric) in analysis.metrics.enumerated() {
      let bars = entries.compactMap { entry -> TornadoChart.Bar? in
        guard let value = entry.elasticities[index], abs(value) > 1e-6 else { return nil }
        return TornadoChart.Bar(label: entry.key, value: value)
      }.sorted { abs($0.value) > abs($1.value) }.prefix(shownBars)
      guard !bars.isEmpty else { continue }
      let title = NumberFormat.title(metric, withUnit: false)
      let chart = TornadoChart(
        title: "Elasticity of \(title)", valueTitle: "elasticity of \(title)", bars: Array(bars))
      Sections.figure(section, caption: "What moves \(title) (\(NumberFormat.unit(metric))) most.") {
        chart.draw(in: $0)
      }
    }
    table(page, analysis, entries)
    EvalReport.provenance(page, point, catalog: catalog)
    return page.document.serialized()
  }

  static func table(_ page: ReportTemplates.Page, _ analysis: Sensitivity, _ entries: [Sensitivity.Entry]) {
    let section = Sections.section(page, id: "elasticities", title: "Every parameter")
    var columns = [
      SortableTable.Column("parameter", numeric: false, nowrap: true),
      SortableTable.Column("value", numeric: true),
    ]
    columns += analysis.metrics.map {
      SortableTable.Column(NumberFormat.heading($0), numeric: true, help: $0)
    }
    columns.append(SortableTable.Column("note", numeric: false))
    let rows = entries.map { entry -> [SortableTable.Cell] in
      let unit = (try? ParameterRegistry.parameter(named: entry.key).unit) ?? ""
      let value = SortableTable.Cell(
        Parameter.format(entry.value) + (unit.isEmpty ? "" : " " + unit), value: entry.value)
      let elasticities = entry.elasticities.map { e in
        e.map { SortableTable.Cell(NumberFormat.significant($0, digits: 3), value: $0) }
          ?? SortableTable.Cell("-")
      }
      return [SortableTable.Cell(entry.key), value] + elasticities + [SortableTable.Cell(entry.note ?? "")]
    }
    let table = SortableTable(columns: columns, rows: rows)
    table.draw(in: section)
  }
}
