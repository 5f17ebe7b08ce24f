import DesignSpace

/// The heatmap over two swept axes: one per combination of the scenario axes not on it, so no
/// cell mixes workloads.
enum HeatmapSection {
  static func add(to page: ReportTemplates.Page, data: SweepData) {
    guard let grid = data.heat else { return }
    let metric = NumberFormat.title(grid.metric, withUnit: false)
    let section = Sections.section(
      page, id: "heatmap", title: "Best \(metric) over \(grid.x.key) and \(grid.y.key)")
    let others = data.space.axes.filter { axis in
      axis.values.count > 1 && axis.key != grid.x.key && axis.key != grid.y.key
        && !grid.groupAxes.contains { $0.key == axis.key }
    }
    var note =
      "Each cell: the best \(metric) of any design there (the oracle excluded)"
      + (others.isEmpty ? "" : ", over \(others.map(\.key).joined(separator: ", "))")
      + ", with the policy that reaches it. Darker is better. Grey (\"infeasible\"): every design there is infeasible; pale with a dashed outline (\"fails\"): the feasible ones all fail a constraint. Hover a cell for the design or the reasons."
    if grid.xBins.count < grid.x.values.count || grid.yBins.count < grid.y.values.count {
      note +=
        " Axes with many values are binned into ranges (at most \(HeatGrid.maximumColumns) columns and \(HeatGrid.maximumRows) rows)."
    }
    if !grid.groupAxes.isEmpty {
      note +=
        " One heatmap per scenario (\(grid.groupAxes.map(\.key).joined(separator: ", "))): no cell mixes workloads."
    }
    if grid.groupTotal > grid.groupCount {
      note += " The first \(grid.groupCount) of \(grid.groupTotal) scenario combinations are shown."
    }
    Sections.note(section, note)
    for group in 0..<grid.groupCount {
      let within = grid.groupAxes.isEmpty ? "" : " (\(grid.groupLabel(group)))"
      Sections.figure(
        section, caption: "Best \(metric) for each \(grid.x.key) and \(grid.y.key)\(within).", wide: true
      ) { node in
        Heatmap(grid: grid, group: group, data: data).draw(in: node, title: "Best \(metric)\(within)")
      }
    }
  }
}
