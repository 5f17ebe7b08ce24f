import Basics
import DesignSpace

/// `ndpscope compare A B --report FILE`: what changed, as a page: the rows matched and not, the
/// mean change of each metric as bars, and the table of changes.
public enum CompareReport {
  public static func render(_ c: SweepComparison, templates: ReportTemplates) throws(ReportError) -> String {
    let page = try templates.page(title: "ndpscope compare", subtitle: "\(c.pathA) -> \(c.pathB)")
    let summary = Sections.section(page, id: "summary", title: "What was compared")
    Sections.facts(
      summary,
      [
        ("before (A)", "\(c.pathA): \(Counted.text(c.rowsA, "row"))"),
        ("after (B)", "\(c.pathB): \(Counted.text(c.rowsB, "row"))"),
        ("matched", "\(c.matched) by point and policy"),
        ("only in A", listed(c.onlyA)), ("only in B", listed(c.onlyB)),
        ("feasibility changed", listed(c.feasibilityChanges)),
        (
          "inputs that differ",
          c.inputDifferences.isEmpty ? "none" : c.inputDifferences.map(\.key).joined(separator: ", ")
        ),
        ("entered the first front", c.frontEntered.map(listed) ?? "n/a (not two sweep folders)"),
        ("left the first front", c.frontLeft.map(listed) ?? "n/a (not two sweep folders)"),
      ])
    changes(page, c)
    return page.document.serialized()
  }

  static func listed(_ items: [String]) -> String {
    items.isEmpty
      ? "none"
      : "\(items.count): " + items.prefix(20).joined(separator: "; ") + (items.count > 20 ? "; ..." : "")
  }

  static func changes(_ page: ReportTemplates.Page, _ c: SweepComparison) {
    let section = Sections.section(page, id: "changes", title: "How the metrics moved")
    let changed = c.changes.filter { $0.changed > 0 }
    guard !changed.isEmpty else {
      Sections.note(section, "No metric changed on the \(c.matched) matched rows feasible on both sides.")
      return
    }
    let bars = changed.map {
      TornadoChart.Bar(label: NumberFormat.title($0.metric, withUnit: false), value: $0.meanRelative * 100)
    }
    let chart = TornadoChart(
      title: "Mean change of each metric", valueTitle: "mean change from A to B (%)", bars: bars)
    Sections.figure(
      section, caption: "The mean relative change of each metric over the rows feasible on both sides."
    ) {
      chart.draw(in: $0)
    }
    let columns = [
      SortableTable.Column("metric", numeric: false, nowrap: true),
      SortableTable.Column("compared", numeric: true),
      SortableTable.Column("changed", numeric: true), SortableTable.Column("mean change (%)", numeric: true),
      SortableTable.Column("largest change (%)", numeric: true),
      SortableTable.Column("where", numeric: false),
    ]
    let rows = changed.map { change -> [SortableTable.Cell] in
      let largest = change.largest.map { $0.relative * 100 }
      return [
        SortableTable.Cell(change.metric),
        SortableTable.Cell(String(change.compared), value: Double(change.compared)),
        SortableTable.Cell(String(change.changed), value: Double(change.changed)),
        SortableTable.Cell(
          NumberFormat.significant(change.meanRelative * 100, digits: 3), value: change.meanRelative * 100),
        SortableTable.Cell(largest.map { NumberFormat.significant($0, digits: 3) } ?? "-", value: largest),
        SortableTable.Cell(change.largest?.label ?? ""),
      ]
    }
    SortableTable(columns: columns, rows: rows).draw(in: section)
  }
}
