import DesignSpace
import Simulation

/// A scenario's Pareto designs as a sortable table: the design in words, its swept settings, the
/// objectives, the constrained metrics and the other headline figures, with units; constant
/// columns are left out.
struct FrontTable {
  let data: SweepData
  let label: DesignLabel

  var metrics: [String] {
    // The objectives, then what the constraints bound (the figure a reader checks a design by).
    let named = data.space.objectives.map(\.metric) + data.space.constraints.compactMap(\.metric)
    var metrics: [String] = []
    for key in named where !metrics.contains(key) && !data.space.axes.contains(where: { $0.key == key }) {
      metrics.append(key)
    }
    // What a design changes of the model's work comes first after the objectives: a fast design
    // that substitutes or quantizes experts is read with its accuracy risk in view.
    var extra = data.space.policies.flatMap(\.riskMetrics)
    extra += [
      "tpot_ms", "ttft_ms", "e2e_ms", "tokens_per_s", "energy_mj_per_token", "speedup", "cost_usd",
      "link_util",
    ]
    if data.space.policies.contains(where: \.substitutes) { extra.append("cache_hit_rate") }
    // A cost column with no prices is a column of zeros.
    for key in extra where !metrics.contains(key) && (key != "cost_usd" || !data.space.prices.isEmpty) {
      metrics.append(key)
    }
    return metrics
  }

  func draw(in parent: HTMLNode, rows: [ReportRow], total: Int) {
    // Numeric design axes get a column of their own to sort by; preset names are in the design.
    let axes = data.space.axes.filter { axis in
      axis.values.count > 1 && !data.space.scenarioKeys.contains(axis.key)
        && axis.values.allSatisfy { if case .number = $0 { true } else { false } }
    }
    let metrics = metrics
    var columns = [SortableTable.Column("design", numeric: false, nowrap: true)]
    columns += axes.map { SortableTable.Column(NumberFormat.heading($0.key), numeric: true, help: $0.key) }
    columns += metrics.map {
      SortableTable.Column(NumberFormat.heading($0), numeric: true, help: NumberFormat.title($0))
    }
    var table = SortableTable(
      columns: columns,
      rows: rows.map { row in
        let settings = data.expansion.settings(row.point)
        var cells = [SortableTable.Cell(label.name(row))]
        cells += axes.map { axis in
          let value = settings.last { $0.key == axis.key }!.value
          if case .number(let number) = value {
            return SortableTable.Cell(NumberFormat.setting(value), value: number)
          }
          return SortableTable.Cell(value.description)
        }
        cells += metrics.map { SortableTable.Cell.metric($0, data.columns.value(row, $0)) }
        return cells
      })
    table.dropConstantColumns = true
    let first = data.space.objectives[0]
    if let position = metrics.firstIndex(of: first.metric) {
      table.sortedBy = (1 + axes.count + position, !first.maximize)
    }
    let shown: String
    if rows.count < total {
      shown = "the first \(rows.count) of \(total) designs"
    } else {
      shown = total == 1 ? "its one design" : "all \(total) designs"
    }
    Sections.note(
      parent,
      "The Pareto front of all objectives, \(shown), best \(data.space.objectives[0].metric) first. Click a heading to sort; columns that are the same in every row are left out."
    )
    table.draw(in: parent)
  }
}
